import Foundation
import EvalMetrics
import Kernels

/// Regression as mteb 2.x's AbsTaskRegression runs it: scikit-learn's `LinearRegression` fitted on the training
/// split's embeddings and values, the test split predicted; mae, mse, rmse, r2 and Kendall's tau (main score
/// `kendalltau`). mteb draws `n_samples` (2048) training rows per experiment only from a larger training split, with
/// Hugging Face datasets' stratified split; evalbench does not reproduce that draw and refuses such a split. With every
/// training row used, mteb's experiments are one deterministic fit repeated, so evalbench fits once.
public struct RegressionTask: TaskKind {
    /// The protocol's `evaluation` options (mteb's defaults when absent).
    public struct Options: TaskOptions {
        /// Training splits may hold at most this many rows (mteb's `n_samples`, 2048), all of which are used.
        public var n_samples: Int?
        /// The split the regression is fitted on.
        public var train_split: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case n_samples, train_split }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            try OptionCheck.range(n_samples, 1...1_000_000, "n_samples")
            if let train_split { try TaskDefinition.checkName(train_split, "train_split '\(train_split)'") }
        }
    }

    /// A text and its gold value: SPLIT.jsonl rows {text, value}.
    public struct Row {
        public var text: String
        public var value: Double

        static func read(_ url: URL) throws -> [Row] {
            try JSONLines.read(url).map { row in Row(text: try row.string("text"), value: try row.number("value")) }
        }
    }

    /// The training and test texts with their values.
    public struct Examples: TaskExamples {
        public var train: [Row]
        public var test: [Row]

        public var texts: [(role: TaskRole, texts: [String])] { [(.train, train.map(\.text)), (.test, test.map(\.text))] }
        public var size: String { "\(train.count) train, \(test.count) test" }
        /// The first `n` test texts; the training split stays whole.
        public func limited(to n: Int) -> Examples { Examples(train: train, test: Array(test.prefix(n))) }
    }

    public static let typeName = "Regression"
    public static let formats: [TaskDefinition.Format] = [.valuedTexts]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["mae", "mse", "rmse", "r2", "kendalltau"] }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        [options.train_split ?? "train", split].map { folder.appendingPathComponent("\($0).jsonl") }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let (train, test) = (try Row.read(files[0]), try Row.read(files[1]))
        let limit = options.n_samples ?? 2048
        if train.count > limit {
            throw EvalBenchError("\(files[0].path): \(train.count) training rows, more than n_samples (\(limit)); mteb would draw \(limit) of them with "
                + "Hugging Face datasets' stratified split, which evalbench does not reproduce: cut the split to \(limit) rows or raise n_samples")
        }
        if let first = test.first, Set(test.map(\.value)).count == 1 {
            throw EvalBenchError("\(files[1].path): every value is the same (\(first.value)) over \(test.count) rows, so Kendall's tau is undefined")
        }
        return Examples(train: train, test: test)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let train = try embeddings(.train)
        let view = PrecisionView(precision, calibrateOn: train, source: "training split of \(context.taskName)")
        let model = try LinearRegression(fitting: view.vectors(train), targets: examples.train.map(\.value))
        let scores = try RegressionMetrics.scores(gold: examples.test.map(\.value), predicted: model.predict(view.vectors(try embeddings(.test))))
        var notes = view.notes
        notes.protocol = "mteb 2.x AbsTaskRegression: scikit-learn LinearRegression (least squares with intercept, tol 1e-6) on all "
            + "\(examples.train.count) training rows (mteb's experiments repeat this one fit when the split holds at most n_samples rows)"
        return EvaluationOutcome(scores: scores, detail: .perExperiment([scores]), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {text, value}; regression reads a train split too
    public static let valuedTexts = Self(rawValue: "valued-texts")
}
