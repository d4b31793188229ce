import Foundation
import EvalMetrics
import Kernels

/// Pair classification: whether each pair is a duplicate (label 1) or not (0), told apart by a threshold on the
/// similarity; accuracy, F1 and average precision per similarity (main score `max_ap`).
public struct PairClassificationTask: TaskKind {
    /// Pair classification has no options.
    public struct Options: TaskOptions {
        public init() {}
        public static var keys: [String] { [] }
        public func validate() throws {}
    }

    public struct Examples: TaskExamples {
        public var pairs: [TextPair]
        public var labels: [Int] { pairs.map { Int($0.score) } }

        public var texts: [(role: TaskRole, texts: [String])] { [(.first, pairs.map(\.first)), (.second, pairs.map(\.second))] }
        public var size: String { "\(pairs.count) pairs" }
        public func limited(to n: Int) -> Examples { Examples(pairs: Array(pairs.prefix(n))) }
    }

    public static let typeName = "PairClassification"
    public static let formats: [TaskDefinition.Format] = [.pairs]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> {
        let measures = ["accuracy", "accuracy_threshold", "f1", "precision", "recall", "f1_threshold", "ap"]
        return Set((SimilarityFunction.allCases.map(\.rawValue) + ["similarity"]).flatMap { kind in measures.map { "\(kind)_\($0)" } }
            + ["accuracy", "f1", "precision", "recall", "ap"].map { "max_\($0)" })
    }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let pairs = try TextPair.read(files[0], scoreField: "label", range: 0...1)
        for (i, pair) in pairs.enumerated() where pair.score != 0 && pair.score != 1 {
            throw EvalBenchError("\(files[0].path): pair \(i + 1) has label \(pair.score); labels are 0 or 1")
        }
        if let first = pairs.first, Set(pairs.map(\.score)).count != 2 {
            throw EvalBenchError("\(files[0].path): every pair has label \(Int(first.score)); average precision needs both 0 and 1")
        }
        return Examples(pairs: pairs)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let (first, second) = (try embeddings(.first), try embeddings(.second))
        let view = PrecisionView(precision, calibrateOn: first.stacked(on: second), source: "both sides of the pairs of \(context.taskName)")
        let labels = examples.labels
        let result = try PairClassificationMetrics.evaluate(first: view.vectors(first), second: view.vectors(second), labels: labels,
                                                            similarity: context.similarity)
        return EvaluationOutcome(scores: result.scores, detail: .averagePrecision(labels: labels, similarities: result.similarities), notes: view.notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {sentence1, sentence2, label 0/1}
    public static let pairs = Self(rawValue: "pairs")
}
