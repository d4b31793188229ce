import Foundation

/// Reads the texts to embed: `.txt` (one text per line) or `.jsonl` (one object per line, the text in `field`).
public enum TextInput {
    public static func read(_ url: URL, field: String?) throws -> [String] {
        guard let content = try? String(contentsOf: url, encoding: .utf8) else {
            throw EvalBenchError("\(url.path) cannot be read as UTF-8 text")
        }
        switch url.pathExtension.lowercased() {
        case "jsonl":
            guard let field else { throw EvalBenchError("\(url.path) is JSONL: name the text field with --field") }
            return try JSONLines.read(url).map { try $0.string(field) }
        default:
            var lines = content.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        }
    }
}
