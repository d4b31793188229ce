/// A candidate of a search: a document's row and its score.
public struct ScoredIndex: Equatable, Sendable {
    public var index: Int
    public var score: Float
    public init(index: Int, score: Float) { self.index = index; self.score = score }
}

/// Keeps the k best candidates seen so far in a binary min-heap (the worst kept one on top).
/// "Better" is a higher score, and on equal scores a higher tie rank (evalbench passes the rank of the
/// document id in string order, so ties go to the larger id, as trec_eval orders them).
public struct BoundedHeap {
    let k: Int
    let tieRank: [Int]
    var items: [ScoredIndex] = []

    public init(k: Int, tieRank: [Int]) {
        self.k = k
        self.tieRank = tieRank
        items.reserveCapacity(k)
    }

    @inline(__always)
    func worse(_ a: ScoredIndex, _ b: ScoredIndex) -> Bool {
        a.score < b.score || (a.score == b.score && tieRank[a.index] < tieRank[b.index])
    }

    @inline(__always)
    public mutating func push(_ candidate: ScoredIndex) {
        if items.count < k {
            items.append(candidate)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard worse(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        } else if k > 0, worse(items[0], candidate) {
            items[0] = candidate
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count, worse(items[left], items[smallest]) { smallest = left }
                if right < items.count, worse(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// The kept candidates, best first.
    public func sorted() -> [ScoredIndex] {
        items.sorted { worse($1, $0) }
    }
}

/// Exact top-k search by a similarity function: the corpus is scored in blocks (one matrix product per block for
/// cosine, dot and Euclidean), so memory is bounded by `blockSize` × queries, not documents × queries.
public enum ExactSearch {
    public static func topK(
        queries: EmbeddingMatrix, documents: EmbeddingMatrix, k: Int, tieRank: [Int], similarity: SimilarityFunction = .dot,
        blockSize: Int = 4096, threads: Int = 1
    ) -> [[ScoredIndex]] {
        precondition(queries.dimension == documents.dimension, "query and document dimensions differ")
        // Cosine is the dot product of normalised rows; Euclidean is read off the dot product and the squared norms.
        let (q, d) = similarity == .cosine ? (queries.normalizedRows(), documents.normalizedRows()) : (queries, documents)
        let squaredNorms = similarity == .euclidean ? (q.squaredRowNorms(), d.squaredRowNorms()) : ([], [])
        var heaps = (0..<q.rows).map { _ in BoundedHeap(k: k, tieRank: tieRank) }
        let block = max(1, min(blockSize, d.rows))
        var scores = [Float](repeating: 0, count: q.rows * block)
        for start in stride(from: 0, to: d.rows, by: block) {
            let count = min(block, d.rows - start)
            q.values.withUnsafeBufferPointer { qv in
                d.values.withUnsafeBufferPointer { dv in
                    scores.withUnsafeMutableBufferPointer { s in
                        let documentRows = dv.baseAddress! + start * d.dimension
                        if similarity == .manhattan {
                            for qi in 0..<q.rows {
                                for j in 0..<count {
                                    s[qi * count + j] = -VectorMath.l1Distance(qv.baseAddress! + qi * q.dimension, documentRows + j * d.dimension,
                                                                                count: d.dimension)
                                }
                            }
                        } else {
                            BLAS.gemm(m: q.rows, n: count, k: q.dimension, a: qv.baseAddress!, lda: q.dimension, b: documentRows,
                                      ldb: d.dimension, bTransposed: true, c: s.baseAddress!, ldc: count, threads: threads)
                        }
                        if similarity == .euclidean {
                            for qi in 0..<q.rows {
                                for j in 0..<count {
                                    let squared = squaredNorms.0[qi] + squaredNorms.1[start + j] - 2 * s[qi * count + j]
                                    s[qi * count + j] = -max(squared, 0).squareRoot()
                                }
                            }
                        }
                    }
                }
            }
            for qi in 0..<q.rows {
                let offset = qi * count
                for j in 0..<count { heaps[qi].push(ScoredIndex(index: start + j, score: scores[offset + j])) }
            }
        }
        return heaps.map { $0.sorted() }
    }
}

extension EmbeddingMatrix {
    /// The squared L2 norm of every row.
    func squaredRowNorms() -> [Float] {
        values.withUnsafeBufferPointer { v in
            (0..<rows).map { VectorMath.dot(v.baseAddress! + $0 * dimension, v.baseAddress! + $0 * dimension, count: dimension) }
        }
    }
}
