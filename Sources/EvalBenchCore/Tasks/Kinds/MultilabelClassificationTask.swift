import Foundation
import EvalMetrics
import Kernels

/// Multilabel classification as mteb 2.x's AbsTaskMultilabelClassification runs it: per experiment, training rows
/// drawn by the task's `default_rng(seed)` until each label has `samples_per_label` examples, scikit-learn's
/// `KNeighborsClassifier(n_neighbors=5)` fitted on their embeddings, the test split predicted; scores are the mean
/// over the experiments (main score `accuracy`, the subset accuracy). Only the drawn training texts are embedded.
/// mteb cuts test splits above `max_eval_samples` (3000) by iterative stratification, which evalbench does not
/// reproduce: such splits are refused.
public struct MultilabelClassificationTask: TaskKind {
    /// The protocol's `evaluation` options (mteb's defaults when absent).
    public struct Options: TaskOptions {
        public var samples_per_label: Int?
        public var n_experiments: Int?
        public var seed: UInt64?
        /// The split the classifier is trained on.
        public var train_split: String?
        /// Test splits may hold at most this many rows (mteb's `max_eval_samples`, 3000).
        public var max_eval_samples: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case samples_per_label, n_experiments, seed, train_split, max_eval_samples }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            try OptionCheck.range(samples_per_label, 1...100_000, "samples_per_label")
            try OptionCheck.range(n_experiments, 1...1000, "n_experiments")
            try OptionCheck.range(seed, 0...UInt64(UInt32.max), "seed")
            try OptionCheck.range(max_eval_samples, 1...10_000_000, "max_eval_samples")
            if let train_split { try TaskDefinition.checkName(train_split, "train_split '\(train_split)'") }
        }
    }

    /// A text and its labels: SPLIT.jsonl rows {text, labels: [..]}.
    public struct Row: TextRow {
        public var text: String
        public var labels: [String]

        static func read(_ url: URL) throws -> [Row] {
            try JSONLines.read(url).map { row in Row(text: try row.string("text"), labels: try row.identifiers("labels")) }
        }
    }

    public typealias Examples = DrawnExamples<Row>

    public static let typeName = "MultilabelClassification"
    public static let formats: [TaskDefinition.Format] = [.multilabelledTexts]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["accuracy", "f1", "lrap", "hamming"] }

    var seed: UInt64 { options.seed ?? 42 }
    var experimentCount: Int { options.n_experiments ?? 10 }
    var samplesPerLabel: Int { options.samples_per_label ?? 8 }
    static let neighbours = 5

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        [options.train_split ?? "train", split].map { folder.appendingPathComponent("\($0).jsonl") }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let (train, test) = (try Row.read(files[0]), try Row.read(files[1]))
        let limit = options.max_eval_samples ?? 3000
        if test.count > limit {
            throw EvalBenchError("\(files[1].path): \(test.count) rows, more than max_eval_samples (\(limit)); mteb would keep \(limit) of them by "
                + "iterative stratification, which evalbench does not reproduce: cut the split to \(limit) rows or raise max_eval_samples")
        }
        if !test.isEmpty, test.allSatisfy({ $0.labels.isEmpty }) {
            throw EvalBenchError("\(files[1].path): no row has a label, so there is nothing to classify")
        }
        let draws = MultilabelClassificationMetrics.undersample(labels: train.map(\.labels), samplesPerLabel: samplesPerLabel,
                                                                experiments: experimentCount, seed: seed)
        if let small = draws.first(where: { $0.count < Self.neighbours }) {
            throw EvalBenchError("\(files[0].path): an experiment draws \(small.count) training rows, fewer than the \(Self.neighbours) neighbours "
                + "the classifier votes with; the split needs more labelled rows")
        }
        return Examples(training: train, draws: draws, test: test)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let train = try embeddings(.train)
        let view = PrecisionView(precision, calibrateOn: train, source: "training split of \(context.taskName)")
        let result = try MultilabelClassificationMetrics.evaluate(
            train: view.vectors(train), trainLabels: examples.train.map(\.labels), experiments: examples.experiments,
            test: view.vectors(try embeddings(.test)), testLabels: examples.test.map(\.labels), neighbours: Self.neighbours)
        var notes = view.notes
        notes.seed = seed
        notes.protocol = "mteb 2.x: scikit-learn KNeighborsClassifier(n_neighbors=\(Self.neighbours)) on binarised labels, \(experimentCount) experiments "
            + "drawing rows until each label has \(samplesPerLabel), shuffled by one default_rng(\(seed)) running across the experiments"
        return EvaluationOutcome(scores: result.scores, detail: .perExperiment(result.perExperiment), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {text, labels: [..]}; multilabel classification reads a train split too
    public static let multilabelledTexts = Self(rawValue: "multilabelled-texts")
}
