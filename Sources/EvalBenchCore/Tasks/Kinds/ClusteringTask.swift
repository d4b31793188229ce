import Foundation
import EvalMetrics
import Kernels

/// Clustering: mini-batch k-means with k the number of labels, scored by v-measure against the labels, averaged over
/// seeded rounds (main score `v_measure`).
public struct ClusteringTask: TaskKind {
    public struct Options: TaskOptions {
        public var n_experiments: Int?
        public var seed: UInt64?

        enum CodingKeys: String, CodingKey, CaseIterable { case n_experiments, seed }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws { try OptionCheck.range(n_experiments, 1...1000, "n_experiments") }
    }

    public struct Examples: TaskExamples {
        public var documents: [LabelledText]

        public var texts: [(role: TaskRole, texts: [String])] { [(.text, documents.map(\.text))] }
        public var size: String { "\(documents.count) texts" }
        public func limited(to n: Int) -> Examples { Examples(documents: Array(documents.prefix(n))) }
    }

    public static let typeName = "Clustering"
    public static let formats: [TaskDefinition.Format] = [.labelledTexts]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["v_measure", "v_measure_std"] }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let texts = try LabelledText.read(files[0])
        if let first = texts.first, Set(texts.map(\.label)).count < 2 {
            throw EvalBenchError("\(files[0].path): every text has the label '\(first.label)'; clustering needs two or more")
        }
        return Examples(documents: texts)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let texts = try embeddings(.text)
        let view = PrecisionView(precision, calibrateOn: texts, source: "texts of \(context.taskName)")
        let seed = options.seed ?? 42, rounds = options.n_experiments ?? 10
        let result = try ClusteringMetrics.evaluate(vectors: view.vectors(texts), labels: examples.documents.map(\.label), rounds: rounds, seed: seed)
        var notes = view.notes
        notes.seed = seed
        notes.protocol = "mini-batch k-means (k-means++, batch 500), k = number of labels, \(rounds) seeded rounds over the whole set"
        return EvaluationOutcome(scores: result.scores, detail: .perExperiment(result.perRound.map { ["v_measure": $0] }), notes: notes)
    }
}
