import Foundation

/// Retrieval metrics with trec_eval's semantics (what MTEB v2 computes through pytrec_eval):
/// linear graded gain in nDCG, MAP over all relevant documents, P@k over k, ties ordered by document id
/// descending, relevance = qrel ≥ 1, averages over the queries present in both run and qrels.
public enum RetrievalMetrics {
    public static let defaultKValues = [1, 3, 5, 10, 20, 100, 1000]

    /// Averages under MTEB's keys (`ndcg_at_10`, `map_at_100`, ...) and the same values per query.
    public struct Result {
        public var scores: [String: Double]
        public var perQuery: [String: [String: Double]]
    }

    /// - Parameters:
    ///   - run: query id → document id → score.
    ///   - qrels: query id → document id → graded relevance.
    public static func evaluate(run: [String: [String: Double]], qrels: [String: [String: Int]], kValues: [Int] = defaultKValues) throws -> Result {
        guard kValues.allSatisfy({ $0 > 0 }) else { throw MetricsError("k values must be positive, got \(kValues)") }
        let queries = run.keys.filter { qrels[$0] != nil }.sorted()
        guard !queries.isEmpty else { throw MetricsError("no query of the run has relevance judgements") }
        let names = kValues.map(MetricNames.init)
        var perQuery: [String: [String: Double]] = [:]
        perQuery.reserveCapacity(queries.count)
        for query in queries { perQuery[query] = evaluate(ranking: ranked(run[query]!), judgements: qrels[query]!, names: names) }
        var scores: [String: Double] = [:]
        for key in perQuery[queries[0]]!.keys {
            scores[key] = queries.reduce(0) { $0 + perQuery[$1]![key]! } / Double(queries.count)
        }
        return Result(scores: scores, perQuery: perQuery)
    }

    /// Document ids by score descending; equal scores by id descending (trec_eval's order).
    public static func ranked(_ scores: [String: Double]) -> [String] {
        scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
    }

    /// MTEB's keys of the metrics at one cutoff k.
    struct MetricNames {
        let k: Int
        let ndcg, map, recall, precision, mrr, hitRate: String
        init(_ k: Int) {
            self.k = k
            (ndcg, map, recall, precision, mrr, hitRate) = ("ndcg_at_\(k)", "map_at_\(k)", "recall_at_\(k)", "precision_at_\(k)", "mrr_at_\(k)", "hit_rate_at_\(k)")
        }
    }

    static func evaluate(ranking: [String], judgements: [String: Int], names: [MetricNames]) -> [String: Double] {
        let relevantCount = judgements.values.filter { $0 >= 1 }.count
        let ideal = judgements.values.filter { $0 > 0 }.sorted(by: >)
        var values: [String: Double] = [:]
        values.reserveCapacity(6 * names.count)
        for name in names {
            let k = name.k
            let top = ranking.prefix(k)
            var dcg = 0.0, hits = 0, precisionSum = 0.0, firstHit: Int?
            for (index, doc) in top.enumerated() {
                let gain = judgements[doc] ?? 0
                if gain > 0 { dcg += Double(gain) / log2(Double(index + 2)) }
                if gain >= 1 {
                    hits += 1
                    precisionSum += Double(hits) / Double(index + 1)
                    if firstHit == nil { firstHit = index + 1 }
                }
            }
            let idcg = ideal.prefix(k).enumerated().reduce(0.0) { $0 + Double($1.element) / log2(Double($1.offset + 2)) }
            values[name.ndcg] = idcg > 0 ? dcg / idcg : 0
            values[name.map] = relevantCount > 0 ? precisionSum / Double(relevantCount) : 0
            values[name.recall] = relevantCount > 0 ? Double(hits) / Double(relevantCount) : 0
            values[name.precision] = Double(hits) / Double(k)
            values[name.mrr] = firstHit.map { 1 / Double($0) } ?? 0
            values[name.hitRate] = hits > 0 ? 1 : 0
        }
        return values
    }
}
