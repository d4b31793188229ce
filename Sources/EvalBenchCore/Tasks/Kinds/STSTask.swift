import Foundation
import EvalMetrics
import Kernels

/// Semantic textual similarity: the correlation of each pair's embedding similarity with its gold score (main score
/// `cosine_spearman`), as mteb computes it.
public struct STSTask: TaskKind {
    public struct Options: TaskOptions {
        /// Gold scores are divided by this (5 maps 0–5 onto 0–1; it does not change correlations), and must lie in
        /// [0, score_scale] when it is given.
        public var score_scale: Double?

        enum CodingKeys: String, CodingKey, CaseIterable { case score_scale }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            if let score_scale, !(score_scale > 0 && score_scale.isFinite && score_scale <= 1e6) {
                throw EvalBenchError("score_scale must be a positive number up to 1e6 (5 for scores from 0 to 5), got \(score_scale)")
            }
        }
    }

    /// Two texts and a gold score.
    public struct Examples: TaskExamples {
        public var pairs: [TextPair]

        public var texts: [(role: TaskRole, texts: [String])] { [(.first, pairs.map(\.first)), (.second, pairs.map(\.second))] }
        public var size: String { "\(pairs.count) pairs" }
        public func limited(to n: Int) -> Examples { Examples(pairs: Array(pairs.prefix(n))) }
    }

    public static let typeName = "STS"
    public static let formats: [TaskDefinition.Format] = [.stsPairs]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> {
        Set(["cosine", "euclidean", "manhattan"].flatMap { ["\($0)_pearson", "\($0)_spearman"] } + ["pearson", "spearman"])
    }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let range = options.score_scale.map { 0...$0 }
        let pairs = try TextPair.read(files[0], scoreField: "score", range: range).map { pair -> TextPair in
            var scaled = pair
            scaled.score = pair.score / (options.score_scale ?? 1)
            return scaled
        }
        if let first = pairs.first, pairs.count < 2 || Set(pairs.map(\.score)).count == 1 {
            throw EvalBenchError("\(files[0].path): every gold score is the same (\(first.score)) over \(pairs.count) pairs, so no correlation is defined")
        }
        return Examples(pairs: pairs)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let (first, second) = (try embeddings(.first), try embeddings(.second))
        let view = PrecisionView(precision, calibrateOn: first.stacked(on: second), source: "both sides of the pairs of \(context.taskName)")
        let gold = examples.pairs.map(\.score)
        let result = try STSMetrics.evaluate(first: view.vectors(first), second: view.vectors(second), gold: gold, similarity: context.similarity)
        return EvaluationOutcome(scores: result.scores, detail: .correlation(gold: gold, similarities: result.similarities), notes: view.notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {sentence1, sentence2, score}
    public static let stsPairs = Self(rawValue: "sts-pairs")
}
