import Foundation
import EvalMetrics
import Kernels

/// Instruction retrieval as mteb 2.x runs its InstructionRetrieval tasks (IFIR, InstructIR): retrieval over the whole
/// corpus, each query's instruction appended to its text (`query + " " + instruction`), scored as Retrieval scores
/// (trec_eval semantics; IFIR's main score is `ndcg_at_20`). Task-specific extras some of those tasks add (IFIR's
/// nested `level_scores`) are not computed.
public struct InstructionRetrievalTask: TaskKind {
    public typealias Options = RankingOptions

    public typealias Examples = RetrievalTask.Examples

    public static let typeName = "InstructionRetrieval"
    public static let formats: [TaskDefinition.Format] = [.instructionBEIR]
    public let options: Options
    public init(options: Options) { self.options = options }

    /// The retrieval kind that scores the instructed queries, with these cutoffs.
    var retrieval: RetrievalTask {
        var retrievalOptions = RetrievalTask.Options()
        retrievalOptions.k_values = options.k_values
        return RetrievalTask(options: retrievalOptions)
    }

    public var metrics: Set<String> { retrieval.metrics }

    /// corpus.jsonl, queries.jsonl {_id, text, instruction}, qrels/SPLIT.tsv.
    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        ["corpus.jsonl", "queries.jsonl", "qrels/\(split).tsv"].map { folder.appendingPathComponent($0) }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        var corpus: [(id: String, text: String)] = [], seen = Set<String>()
        try JSONLines.forEach(files[0]) { row in
            corpus.append(try BEIRReader.document(row, seen: &seen))
            return true
        }
        let queries = try InstructedQueries.read(files[1])
        let (qrels, warnings) = try BEIRReader.readQrels(files[2], queryIDs: Set(queries.map(\.id)), documentIDs: seen)
        return Examples(corpus: corpus, queries: queries.filter { qrels[$0.id] != nil }.map { ($0.id, $0.text) }, qrels: qrels, warnings: warnings)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        var outcome = try retrieval.evaluate(examples, embeddings: embeddings, precision: precision, context: context)
        outcome.notes.protocol = "mteb 2.x InstructionRetrieval: each query's instruction appended to its text; " + (outcome.notes.protocol ?? "")
        return outcome
    }

    public func ranking(_ examples: Examples, embeddings: RoleEmbeddings, k: Int, context: EvaluationContext) throws -> [String: [String: Double]]? {
        try retrieval.ranking(examples, embeddings: embeddings, k: k, context: context)
    }
}

extension TaskDefinition.Format {
    /// BEIR's layout with an `instruction` on each query
    public static let instructionBEIR = Self(rawValue: "instruction-beir")
}
