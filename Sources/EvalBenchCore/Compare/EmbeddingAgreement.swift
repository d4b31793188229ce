import Kernels

/// How closely two backends' embeddings of the same texts agree: the cosine of each text's pair of vectors,
/// summarised as mean, minimum and 1st percentile.
public struct EmbeddingAgreement: Sendable, Equatable, Encodable {
    public var texts: Int
    public var meanCosine: Double
    public var minimumCosine: Double
    /// The 1st percentile (linear interpolation between order statistics, NumPy's default).
    public var firstPercentileCosine: Double

    enum CodingKeys: String, CodingKey {
        case texts, meanCosine = "mean_cosine", minimumCosine = "min_cosine", firstPercentileCosine = "p1_cosine"
    }

    /// Row i of `a` against row i of `b`; both hold the same texts in the same order.
    public init(_ a: EmbeddingMatrix, _ b: EmbeddingMatrix) throws {
        guard a.rows == b.rows else { throw EvalBenchError("cannot compare \(a.rows) embeddings with \(b.rows)") }
        guard a.dimension == b.dimension else {
            throw EvalBenchError("cannot compare embeddings of dimension \(a.dimension) with dimension \(b.dimension)")
        }
        let cosines = (0..<a.rows).map { Self.cosine(a.row($0), b.row($0)) }.sorted()
        texts = cosines.count
        meanCosine = cosines.isEmpty ? .nan : cosines.reduce(0, +) / Double(cosines.count)
        minimumCosine = cosines.first ?? .nan
        firstPercentileCosine = Self.percentile(cosines, 1)
    }

    /// Cosine in double precision; two zero vectors agree (1), a zero beside a non-zero vector does not (0).
    static func cosine(_ x: [Float], _ y: [Float]) -> Double {
        var dot = 0.0, xx = 0.0, yy = 0.0
        for i in x.indices {
            dot += Double(x[i]) * Double(y[i])
            xx += Double(x[i]) * Double(x[i])
            yy += Double(y[i]) * Double(y[i])
        }
        if xx == 0 || yy == 0 { return xx == yy ? 1 : 0 }
        return dot / (xx.squareRoot() * yy.squareRoot())
    }

    /// The `p`-th percentile of ascending `values`, as numpy.percentile computes it by default.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p / 100 * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }

    /// Mean over queries of |top-k of A ∩ top-k of B| / k (k shrinks to the result lists' length when shorter).
    static func topKOverlap(_ a: [String: [String: Double]], _ b: [String: [String: Double]], k: Int) -> Double {
        let queries = a.keys.sorted()
        guard !queries.isEmpty else { return .nan }
        let total = queries.reduce(0.0) { sum, query in
            let first = Set(a[query, default: [:]].keys), second = Set(b[query, default: [:]].keys)
            let depth = max(1, min(k, max(first.count, second.count)))
            return sum + Double(first.intersection(second).count) / Double(depth)
        }
        return total / Double(queries.count)
    }
}
