/// Embeddings quantised to one bit per dimension (bit = value > 0), packed 64 to a word, searched by
/// Hamming distance with popcount.
public struct BinaryMatrix: Sendable {
    public let rows: Int
    public let dimension: Int
    public let wordsPerRow: Int
    public let words: [UInt64]

    public init(_ matrix: EmbeddingMatrix) {
        rows = matrix.rows
        dimension = matrix.dimension
        wordsPerRow = (matrix.dimension + 63) / 64
        var words = [UInt64](repeating: 0, count: rows * wordsPerRow)
        for r in 0..<rows {
            for c in 0..<dimension where matrix.values[r * dimension + c] > 0 {
                words[r * wordsPerRow + c / 64] |= 1 << UInt64(c % 64)
            }
        }
        self.words = words
    }

    /// Bytes one stored vector takes (8 bits per byte, as packed by sentence-transformers).
    public var bytesPerVector: Int { (dimension + 7) / 8 }

    /// Hamming distance between row `a` of self and row `b` of `other`.
    @inline(__always)
    public func hamming(_ a: Int, _ other: BinaryMatrix, _ b: Int) -> Int {
        var distance = 0
        for w in 0..<wordsPerRow { distance += (words[a * wordsPerRow + w] ^ other.words[b * wordsPerRow + w]).nonzeroBitCount }
        return distance
    }

    /// The rows as ±1 vectors (what a binary embedding means to a float consumer).
    public func unpacked() -> EmbeddingMatrix {
        var values = [Float](repeating: -1, count: rows * dimension)
        for r in 0..<rows {
            for c in 0..<dimension where words[r * wordsPerRow + c / 64] & (1 << UInt64(c % 64)) != 0 { values[r * dimension + c] = 1 }
        }
        return EmbeddingMatrix(rows: rows, dimension: dimension, values: values)
    }

    /// Top-k documents per query by smallest Hamming distance (score = −distance), ties to the higher tie rank.
    public static func topK(queries: BinaryMatrix, documents: BinaryMatrix, k: Int, tieRank: [Int]) -> [[ScoredIndex]] {
        (0..<queries.rows).map { q in
            var heap = BoundedHeap(k: k, tieRank: tieRank)
            for d in 0..<documents.rows { heap.push(ScoredIndex(index: d, score: -Float(queries.hamming(q, documents, d)))) }
            return heap.sorted()
        }
    }
}
