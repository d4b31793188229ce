import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

@Suite struct EmbeddingViewTests {
    @Test func int8FollowsTheSentenceTransformersRule() {
        let calibration = EmbeddingMatrix(rows: 3, dimension: 2, values: [-1, 0, 0, 0, 1, 0])
        let q = Int8Calibration(fitting: calibration, source: "test")
        let codes = q.quantize(EmbeddingMatrix(rows: 1, dimension: 2, values: [0.5, 3]))
        // steps = 2/255; (0.5+1)/steps = 191.25 → 191 → 63; dimension 2 has no spread → −128.
        #expect(codes.values == [63, -128])
        #expect(q.quantize(EmbeddingMatrix(rows: 1, dimension: 2, values: [9, 0])).values[0] == 127)
    }

    @Test func binaryPacksSignBitsAndCountsHamming() {
        let m = EmbeddingMatrix(rows: 2, dimension: 70, values: (0..<140).map { i in (i % 3 == 0) ? 1 : -1 })
        let b = BinaryMatrix(m)
        #expect(b.wordsPerRow == 2 && b.bytesPerVector == 9)
        #expect(b.unpacked().values == m.values)
        #expect(b.hamming(0, b, 0) == 0)
        #expect(b.hamming(0, b, 1) == (0..<70).filter { ($0 % 3 == 0) != (($0 + 70) % 3 == 0) }.count)
    }

    @Test func topKBreaksTiesByLargerDocumentID() {
        let queries = EmbeddingMatrix(rows: 1, dimension: 2, values: [1, 0])
        let docs = EmbeddingMatrix(rows: 4, dimension: 2, values: [0.5, 0, 0.9, 0, 0.5, 0, 0.1, 0])
        let ids = ["b", "a", "c", "d"]
        let search = Search(queryIDs: ["q"], documentIDs: ids, similarity: .dot, threads: 1)
        let hits = ExactSearch.topK(queries: queries, documents: docs, k: 2, tieRank: search.tieRank, blockSize: 3)
        #expect(hits[0].map { ids[$0.index] } == ["a", "c"])
    }

    @Test func blockedSearchMatchesBruteForce() {
        var state: UInt64 = 7
        func random() -> Float { state = state &* 6364136223846793005 &+ 1; return Float(Int(state >> 41) % 1000) / 1000 - 0.5 }
        let q = EmbeddingMatrix(rows: 5, dimension: 16, values: (0..<80).map { _ in random() })
        let d = EmbeddingMatrix(rows: 300, dimension: 16, values: (0..<4800).map { _ in random() })
        let rank = Array(0..<300)
        let blocked = ExactSearch.topK(queries: q, documents: d, k: 10, tieRank: rank, blockSize: 64)
        for qi in 0..<5 {
            let scores = (0..<300).map { j in (0..<16).reduce(Float(0)) { $0 + q.values[qi * 16 + $1] * d.values[j * 16 + $1] } }
            let expected = (0..<300).sorted { scores[$0] > scores[$1] }.prefix(10)
            #expect(blocked[qi].map(\.index) == Array(expected))
        }
    }
}
