import Foundation
import EvalMetrics
import Kernels

/// Summarization as mteb 2.x's AbsTaskSummarization runs it (SummEvalSummarization.v2): machine summaries are scored by
/// their best similarity to the human summaries of the same text, and correlated per text with human relevance scores
/// (main score `cosine_spearman`, the mean over texts). The source texts themselves are not embedded, as in mteb.
public struct SummarizationTask: TaskKind {
    /// The optional relevance normalisation (`min_score`, `max_score`).
    public struct Options: TaskOptions {
        /// The relevance scale: scores must lie in [min_score, max_score] and are mapped onto 0…1, as mteb normalises
        /// them (a linear map, which changes no correlation). Both or neither.
        public var min_score: Double?
        public var max_score: Double?

        enum CodingKeys: String, CodingKey, CaseIterable { case min_score, max_score }
        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            guard (min_score == nil) == (max_score == nil) else { throw EvalBenchError("min_score and max_score go together: give both or neither") }
            if let min_score, let max_score, !(min_score.isFinite && max_score.isFinite && min_score < max_score) {
                throw EvalBenchError("min_score must be below max_score, both finite numbers (0 and 5 for SummEval), got \(min_score) and \(max_score)")
            }
        }
    }

    /// One text's human and machine summaries and the relevance of each machine summary.
    public struct Text {
        public var human: [String]
        public var machine: [String]
        public var relevance: [Double]
    }

    /// The texts, each with its human and machine summaries and their relevance.
    public struct Examples: TaskExamples {
        /// The split's rows, in file order.
        public var rows: [Text]

        public var texts: [(role: TaskRole, texts: [String])] {
            [(.humanSummary, rows.flatMap(\.human)), (.machineSummary, rows.flatMap(\.machine))]
        }
        public var size: String { "\(rows.count) texts, \(rows.reduce(0) { $0 + $1.machine.count }) machine summaries" }
        public func limited(to n: Int) -> Examples { Examples(rows: Array(rows.prefix(n))) }
    }

    public static let typeName = "Summarization"
    public static let formats: [TaskDefinition.Format] = [.summaries]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { ["cosine_spearman", "cosine_pearson", "dot_spearman", "dot_pearson", "spearman", "pearson"] }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let texts = try JSONLines.read(files[0]).map { row -> Text in
            _ = try row.string("text")  // the source text: required as in mteb's datasets, never embedded
            let human = try row.strings("human_summaries"), machine = try row.strings("machine_summaries")
            var relevance = try row.numbers("relevance")
            guard !human.isEmpty else { throw EvalBenchError("\(row.file):\(row.line): field 'human_summaries' is empty") }
            guard !machine.isEmpty else { throw EvalBenchError("\(row.file):\(row.line): field 'machine_summaries' is empty") }
            guard relevance.count == machine.count else {
                throw EvalBenchError("\(row.file):\(row.line): field 'relevance' holds \(relevance.count) scores for \(machine.count) machine summaries")
            }
            if let low = options.min_score, let high = options.max_score {
                if let outside = relevance.first(where: { !(low...high).contains($0) }) {
                    throw EvalBenchError("\(row.file):\(row.line): field 'relevance' holds \(outside), outside min_score…max_score \(low)…\(high)")
                }
                relevance = relevance.map { ($0 - low) / (high - low) }
            }
            return Text(human: human, machine: machine, relevance: relevance)
        }
        return Examples(rows: texts)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let (human, machine) = (try embeddings(.humanSummary), try embeddings(.machineSummary))
        let view = PrecisionView(precision, calibrateOn: machine.stacked(on: human), source: "machine and human summaries of \(context.taskName)")
        var texts: [SummarizationMetrics.Text] = [], (m, h) = (0, 0)
        for text in examples.rows {
            texts.append(.init(machine: m..<(m + text.machine.count), human: h..<(h + text.human.count), relevance: text.relevance))
            (m, h) = (m + text.machine.count, h + text.human.count)
        }
        let result = try SummarizationMetrics.evaluate(machine: view.vectors(machine), human: view.vectors(human), texts: texts, similarity: context.similarity)
        var notes = view.notes
        notes.protocol = "mteb 2.x SummarizationEvaluator: per text, correlations of each machine summary's best similarity to a human summary with "
            + "its relevance; mean over the \(result.perText.count) of \(texts.count) texts whose scores are not all equal"
        let detail = TaskDetail.perQuery(Dictionary(uniqueKeysWithValues: result.perText.map { (String($0.key), $0.value) }))
        return EvaluationOutcome(scores: result.scores, detail: detail, notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {text, human_summaries: [..], machine_summaries: [..], relevance: [..]}
    public static let summaries = Self(rawValue: "summaries")
}
