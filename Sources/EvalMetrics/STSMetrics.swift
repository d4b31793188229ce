import Kernels

/// STS as mteb computes it: Pearson and Spearman between gold scores and the cosine, negated Euclidean and negated
/// Manhattan similarity of each pair (`cosine_spearman`, the usual main score, ...), and unprefixed `pearson` and
/// `spearman` for the model's own similarity function.
public enum STSMetrics {
    public struct Result {
        public var scores: [String: Double]
        /// Similarity kind → per-pair similarities (kept for paired bootstraps).
        public var similarities: [String: [Double]]
    }

    public static func evaluate(first: Vectors, second: Vectors, gold: [Double], similarity: SimilarityFunction = .cosine) throws -> Result {
        guard gold.count == first.rows else { throw MetricsError("\(gold.count) gold scores for \(first.rows) pairs") }
        var scores: [String: Double] = [:], similarities: [String: [Double]] = [:]
        for kind in [SimilarityFunction.cosine, .euclidean, .manhattan] {
            let sims = try SimilarityFunction.rowwise(kind, first, second)
            similarities[kind.rawValue] = sims
            scores["\(kind.rawValue)_pearson"] = try Correlation.pearson(gold, sims)
            scores["\(kind.rawValue)_spearman"] = try Correlation.spearman(gold, sims)
        }
        let own = try SimilarityFunction.rowwise(similarity, first, second)
        similarities["similarity"] = own
        scores["pearson"] = try Correlation.pearson(gold, own)
        scores["spearman"] = try Correlation.spearman(gold, own)
        return Result(scores: scores, similarities: similarities)
    }
}
