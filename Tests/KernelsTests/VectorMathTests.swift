import Foundation
import Kernels
import Testing

@Suite struct VectorMathTests {
    func apply(_ xs: [Float], _ kernel: (UnsafeMutablePointer<Float>, Int) -> Void) -> [Float] {
        var out = xs
        out.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, xs.count) }
        return out
    }

    @Test func expMatchesLibmWithinTwoUlps() {
        let xs = stride(from: Float(-80), through: 80, by: 0.0137).map { $0 }
        var worst: Float = 0
        for chunk in stride(from: 0, to: xs.count - 8, by: 8) {
            let v = VectorMath.exp(SIMD8<Float>(xs[chunk..<(chunk + 8)]))
            for i in 0..<8 {
                let exact = Foundation.exp(xs[chunk + i])
                worst = max(worst, abs(v[i] - exact) / exact)
            }
        }
        #expect(worst < 3e-7)
    }

    @Test func erfMatchesLibm() {
        let xs = stride(from: Float(-6), through: 6, by: 0.001).map { $0 }
        var worst: Float = 0
        for chunk in stride(from: 0, to: xs.count - 8, by: 8) {
            let v = VectorMath.erf(SIMD8<Float>(xs[chunk..<(chunk + 8)]))
            for i in 0..<8 { worst = max(worst, abs(v[i] - Foundation.erf(xs[chunk + i]))) }
        }
        #expect(worst < 1e-6)
    }

    @Test func geluErfOnAnOddLength() {
        let xs: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 2, 3, 10, -10, 0.1]
        let out = apply(xs) { VectorMath.geluErf($0, count: $1) }
        for (x, y) in zip(xs, out) {
            let exact = x * 0.5 * (1 + Foundation.erf(x / Float(2).squareRoot()))
            #expect(abs(y - exact) < 1e-6)
        }
    }

    @Test func softmaxIsStableAndSumsToOne() {
        let out = apply([1000, 1001, 999, 1000, 1002, 998, 1000, 1000, 1003]) { VectorMath.softmax($0, count: $1) }
        #expect(abs(out.reduce(0, +) - 1) < 1e-6)
        #expect(out[8] > out[4] && out[4] > out[1])
        let uniform = apply([Float](repeating: 3, count: 5)) { VectorMath.softmax($0, count: $1) }
        #expect(uniform.allSatisfy { abs($0 - 0.2) < 1e-7 })
    }

    @Test func layerNormMatchesDefinition() {
        let xs: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        let gamma = [Float](repeating: 2, count: 10), beta = [Float](repeating: 1, count: 10)
        var out = xs
        out.withUnsafeMutableBufferPointer { VectorMath.layerNorm($0.baseAddress!, rows: 1, columns: 10, gamma: gamma, beta: beta, eps: 0) }
        let mean: Float = 5.5, std = (xs.map { ($0 - 5.5) * ($0 - 5.5) }.reduce(0, +) / 10).squareRoot()
        for (x, y) in zip(xs, out) { #expect(abs(y - ((x - mean) / std * 2 + 1)) < 1e-5) }
    }

    @Test func truncationRenormalises() {
        let m = EmbeddingMatrix(rows: 2, dimension: 4, values: [3, 4, 100, 100, 0, 0, 1, 0])
        let t = m.truncated(to: 2)
        #expect(t.values == [0.6, 0.8, 0, 0])
    }

    @Test func gemmWithTransposedWeights() {
        // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        c.withUnsafeMutableBufferPointer { out in
            BLAS.gemm(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, bTransposed: true, c: out.baseAddress!, ldc: 2)
        }
        #expect(c == [17, 23, 39, 53])
    }
}
