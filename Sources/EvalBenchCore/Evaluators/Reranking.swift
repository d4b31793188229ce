import Kernels
import EvalMetrics

/// Reranking as MTEB v2 does it: retrieval restricted to each query's own candidates, positives relevant
/// and negatives judged non-relevant; main score MAP@1000, MRR@10 reported too.
enum Reranking {
    static func evaluate(rows: [TaskData.RerankingQuery], embeddings: [String: EmbeddingMatrix], precision: Precision,
                         configuration: RunConfiguration, task: TaskDefinition) throws -> EvaluationOutcome {
        let documents = embeddings["document"]!, queries = embeddings["query"]!
        let view = PrecisionView(precision, calibrateOn: documents, source: "candidates of \(task.name)")
        var run: [String: [String: Double]] = [:], qrels: [String: [String: Int]] = [:]
        var offset = 0
        for (qi, row) in rows.enumerated() {
            let qid = "q\(qi)"
            let candidates = row.positive + row.negative
            let ids = candidates.indices.map { "c\($0)" }
            let slice = EmbeddingMatrix(rows: candidates.count, dimension: documents.dimension,
                                        values: Array(documents.values[(offset * documents.dimension)..<((offset + candidates.count) * documents.dimension)]))
            let query = EmbeddingMatrix(rows: 1, dimension: queries.dimension, values: queries.row(qi))
            let search = Search(queryIDs: [qid], documentIDs: ids, threads: 1)
            run[qid] = search.run(queries: query, documents: slice, precision: precision, view: view, k: candidates.count,
                                  rescoreMultiplier: nil, ignoreIdenticalIDs: false)[qid]
            qrels[qid] = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 < row.positive.count ? 1 : 0) })
            offset += candidates.count
        }
        let result = try RetrievalMetrics.evaluate(run: run, qrels: qrels, kValues: task.options.k_values ?? RetrievalMetrics.defaultKValues)
        var notes = view.notes
        notes["protocol"] = "MTEB v2 reranking: retrieval over each query's candidates (trec_eval semantics)"
        return EvaluationOutcome(scores: result.scores, detail: ["per_query": result.perQuery], notes: notes)
    }
}
