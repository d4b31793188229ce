/// FollowIR's p-MRR, as mteb 2.x's `evaluate_p_mrr_change` computes it: for each document whose relevance the changed
/// instruction alters, its rank under the original instruction's query (`ID-og`) against its rank under the changed
/// one (`ID-changed`); a document moved down scores 1 − r_og / r_new, one moved up or kept r_new / r_og − 1. A query's
/// p-MRR is the mean over its changed documents; the score is the mean over queries.
public enum InstructionFollowingMetrics {
    /// The scores, with the per-item detail the regression gate resamples.
    public struct Result {
        public var pMRR: Double
        /// Base query id → that query's p-MRR (the queries whose two runs both exist).
        public var perQuery: [String: Double]
    }

    /// - Parameters:
    ///   - run: query id (`ID-og` or `ID-changed`) → document id → score.
    ///   - changed: base query id → the documents whose relevance changed.
    public static func pMRR(run: [String: [String: Double]], changed: [String: [String]]) throws -> Result {
        var perQuery: [String: Double] = [:]
        for (query, documents) in changed where !documents.isEmpty {
            guard let original = run[query + "-og"], let new = run[query + "-changed"] else { continue }
            let (originalRanks, newRanks) = (ranks(original), ranks(new))
            let changes = documents.map { document -> Double in
                let (before, after) = (originalRanks[document] ?? original.count + 1, newRanks[document] ?? new.count + 1)
                return before >= after ? Double(after) / Double(before) - 1 : 1 - Double(before) / Double(after)
            }
            perQuery[query] = changes.reduce(0, +) / Double(changes.count)
        }
        guard !perQuery.isEmpty else { throw MetricsError("no query has both an -og and a -changed run with changed documents, so p-MRR is undefined") }
        return Result(pMRR: perQuery.values.reduce(0, +) / Double(perQuery.count), perQuery: perQuery)
    }

    /// 1-based rank of each document: score descending, equal scores by id descending.
    static func ranks(_ scores: [String: Double]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: RetrievalMetrics.ranked(scores).enumerated().map { ($1, $0 + 1) })
    }
}
