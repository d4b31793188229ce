import Kernels

/// Scores documents for queries in a given precision and returns a trec-style run
/// (query id → document id → score) of each query's top `k`.
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
    func run(queries: EmbeddingMatrix, documents: EmbeddingMatrix, precision: Precision, view: PrecisionView,
             k: Int, rescoreMultiplier: Int?, ignoreIdenticalIDs: Bool) -> [String: [String: Double]] {
        let depth = min(documents.rows, k + (ignoreIdenticalIDs ? 1 : 0))
        let hits: [[ScoredIndex]]
        switch precision {
        case .float32, .int8:
            hits = ExactSearch.topK(queries: view.apply(queries), documents: view.apply(documents), k: depth, tieRank: tieRank,
                                    similarity: similarity, threads: threads)
        case .binary:
            let q = BinaryMatrix(queries), d = BinaryMatrix(documents)
            if let multiplier = rescoreMultiplier {
                // Rescoring: Hamming candidates, then the float32 query against the documents' ±1 values.
                let candidates = BinaryMatrix.topK(queries: q, documents: d, k: min(documents.rows, depth * multiplier), tieRank: tieRank)
                hits = candidates.enumerated().map { qi, list in
                    var heap = BoundedHeap(k: depth, tieRank: tieRank)
                    for c in list {
                        var score: Float = 0
                        for j in 0..<d.dimension {
                            let bit = d.words[c.index * d.wordsPerRow + j / 64] & (1 << UInt64(j % 64)) != 0
                            score += bit ? queries.values[qi * queries.dimension + j] : -queries.values[qi * queries.dimension + j]
                        }
                        heap.push(ScoredIndex(index: c.index, score: score))
                    }
                    return heap.sorted()
                }
            } else {
                hits = BinaryMatrix.topK(queries: q, documents: d, k: depth, tieRank: tieRank)
            }
        }
        var run: [String: [String: Double]] = [:]
        for (qi, list) in hits.enumerated() {
            let qid = queryIDs[qi]
            var scores: [String: Double] = [:]
            for hit in list where !(ignoreIdenticalIDs && documentIDs[hit.index] == qid) {
                if scores.count == k { break }
                scores[documentIDs[hit.index]] = Double(hit.score)
            }
            run[qid] = scores
        }
        return run
    }
}
