import Foundation

/// Reads the texts to embed: `.txt` (one text per line) or `.jsonl` (one object per line, the text in `field`).
public enum TextInput {
    public static func read(_ url: URL, field: String?) throws -> [String] {
        guard let content = try? String(contentsOf: url, encoding: .utf8) else {
            throw EvalBenchError("\(url.path) cannot be read as UTF-8 text")
        }
        var lines = content.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        switch url.pathExtension.lowercased() {
        case "jsonl":
            guard let field else { throw EvalBenchError("\(url.path) is JSONL: name the text field with --field") }
            return try lines.enumerated().map { number, line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw EvalBenchError("\(url.path):\(number + 1): not a JSON object")
                }
                guard let text = object[field] as? String else {
                    throw EvalBenchError("\(url.path):\(number + 1): no string field '\(field)'")
                }
                return text
            }
        default:
            return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        }
    }
}
