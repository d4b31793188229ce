import Foundation

/// Reads the texts to embed: `.txt` (one text per line) or `.jsonl` (one object per line, the text in `field`).
public enum TextInput {
    /// The texts of `url`; LF and CRLF line ends alike.
    public static func read(_ url: URL, field: String?) throws -> [String] {
        switch url.pathExtension.lowercased() {
        case "jsonl":
            guard let field else { throw EvalBenchError("\(url.path) is JSONL: name the text field with --field") }
            return try JSONLines.read(url).map { try $0.string(field) }
        default:
            return try TextLines.read(url)
        }
    }
}
