import Kernels

/// Scores documents for queries in a given precision and returns a trec-style run
/// (query id → document id → score) of each query's top `k`. The corpus is visited a block at a time (one block
/// when it sits in memory), each block's best candidates merged into one bounded heap per query, so the result
/// is the exact top-k of the whole corpus whatever the block size.
struct Search {
    let queryIDs: [String]
    let documentIDs: [String]
    /// Rank of each document id in string order: ties go to the larger id (trec_eval's order).
    let tieRank: [Int]
    /// The model's similarity function for float32 and int8 vectors (binary vectors are ranked by Hamming distance).
    let similarity: SimilarityFunction
    let threads: Int

    init(queryIDs: [String], documentIDs: [String], similarity: SimilarityFunction, threads: Int) {
        self.queryIDs = queryIDs
        self.documentIDs = documentIDs
        self.similarity = similarity
        self.threads = threads
        var rank = [Int](repeating: 0, count: documentIDs.count)
        for (position, index) in documentIDs.indices.sorted(by: { documentIDs[$0] < documentIDs[$1] }).enumerated() { rank[index] = position }
        tieRank = rank
    }

    /// Top-k by the similarity function (float32, or int8 codes), or by Hamming distance for binary with optional float
    /// rescoring.
    func run(queries: EmbeddingMatrix, documents: DocumentBlocks, view: PrecisionView, k: Int, rescoreMultiplier: Int?,
             ignoreIdenticalIDs: Bool) throws -> [String: [String: Double]] {
        let depth = min(documents.rows, k + (ignoreIdenticalIDs ? 1 : 0))
        var hits: [[ScoredIndex]]
        switch view.precision {
        case .float32, .int8:
            let q = view.apply(queries)
            hits = try best(depth, queries: q.rows, in: documents) { block, ranks in
                ExactSearch.topK(queries: q, documents: view.apply(block), k: depth, tieRank: ranks, similarity: similarity, threads: threads)
            }
        case .binary:
            let q = BinaryMatrix(queries)
            let candidates = rescoreMultiplier.map { min(documents.rows, depth * $0) } ?? depth
            hits = try best(candidates, queries: q.rows, in: documents) { block, ranks in
                BinaryMatrix.topK(queries: q, documents: BinaryMatrix(block), k: candidates, tieRank: ranks)
            }
            if rescoreMultiplier != nil {
                // Rescoring: the float32 query against each Hamming candidate's ±1 values (bit = value > 0).
                hits = try hits.enumerated().map { qi, list in
                    let rows = try documents.rows(at: list.map(\.index))
                    var heap = BoundedHeap(k: depth, tieRank: tieRank)
                    for (c, candidate) in list.enumerated() {
                        var score: Float = 0
                        for j in 0..<rows.dimension {
                            let x = queries.values[qi * queries.dimension + j]
                            score += rows.values[c * rows.dimension + j] > 0 ? x : -x
                        }
                        heap.push(ScoredIndex(index: candidate.index, score: score))
                    }
                    return heap.sorted()
                }
            }
        }
        var run: [String: [String: Double]] = [:]
        run.reserveCapacity(hits.count)
        for (qi, list) in hits.enumerated() {
            let qid = queryIDs[qi]
            var scores: [String: Double] = [:]
            scores.reserveCapacity(min(k, list.count))
            for hit in list where !(ignoreIdenticalIDs && documentIDs[hit.index] == qid) {
                if scores.count == k { break }
                scores[documentIDs[hit.index]] = Double(hit.score)
            }
            run[qid] = scores
        }
        return run
    }

    /// Each query's `k` best documents over every block: `search` gives a block's best (block row indices, with the
    /// block's slice of the tie ranks), merged here by corpus row.
    func best(_ k: Int, queries: Int, in documents: DocumentBlocks,
              _ search: (EmbeddingMatrix, [Int]) -> [[ScoredIndex]]) throws -> [[ScoredIndex]] {
        var heaps = (0..<queries).map { _ in BoundedHeap(k: k, tieRank: tieRank) }
        try documents.forEach { start, block in
            for (qi, list) in search(block, Array(tieRank[start..<(start + block.rows)])).enumerated() {
                for hit in list { heaps[qi].push(ScoredIndex(index: start + hit.index, score: hit.score)) }
            }
        }
        return heaps.map { $0.sorted() }
    }
}
