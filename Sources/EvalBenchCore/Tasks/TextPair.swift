import Foundation

/// Two texts and a gold score (STS) or a 0/1 label (pair classification).
public struct TextPair {
    public var first: String
    public var second: String
    public var score: Double

    /// SPLIT.jsonl rows {sentence1, sentence2, FIELD}, FIELD a finite number within `range` when one is given.
    static func read(_ url: URL, scoreField: String, range: ClosedRange<Double>?) throws -> [TextPair] {
        try JSONLines.read(url).map { row in
            let score = try row.number(scoreField)
            if let range, !range.contains(score) {
                throw EvalBenchError("\(url.path):\(row.line): field '\(scoreField)' is \(score), outside \(range.lowerBound)…\(range.upperBound)")
            }
            return TextPair(first: try row.string("sentence1"), second: try row.string("sentence2"), score: score)
        }
    }
}
