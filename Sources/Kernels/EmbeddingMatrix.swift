/// n embeddings of one dimension, stored row-major as float32: what every encoder returns and every
/// evaluator reads.
public struct EmbeddingMatrix: Sendable, Equatable {
    public let rows: Int
    public let dimension: Int
    public var values: [Float]

    public init(rows: Int, dimension: Int, values: [Float]) {
        precondition(values.count == rows * dimension, "EmbeddingMatrix: \(values.count) values for \(rows) × \(dimension)")
        self.rows = rows
        self.dimension = dimension
        self.values = values
    }

    public init(rows: Int, dimension: Int) {
        self.init(rows: rows, dimension: dimension, values: [Float](repeating: 0, count: rows * dimension))
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] {
        Array(values[(i * dimension)..<((i + 1) * dimension)])
    }

    /// The first `d` columns of every row (Matryoshka truncation), each row L2-normalised again when `renormalize`.
    public func truncated(to d: Int, renormalize: Bool = true) -> EmbeddingMatrix {
        precondition(d > 0 && d <= dimension, "cannot truncate \(dimension) dimensions to \(d)")
        var out = [Float](repeating: 0, count: rows * d)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    let target = dst.baseAddress! + r * d
                    target.update(from: src.baseAddress! + r * dimension, count: d)
                    if renormalize { VectorMath.l2Normalize(target, count: d) }
                }
            }
        }
        return EmbeddingMatrix(rows: rows, dimension: d, values: out)
    }

    /// Every row scaled to unit length (cosine similarity becomes a dot product).
    public func normalizedRows() -> EmbeddingMatrix {
        var copy = self
        copy.values.withUnsafeMutableBufferPointer { v in
            for r in 0..<rows { VectorMath.l2Normalize(v.baseAddress! + r * dimension, count: dimension) }
        }
        return copy
    }
}
