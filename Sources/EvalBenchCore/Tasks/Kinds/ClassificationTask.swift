import Foundation
import EvalMetrics
import Kernels

/// Classification as mteb's protocol runs it: per experiment, `samples_per_label` training texts per label drawn
/// from a seeded shuffle, logistic regression fitted on their embeddings, the test split predicted; scores are the
/// mean over the experiments (main score `accuracy`).
public struct ClassificationTask: TaskKind {
    public struct Options: TaskOptions {
        public var samples_per_label: Int?
        public var n_experiments: Int?
        public var seed: UInt64?
        /// The split the classifier is trained on.
        public var train_split: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case samples_per_label, n_experiments, seed, train_split }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            try OptionCheck.range(samples_per_label, 1...100_000, "samples_per_label")
            try OptionCheck.range(n_experiments, 1...1000, "n_experiments")
            if let train_split { try TaskDefinition.checkName(train_split, "train_split '\(train_split)'") }
        }
    }

    /// The labelled training and test texts.
    public struct Examples: TaskExamples {
        public var train: [LabelledText]
        public var test: [LabelledText]

        public var texts: [(role: TaskRole, texts: [String])] { [(.train, train.map(\.text)), (.test, test.map(\.text))] }
        public var size: String { "\(train.count) train, \(test.count) test" }
        /// The first `n` test texts; the training split stays whole.
        public func limited(to n: Int) -> Examples { Examples(train: train, test: Array(test.prefix(n))) }
    }

    public static let typeName = "Classification"
    public static let formats: [TaskDefinition.Format] = [.labelledTexts]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["accuracy", "f1", "precision", "recall", "f1_weighted", "ap"] }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        [options.train_split ?? "train", split].map { folder.appendingPathComponent("\($0).jsonl") }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let (train, test) = (try LabelledText.read(files[0]), try LabelledText.read(files[1]))
        let trained = Set(train.map(\.label))
        if let first = train.first, trained.count < 2 {
            throw EvalBenchError("\(files[0].path): every training text has the label '\(first.label)'; classification needs two or more")
        }
        let unseen = Set(test.map(\.label)).subtracting(trained).sorted()
        if !unseen.isEmpty {
            throw EvalBenchError("\(files[1].path): \(unseen.count) test labels never occur in \(files[0].lastPathComponent), so no classifier can predict them: "
                + unseen.prefix(5).map(\.debugDescription).joined(separator: ", ") + (unseen.count > 5 ? ", …" : ""))
        }
        return Examples(train: train, test: test)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let train = try embeddings(.train)
        let view = PrecisionView(precision, calibrateOn: train, source: "training split of \(context.taskName)")
        let seed = options.seed ?? 42, experiments = options.n_experiments ?? 10, samples = options.samples_per_label ?? 8
        let result = try ClassificationMetrics.evaluate(
            train: view.vectors(train), trainLabels: examples.train.map(\.label),
            test: view.vectors(try embeddings(.test)), testLabels: examples.test.map(\.label),
            samplesPerLabel: samples, experiments: experiments, seed: seed)
        var notes = view.notes
        notes.seed = seed
        notes.protocol = "logistic regression (L2, C = 1, L-BFGS, 100 iterations), \(experiments) experiments, \(samples) training samples per label"
        return EvaluationOutcome(scores: result.scores, detail: .perExperiment(result.perExperiment), notes: notes)
    }
}
