import Foundation
import EvalMetrics
import Kernels

/// Reranking as MTEB v2 does it: retrieval restricted to each query's own candidates, positives relevant and
/// negatives judged non-relevant; main score MAP@1000, MRR@10 reported too. Every listed text is its own candidate,
/// named as mteb names them (`apositive_00000`, `negative_00000`), so ties fall as in mteb and a text listed both as a
/// positive and as a negative (ten queries of BIRCO's ArguAna do) is two candidates, one relevant and one not.
public struct RerankingTask: TaskKind {
    public typealias Options = RankingOptions

    /// One query with its candidates.
    public struct Query {
        public var query: String
        public var positive: [String]
        public var negative: [String]
    }

    public struct Examples: TaskExamples {
        public var queries: [Query]

        public var texts: [(role: TaskRole, texts: [String])] {
            [(.query, queries.map(\.query)), (.document, queries.flatMap { $0.positive + $0.negative })]
        }
        public var size: String { "\(queries.count) queries" }
        public func limited(to n: Int) -> Examples { Examples(queries: Array(queries.prefix(n))) }
    }

    public static let typeName = "Reranking"
    public static let formats: [TaskDefinition.Format] = [.rerankingRows]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { RankingCutoffs.metrics(options.kValues) }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] { [folder.appendingPathComponent("\(split).jsonl")] }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        let queries = try JSONLines.read(files[0]).map { row in
            let query = Query(query: try row.string("query"), positive: try row.strings("positive"), negative: try row.strings("negative"))
            guard !query.positive.isEmpty else { throw EvalBenchError("\(files[0].path):\(row.line): 'positive' is empty") }
            return query
        }
        return Examples(queries: queries)
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        let documents = try embeddings(.document), queries = try embeddings(.query)
        let view = PrecisionView(precision, calibrateOn: documents, source: "candidates of \(context.taskName)")
        var run: [String: [String: Double]] = [:], qrels: [String: [String: Int]] = [:]
        var offset = 0
        for (qi, row) in examples.queries.enumerated() {
            let qid = "q\(qi)"
            let candidates = row.positive + row.negative
            let ids = row.positive.indices.map { String(format: "apositive_%05d", $0) }
                + row.negative.indices.map { String(format: "negative_%05d", $0) }
            let slice = EmbeddingMatrix(rows: candidates.count, dimension: documents.dimension,
                                        values: Array(documents.values[(offset * documents.dimension)..<((offset + candidates.count) * documents.dimension)]))
            let query = EmbeddingMatrix(rows: 1, dimension: queries.dimension, values: queries.row(qi))
            let search = Search(queryIDs: [qid], documentIDs: ids, similarity: context.similarity, threads: 1)
            run[qid] = try search.run(queries: query, documents: DocumentBlocks(slice), view: view, k: candidates.count,
                                      rescoreMultiplier: nil, ignoreIdenticalIDs: false)[qid]
            qrels[qid] = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 < row.positive.count ? 1 : 0) })
            offset += candidates.count
        }
        let result = try RetrievalMetrics.evaluate(run: run, qrels: qrels, kValues: options.kValues)
        var notes = view.notes
        notes.protocol = "MTEB v2 reranking: retrieval over each query's candidates (trec_eval semantics)"
        return EvaluationOutcome(scores: result.scores, detail: .perQuery(result.perQuery), notes: notes)
    }
}

extension TaskDefinition.Format {
    /// SPLIT.jsonl rows {query, positive[], negative[]}
    public static let rerankingRows = Self(rawValue: "reranking-rows")
}
