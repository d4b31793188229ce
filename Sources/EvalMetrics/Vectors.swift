import Kernels

/// Row-major float vectors (embeddings) as the metrics read them.
public struct Vectors: Sendable {
    public let rows: Int
    public let dimension: Int
    public let values: [Float]

    public init(rows: Int, dimension: Int, values: [Float]) throws {
        guard values.count == rows * dimension else {
            throw MetricsError("\(values.count) values do not make \(rows) vectors of dimension \(dimension)")
        }
        self.rows = rows
        self.dimension = dimension
        self.values = values
    }

    @inline(__always)
    func row(_ i: Int) -> ArraySlice<Float> { values[(i * dimension)..<((i + 1) * dimension)] }

    /// The rows at `indices`, in that order (repeats allowed).
    public func rows(_ indices: [Int]) throws -> Vectors {
        try Vectors(rows: indices.count, dimension: dimension, values: gathered(indices))
    }

    /// The values of the rows at `indices`, in that order (repeats allowed).
    func gathered(_ indices: [Int]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(indices.count * dimension)
        for i in indices { out += row(i) }
        return out
    }
}

/// The pairwise similarities MTEB uses, computed in double; distances are negated so that higher always means more similar.
extension SimilarityFunction {
    public func callAsFunction(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0, l2 = 0.0, l1 = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x), dy = Double(y)
            dot += dx * dy; na += dx * dx; nb += dy * dy
            l2 += (dx - dy) * (dx - dy); l1 += abs(dx - dy)
        }
        switch self {
        case .cosine: return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
        case .dot: return dot
        case .euclidean: return -l2.squareRoot()
        case .manhattan: return -l1
        }
    }

    /// Similarity of row i of `a` with row i of `b`, for every i.
    public static func rowwise(_ kind: SimilarityFunction, _ a: Vectors, _ b: Vectors) throws -> [Double] {
        guard a.rows == b.rows, a.dimension == b.dimension else {
            throw MetricsError("pair sides differ: \(a.rows)×\(a.dimension) and \(b.rows)×\(b.dimension)")
        }
        return (0..<a.rows).map { kind(a.row($0), b.row($0)) }
    }
}
