import Kernels

extension EmbeddingTable {
    /// The rows of every token of a batch padded to `length` (row b · length + t), times `scale` when given; padding
    /// rows are zero.
    func gather(_ batch: [[Int32]], length: Int, into x: UnsafeMutablePointer<Float>, scale: Float? = nil) {
        for (b, ids) in batch.enumerated() {
            for t in 0..<length {
                let row = x + (b * length + t) * width
                guard t < ids.count else { row.update(repeating: 0, count: width); continue }
                copyRow(Int(ids[t]), into: row)
                if let scale { VectorMath.scale(row, count: width, by: scale) }
            }
        }
    }
}
