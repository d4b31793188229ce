import Foundation

/// A text and its label: SPLIT.jsonl rows {text, label}.
public struct LabelledText {
    public var text: String
    public var label: String

    static func read(_ url: URL) throws -> [LabelledText] {
        try JSONLines.read(url).map { row in
            guard let label = try row.optionalString("label") else { throw EvalBenchError("\(url.path):\(row.line): missing label") }
            return LabelledText(text: try row.string("text"), label: label)
        }
    }
}
