import Foundation
import EvalMetrics
import Kernels

/// Instruction reranking as mteb 2.x runs FollowIR's tasks (Core17, News21, Robust04 InstructionRetrieval, type
/// InstructionReranking): each query appears twice, `ID-og` with its original instruction and `ID-changed` with an
/// altered one, the instruction appended to the query text (`query + " " + instruction`); each query's candidates are
/// ranked by the model's similarity (its best max(k_values)); main score `p-MRR` on the documents whose relevance the
/// change altered, beside the retrieval metrics over all queries and, prefixed `og_` and `changed_`, over each half
/// (mteb nests these as `og` and `changed`). Only the documents some candidate list names are embedded.
public struct InstructionRerankingTask: TaskKind {
    public typealias Options = RankingOptions

    /// The instructed queries, their candidates, the judgements and the documents the change made non-relevant.
    public struct Examples: TaskExamples {
        /// The documents the candidate lists name, by id.
        public var corpus: [(id: String, text: String)]
        /// Judged queries, each its text and instruction joined.
        public var queries: [(id: String, text: String)]
        /// Query id → its candidates' document ids.
        public var candidates: [String: [String]]
        public var qrels: [String: [String: Int]]
        /// Base query id → documents whose relevance the changed instruction alters.
        public var changed: [String: [String]]
        public var warnings: [String]

        public var texts: [(role: TaskRole, texts: [String])] { [(.query, queries.map(\.text)), (.document, corpus.map(\.text))] }
        public var size: String { "\(queries.count) queries, \(corpus.count) candidate documents" }
        /// The first `n` queries with their twins (`ID-og` and `ID-changed` go together).
        public func limited(to n: Int) -> Examples {
            let kept = Set(queries.prefix(n).map { InstructionRerankingTask.base($0.id) })
            var copy = self
            copy.queries = queries.filter { kept.contains(InstructionRerankingTask.base($0.id)) }
            return copy
        }
    }

    public static let typeName = "InstructionReranking"
    public static let formats: [TaskDefinition.Format] = [.instructionReranking]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> {
        let retrieval = RankingCutoffs.metrics(options.kValues)
        return retrieval.union(retrieval.map { "og_\($0)" }).union(retrieval.map { "changed_\($0)" }).union(["p-MRR"])
    }

