import Foundation

/// A text and its label: SPLIT.jsonl rows {text, label}.
public struct LabelledText {
    public var text: String
    public var label: String

    static func read(_ url: URL) throws -> [LabelledText] {
        try JSONLines.read(url).map { row in
            LabelledText(text: try row.string("text"), label: try row.identifier("label"))
        }
    }
}
