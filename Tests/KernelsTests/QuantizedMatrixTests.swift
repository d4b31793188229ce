import EvalMetrics
import Testing
@testable import Kernels

/// The quantized kernels against dequantize-then-multiply: the product of the dequantized activations and
/// the dequantized weights, in double, must match the kernel to float rounding; every kernel this CPU runs
/// (AVX-512 VNNI, AVX-VNNI, AVX2) must agree with the portable one bit for bit; and the quantization error itself
/// stays within half a step.
@Suite struct QuantizedMatrixTests {
    static let formats: [WeightFormat] = [.q8, .q4, .int8Channel]

    enum Input: CaseIterable { case random, zeroBlocks, extremes, mixedScales }

    static func values(_ count: Int, _ kind: Input, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)  // seeded so that failures reproduce
        return (0..<count).map { i in
            let x = Float.random(in: -1..<1, using: &random)
            switch kind {
            case .random: return x
            case .zeroBlocks: return (i / 32) % 2 == 0 ? 0 : x  // every other block all zero (and whole rows when k ≤ 32)
            case .extremes: return x * 1e30  // scales near the top of float's range
            case .mixedScales: return i % 7 == 0 ? x * 1e6 : x * 1e-6  // tiny values next to huge ones in a block
            }
        }
    }

    /// Runs one product through every kernel and checks them against the dequantized reference.
    func check(_ format: WeightFormat, m: Int, n: Int, k: Int, _ kind: Input, accumulate: Bool = false) {
        let a = Self.values(m * k, kind, seed: UInt64(m * 1000 + k)), w = Self.values(n * k, kind == .extremes ? .random : kind, seed: UInt64(n * 7 + k))
        let matrix = QuantizedMatrix(w, rows: n, columns: k, format: format)
        let initial = Self.values(m * n, .random, seed: 99)
        var c = accumulate ? initial : [Float](repeating: .nan, count: m * n)
        let workspace = QuantizedActivations()
        for kernel in QuantKernel.supported where kernel != .portable {
            // The portable loop on the activations as this kernel quantizes them (AVX2 meets int8 weights with 7 bits).
            var portable = accumulate ? initial : [Float](repeating: .nan, count: m * n)
            matrix.multiply(a, m: m, lda: k, into: &portable, ldc: n, accumulate: accumulate, workspace: workspace, kernel: .portable,
                            activationLimit: kernel.activationLimit(format))
            var vector = accumulate ? initial : [Float](repeating: .nan, count: m * n)
            matrix.multiply(a, m: m, lda: k, into: &vector, ldc: n, accumulate: accumulate, workspace: workspace, threads: 2, kernel: kernel)
            #expect(vector == portable, "\(format) \(kind) \(m)×\(n)×\(k): \(kernel.name) and portable kernels differ")
        }
        matrix.multiply(a, m: m, lda: k, into: &c, ldc: n, accumulate: accumulate, workspace: workspace, kernel: .portable)

        var weights = [Float](repeating: 0, count: k)
        for j in 0..<n {
            matrix.dequantizeRow(j, into: &weights)
            for i in 0..<m {
                var exact = 0.0, magnitude = 0.0
                for col in 0..<k {
                    let term = Double(workspace.dequantized(row: i, column: col, columns: k)) * Double(weights[col])
                    exact += term
                    magnitude += abs(term)
                }
                if accumulate { exact += Double(initial[i * n + j]); magnitude += abs(Double(initial[i * n + j])) }
                let error = abs(Double(c[i * n + j]) - exact)
                #expect(error <= 1e-5 * magnitude + 1e-30, "\(format) \(kind) \(m)×\(n)×\(k) at (\(i), \(j)): \(c[i * n + j]) vs \(exact)")
            }
        }
    }

    @Test(arguments: formats, Input.allCases)
    func productsMatchDequantizedReference(_ format: WeightFormat, _ kind: Input) {
        // Sizes around the tiles' edges: 6 and 12 rows, 8 and 16 outputs, blocks of 32.
        for (m, n, k) in [(1, 1, 1), (5, 7, 31), (7, 9, 33), (13, 17, 100), (6, 16, 64), (25, 24, 384), (12, 16, 32), (23, 31, 65), (37, 40, 96)] {
            check(format, m: m, n: n, k: k, kind)
        }
    }

    @Test(arguments: formats) func accumulateAddsToTheOutput(_ format: WeightFormat) {
        check(format, m: 9, n: 11, k: 70, .random, accumulate: true)
    }

    @Test(arguments: formats) func zeroInputsGiveExactZeros(_ format: WeightFormat) {
        let (m, n, k) = (7, 9, 65)
        let w = Self.values(n * k, .random, seed: 3)
        let matrix = QuantizedMatrix(w, rows: n, columns: k, format: format)
        var c = [Float](repeating: .nan, count: m * n)
        matrix.multiply([Float](repeating: 0, count: m * k), m: m, lda: k, into: &c, ldc: n, workspace: QuantizedActivations())
        #expect(c.allSatisfy { $0 == 0 })
    }

    /// The activations as the vector quantizer leaves them for each kernel: each within half a step of its value, the
    /// step being the block's largest magnitude over the kernel's limit (64 for int8 weights on AVX2, else 127), which
    /// that value meets.
    @Test(arguments: [WeightFormat.q8, .q4], Input.allCases) func activationsAreWithinHalfAStep(_ format: WeightFormat, _ kind: Input) {
        for kernel in QuantKernel.supported { checkActivations(format, kind, kernel: kernel) }
    }

    func checkActivations(_ format: WeightFormat, _ kind: Input, kernel: QuantKernel) {
        let (m, n, k) = (5, 16, 100)
        let a = Self.values(m * k, kind, seed: 21), limit = Float(kernel.activationLimit(format))
        #expect(limit == (format == .q8 && kernel == .avx2 ? 64 : 127))
        let matrix = QuantizedMatrix(Self.values(n * k, .random, seed: 5), rows: n, columns: k, format: format)
        var c = [Float](repeating: 0, count: m * n)
        let workspace = QuantizedActivations()
        matrix.multiply(a, m: m, lda: k, into: &c, ldc: n, workspace: workspace, kernel: kernel)
        for row in 0..<m {
            for block in stride(from: 0, to: k, by: 32) {
                let span = block..<min(k, block + 32), largest = span.map { abs(a[row * k + $0]) }.max()!
                for col in span {
                    let value = workspace.dequantized(row: row, column: col, columns: k), original = a[row * k + col]
                    #expect(abs(value - original) <= largest / limit / 2 * 1.0001, "\(format) \(kind) (\(row), \(col)): \(value) vs \(original)")
                    if abs(original) == largest { #expect(abs(value - original) <= largest * 1e-6) }
                }
            }
        }
    }

    /// Each dequantized weight is within half a quantization step of the original (int4 rounds toward the
    /// block's extreme, which maps exactly to −8; values beyond +7 steps clamp, within one step).
    @Test(arguments: formats) func quantizationErrorIsWithinAStep(_ format: WeightFormat) {
        let (n, k) = (19, 77)
        let w = Self.values(n * k, .random, seed: 11)
        let matrix = QuantizedMatrix(w, rows: n, columns: k, format: format)
        var row = [Float](repeating: 0, count: k)
        for j in 0..<n {
            matrix.dequantizeRow(j, into: &row)
            for block in stride(from: 0, to: k, by: 32) {
                let span = block..<min(k, block + 32)
                let extreme = (format == .int8Channel ? (0..<k) : span).map { abs(w[j * k + $0]) }.max()!
                let step = format == .q4 ? extreme / 8 : extreme / 127
                for col in span {
                    #expect(abs(row[col] - w[j * k + col]) <= (format == .q4 ? step : step / 2) * 1.0001, "\(format) (\(j), \(col))")
                }
            }
        }
    }

    @Test func packedSizes() {
        // 1,536 × 384: 96 groups × 12 blocks; int8 32 bytes + 4 scale bytes per 32 weights, int4 16 + 4.
        let w = [Float](repeating: 0.5, count: 1536 * 384)
        #expect(QuantizedMatrix(w, rows: 1536, columns: 384, format: .q8).bytes == 1536 * 384 * 36 / 32)
        #expect(QuantizedMatrix(w, rows: 1536, columns: 384, format: .q4).bytes == 1536 * 384 * 20 / 32)
        #expect(QuantizedMatrix(w, rows: 1536, columns: 384, format: .int8Channel).bytes == 1536 * 384 + 1536 * 4)
    }
}
