import Foundation
import EvalMetrics
import Kernels

/// Bitext mining as mteb 2.x's BitextMiningEvaluator runs it: each sentence1 is matched to its most similar sentence2
/// by the model's similarity, the gold match of row i being row i; scikit-learn's weighted F1 (main score `f1`),
/// precision and recall and the accuracy of those matches. Equal best scores go to the lower row.
public struct BitextMiningTask: TaskKind {
    /// The kind's `evaluation` options.
    public struct Options: TaskOptions {
        public init() {}
        public static var keys: [String] { [] }
        public func validate() throws {}
    }

    /// The two sides, row i of one translating row i of the other.
    public struct Examples: TaskExamples {
        public var sentence1: [String]
        public var sentence2: [String]

        public var texts: [(role: TaskRole, texts: [String])] { [(.first, sentence1), (.second, sentence2)] }
        public var size: String { "\(sentence1.count) pairs" }
        /// The first `n` pairs: a smaller search, so a quick look, not a comparable score.
        public func limited(to n: Int) -> Examples { Examples(sentence1: Array(sentence1.prefix(n)), sentence2: Array(sentence2.prefix(n))) }
    }

    public static let typeName = "BitextMining"
    public static let formats: [TaskDefinition.Format] = [.sentencePairs]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["f1", "precision", "recall", "accuracy"] }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let rows = try JSONLines.read(files[0]).map { row in (try row.string("sentence1"), try row.string("sentence2")) }
        return Examples(sentence1: rows.map(\.0), sentence2: rows.map(\.1))
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let (first, second) = (try embeddings(.first), try embeddings(.second))
        let view = PrecisionView(precision, calibrateOn: first.stacked(on: second), source: "both sides of the pairs of \(context.taskName)")
        let lowerRowFirst = Array((0..<second.rows).reversed())
        let nearest = ExactSearch.topK(queries: view.apply(first), documents: view.apply(second), k: 1, tieRank: lowerRowFirst,
                                       similarity: context.similarity, threads: context.threads)
        let result = try BitextMiningMetrics.evaluate(predicted: nearest.map { $0[0].index })
        var notes = view.notes
        notes.protocol = "mteb 2.x BitextMiningEvaluator: nearest sentence2 of each sentence1 by the model's similarity (ties to the lower row); "
            + "scikit-learn weighted precision, recall and F1 over gold rows, zero where undefined"
        let perRow = Dictionary(uniqueKeysWithValues: result.perRow.enumerated().map { (String($0.offset), $0.element) })
        return EvaluationOutcome(scores: result.scores, detail: .perQuery(perRow), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {sentence1, sentence2}, row i of one side the translation of row i of the other
    public static let sentencePairs = Self(rawValue: "sentence-pairs")
}
