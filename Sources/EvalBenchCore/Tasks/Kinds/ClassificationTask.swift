import Foundation
import EvalMetrics
import Kernels

/// Classification as mteb 2.x's protocol runs it: per experiment, `samples_per_label` training texts per label drawn
/// from a seeded shuffle, scikit-learn's logistic regression fitted on their embeddings, the test split predicted;
/// scores are the mean over the experiments (main score `accuracy`). Only the training texts some experiment draws
/// are embedded (their union, as mteb 2.x encodes), not the whole training split.
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
            // NumPy's RandomState takes seeds below 2³², as mteb passes them.
            try OptionCheck.range(seed, 0...UInt64(UInt32.max), "seed")
            if let train_split { try TaskDefinition.checkName(train_split, "train_split '\(train_split)'") }
        }
    }

    public typealias Examples = DrawnExamples<LabelledText>

    public static let typeName = "Classification"
    public static let formats: [TaskDefinition.Format] = [.labelledTexts]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["accuracy", "f1", "precision", "recall", "f1_weighted", "precision_weighted", "recall_weighted", "ap", "ap_weighted"] }

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
        let draws = ClassificationMetrics.undersample(labels: train.map(\.label), samplesPerLabel: samplesPerLabel,
                                                      experiments: experimentCount, seed: seed)
        return Examples(training: train, draws: draws, test: test)
    }

    var seed: UInt64 { options.seed ?? 42 }
    var experimentCount: Int { options.n_experiments ?? 10 }
    var samplesPerLabel: Int { options.samples_per_label ?? 8 }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let train = try embeddings(.train)
        let view = PrecisionView(precision, calibrateOn: train, source: "training split of \(context.taskName)")
        let result = try ClassificationMetrics.evaluate(
            train: view.vectors(train), trainLabels: examples.train.map(\.label), experiments: examples.experiments,
            test: view.vectors(try embeddings(.test)), testLabels: examples.test.map(\.label))
        var notes = view.notes
        notes.seed = seed
        notes.protocol = "mteb 2.x: scikit-learn LogisticRegression(max_iter=100) iterates (lbfgs, L2, C = 1), \(experimentCount) experiments "
            + "of \(samplesPerLabel) training texts per label, each drawn by RandomState(\(seed)) reshuffling the last draw's order"
        return EvaluationOutcome(scores: result.scores, detail: .perExperiment(result.perExperiment), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {text, label}; classification reads a train split too
    public static let labelledTexts = Self(rawValue: "labelled-texts")
}
