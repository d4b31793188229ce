/// STS: Pearson and Spearman between gold scores and the cosine, negated Euclidean and negated Manhattan
/// similarity of each pair (main score `cosine_spearman`).
public enum STSMetrics {
    public struct Result {
        public var scores: [String: Double]
        /// Similarity kind → per-pair similarities (kept for paired bootstraps).
        public var similarities: [String: [Double]]
    }

    public static func evaluate(first: Vectors, second: Vectors, gold: [Double]) throws -> Result {
        guard gold.count == first.rows else { throw MetricsError("\(gold.count) gold scores for \(first.rows) pairs") }
        var scores: [String: Double] = [:], similarities: [String: [Double]] = [:]
        for kind in [PairSimilarity.cosine, .euclidean, .manhattan] {
            let sims = try PairSimilarity.rowwise(kind, first, second)
            similarities[kind.rawValue] = sims
            scores["\(kind.rawValue)_pearson"] = try Correlation.pearson(gold, sims)
            scores["\(kind.rawValue)_spearman"] = try Correlation.spearman(gold, sims)
        }
        return Result(scores: scores, similarities: similarities)
    }
}
