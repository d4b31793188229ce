import Foundation
import EvalMetrics
import Kernels

/// Clustering as mteb runs it, with scikit-learn's mini-batch k-means (k = the number of labels) scored by V-measure
/// against the labels (main score `v_measure`), under one of mteb's two protocols:
/// - `legacy` (mteb's v1 tasks, `AbsTaskClusteringLegacy`): the split is one set, clustered once (batch 500);
/// - `bootstrap` (the v2 tasks, `AbsTaskClustering`): Python's `random.Random(seed)` samples the documents to embed
///   (4 % of the split by default), then each of `n_clusters` rounds clusters `max_documents_per_cluster` of them drawn
///   with replacement (batch 512); the score is the mean over rounds.
public struct ClusteringTask: TaskKind {
    public struct Options: TaskOptions {
        public var `protocol`: String?
        public var seed: UInt64?
        /// Rounds of the bootstrap protocol (mteb's name).
        public var n_clusters: Int?
        public var max_fraction_of_documents_to_embed: Double??
        public var max_document_to_embed: Int?
        public var max_documents_per_cluster: Int?
        public var k_mean_batch_size: Int?
        public var clustering_batch_size: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case `protocol`, seed, n_clusters, max_fraction_of_documents_to_embed, max_document_to_embed, max_documents_per_cluster,
                 k_mean_batch_size, clustering_batch_size
        }
        public init() {}
        public init(from decoder: Swift.Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            `protocol` = try container.decodeIfPresent(String.self, forKey: .protocol)
            seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
            n_clusters = try container.decodeIfPresent(Int.self, forKey: .n_clusters)
            // null says "embed every document", as mteb's None does; absent means mteb's default 4 %.
            if container.contains(.max_fraction_of_documents_to_embed) {
                max_fraction_of_documents_to_embed = .some(try container.decodeIfPresent(Double.self, forKey: .max_fraction_of_documents_to_embed))
            }
            max_document_to_embed = try container.decodeIfPresent(Int.self, forKey: .max_document_to_embed)
            max_documents_per_cluster = try container.decodeIfPresent(Int.self, forKey: .max_documents_per_cluster)
            k_mean_batch_size = try container.decodeIfPresent(Int.self, forKey: .k_mean_batch_size)
            clustering_batch_size = try container.decodeIfPresent(Int.self, forKey: .clustering_batch_size)
        }
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            if let name = `protocol`, !["legacy", "bootstrap"].contains(name) {
                throw EvalBenchError("protocol must be 'legacy' (mteb's v1 clustering) or 'bootstrap' (v2), got '\(name)'")
            }
            try OptionCheck.range(n_clusters, 1...1000, "n_clusters")
            // scikit-learn's random_state becomes NumPy's RandomState, which takes seeds below 2³².
            try OptionCheck.range(seed, 0...UInt64(UInt32.max), "seed")
            try OptionCheck.range(max_fraction_of_documents_to_embed ?? nil, 1e-6...1, "max_fraction_of_documents_to_embed")
            try OptionCheck.range(max_document_to_embed, 1...10_000_000, "max_document_to_embed")
            try OptionCheck.range(max_documents_per_cluster, 1...1_000_000, "max_documents_per_cluster")
            try OptionCheck.range(k_mean_batch_size, 1...1_000_000, "k_mean_batch_size")
            try OptionCheck.range(clustering_batch_size, 1...1_000_000, "clustering_batch_size")
            if (n_clusters ?? 10) * (max_documents_per_cluster ?? 16_384) > 20_000_000 {
                throw EvalBenchError("n_clusters × max_documents_per_cluster must be at most 20,000,000 (mteb's default is 10 × 16,384)")
            }
            if max_document_to_embed != nil, (max_fraction_of_documents_to_embed ?? nil) != nil {
                throw EvalBenchError("give max_document_to_embed or max_fraction_of_documents_to_embed, not both (mteb refuses both)")
            }
        }

        var bootstrap: Bool { `protocol` == "bootstrap" }
        var seedValue: UInt64 { seed ?? 42 }
        var batchSize: Int { bootstrap ? k_mean_batch_size ?? 512 : clustering_batch_size ?? 500 }
    }

    /// The documents embedded (for `bootstrap`, the sampled ones in the order drawn) and each round's rows among them.
    public struct Examples: TaskExamples {
        public var documents: [LabelledText]
        public var rounds: [[Int]]

        public var texts: [(role: TaskRole, texts: [String])] { [(.text, documents.map(\.text))] }
        public var size: String { "\(documents.count) texts, \(rounds.count) rounds" }
        /// The first `n` documents, each round keeping its rows among them.
        public func limited(to n: Int) -> Examples {
            Examples(documents: Array(documents.prefix(n)), rounds: rounds.map { $0.filter { $0 < n } })
        }
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
        guard options.bootstrap else { return Examples(documents: texts, rounds: [Array(texts.indices)]) }
        var random = PythonRandom(seed: options.seedValue)
        var documents = texts
        let fraction = options.max_fraction_of_documents_to_embed ?? 0.04
        if let limit = options.max_document_to_embed ?? fraction.map({ Int($0 * Double(texts.count)) }) {
            documents = random.sample(texts.count, min(texts.count, limit)).map { texts[$0] }
        }
        let size = options.max_documents_per_cluster ?? 16_384
        let rounds = (0..<(options.n_clusters ?? 10)).map { _ in random.choices(documents.count, size) }
        return Examples(documents: documents, rounds: rounds)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let texts = try embeddings(.text)
        let view = PrecisionView(precision, calibrateOn: texts, source: "texts of \(context.taskName)")
        let result = try ClusteringMetrics.evaluate(vectors: view.vectors(texts), labels: examples.documents.map(\.label),
                                                    rounds: examples.rounds, batchSize: options.batchSize, seed: options.seedValue)
        var notes = view.notes
        notes.seed = options.seedValue
        notes.protocol = options.bootstrap
            ? "mteb v2 (AbsTaskClustering): \(examples.documents.count) documents sampled by random.Random(\(options.seedValue)), "
                + "\(examples.rounds.count) rounds of \(examples.rounds.first?.count ?? 0) drawn with replacement, MiniBatchKMeans(batch_size=\(options.batchSize), k-means++, n_init=1, random_state=\(options.seedValue))"
            : "mteb v1 (AbsTaskClusteringLegacy): the split as one set, MiniBatchKMeans(batch_size=\(options.batchSize), k-means++, n_init=1, random_state=\(options.seedValue))"
        return EvaluationOutcome(scores: result.scores, detail: .perExperiment(result.perRound.map { ["v_measure": $0] }), notes: notes)
    }
}