    /// corpus.jsonl, queries.jsonl {_id, text, instruction}, qrels/SPLIT.tsv, top_ranked/SPLIT.jsonl
    /// {query-id, corpus-ids}, qrel_diff.jsonl {query-id, corpus-ids}.
    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        ["corpus.jsonl", "queries.jsonl", "qrels/\(split).tsv", "top_ranked/\(split).jsonl", "qrel_diff.jsonl"].map { folder.appendingPathComponent($0) }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        var documents: [String: String] = [:], seen = Set<String>()
        try JSONLines.forEach(files[0]) { row in
            let (id, text) = try BEIRReader.document(row, seen: &seen)
            documents[id] = text
            return true
        }
        let queries = try InstructedQueries.read(files[1])
        if let odd = queries.first(where: { !$0.id.hasSuffix("-og") && !$0.id.hasSuffix("-changed") }) {
            throw EvalBenchError("\(files[1].path):\(odd.line): query id '\(odd.id)' ends neither in -og nor in -changed (FollowIR's pairs)")
        }
        let queryIDs = Set(queries.map(\.id))
        let (qrels, warnings) = try BEIRReader.readQrels(files[2], queryIDs: queryIDs, documentIDs: seen)
        let candidates = try Self.idLists(files[3], known: seen)
        let changed = try Self.idLists(files[4], known: seen)
        let judged = queries.filter { qrels[$0.id] != nil }.map { (id: $0.id, text: $0.text) }
        for query in judged where (candidates[query.id] ?? []).isEmpty {
            throw EvalBenchError("\(files[3].path): query '\(query.id)' has no candidates")
        }
        for half in ["-og", "-changed"] where !judged.contains(where: { $0.id.hasSuffix(half) }) {
            throw EvalBenchError("\(files[2].path): no \(half) query is judged; FollowIR's tasks need both halves")
        }
        if changed.values.allSatisfy(\.isEmpty) { throw EvalBenchError("\(files[4].path): no document changes relevance, so p-MRR is undefined") }
        let named = Set(judged.flatMap { candidates[$0.id]! }).sorted()
        return Examples(corpus: named.map { ($0, documents[$0]!) }, queries: judged, candidates: candidates, qrels: qrels, changed: changed,
                        warnings: warnings)
    }

    /// A query id without its `-og` or `-changed` ending.
    static func base(_ id: String) -> String {
        String(id.dropLast(id.hasSuffix("-og") ? 3 : id.hasSuffix("-changed") ? 8 : 0))
    }

    /// JSONL rows {query-id, corpus-ids: [..]}: query id → document ids, each a document of the corpus.
    static func idLists(_ url: URL, known documents: Set<String>) throws -> [String: [String]] {
        var lists: [String: [String]] = [:]
        for row in try JSONLines.read(url) {
            let query = try row.identifier("query-id"), ids = try row.identifiers("corpus-ids")
            guard lists[query] == nil else { throw EvalBenchError("\(row.file):\(row.line): query '\(query)' is listed twice") }
            if let unknown = ids.first(where: { !documents.contains($0) }) {
                throw EvalBenchError("\(row.file):\(row.line): field 'corpus-ids' names '\(unknown)', which is not in the corpus")
            }
            lists[query] = ids
        }
        return lists
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let documents = try embeddings(.document), queries = try embeddings(.query)
        let view = PrecisionView(precision, calibrateOn: documents, source: "candidates of \(context.taskName)")
        let row = Dictionary(uniqueKeysWithValues: examples.corpus.enumerated().map { ($1.id, $0) })
        let kValues = options.kValues
        var run: [String: [String: Double]] = [:]
        for (qi, query) in examples.queries.enumerated() {
            let ids = examples.candidates[query.id]!
            let slice = EmbeddingMatrix(rows: ids.count, dimension: documents.dimension, values: ids.flatMap { documents.row(row[$0]!) })
            let search = Search(queryIDs: [query.id], documentIDs: ids, similarity: context.similarity, threads: 1)
            run[query.id] = try search.run(queries: EmbeddingMatrix(rows: 1, dimension: queries.dimension, values: queries.row(qi)),
                                           documents: DocumentBlocks(slice), view: view, k: min(kValues.last!, ids.count),
                                           rescoreMultiplier: nil, ignoreIdenticalIDs: false)[query.id]
        }
        var scores = try RetrievalMetrics.evaluate(run: run, qrels: examples.qrels, kValues: kValues).scores
        for half in ["og", "changed"] {
            let inHalf = { (id: String) in id.hasSuffix("-og") == (half == "og") }
            let part = try RetrievalMetrics.evaluate(run: run.filter { inHalf($0.key) }, qrels: examples.qrels.filter { inHalf($0.key) }, kValues: kValues)
            for (key, value) in part.scores { scores["\(half)_\(key)"] = value }
        }
        let followIR = try InstructionFollowingMetrics.pMRR(run: run, changed: examples.changed)
        scores["p-MRR"] = followIR.pMRR
        var notes = view.notes
        notes.protocol = "mteb 2.x FollowIR (evaluate_p_mrr_change): candidates reranked per query with its instruction appended; "
            + "p-MRR over the documents whose relevance the changed instruction alters; og_/changed_ metrics are mteb's nested og/changed"
        return EvaluationOutcome(scores: scores, detail: .perQuery(followIR.perQuery.mapValues { ["p-MRR": $0] }), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// FollowIR's layout: BEIR files, queries with an instruction, per-split candidate lists and the changed documents
    public static let instructionReranking = Self(rawValue: "instruction-reranking")
}
