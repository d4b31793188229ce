import EvalMetrics
import Foundation
import Testing
@testable import Kernels

/// Every fused attention kernel this CPU runs against attention computed in double the plain way (all scores, then the
/// softmax, then the weighted sum): head widths that fill no vector, one, or many; sequences shorter than a tile and
/// longer than a block; every mask; with and without a distance bias; rows split over two calls. Only the output
/// rows and columns of the call may change.
@Suite struct AttentionKernelTests {
    static let masks: [AttentionMask] = [.bidirectional, .window(radius: 3), .window(radius: 40), .causal]

    /// softmax(scale · q·kᵀ + bias) v for one query, in double.
    static func reference(_ qkv: [Float], stride: Int, d: Int, n: Int, i: Int, scale: Float, mask: AttentionMask, bias: [Float]?) -> [Double] {
        let keys = mask.keys(of: i, count: n)
        let scores = keys.map { j in
            let dot = (0..<d).reduce(0.0) { $0 + Double(qkv[i * stride + $1]) * Double(qkv[j * stride + d + $1]) }
            return Double(scale) * dot + (bias.map { Double($0[j - i + n - 1]) } ?? 0)
        }
        let top = scores.max()!
        let weights = scores.map { Foundation.exp($0 - top) }, total = weights.reduce(0, +)
        return (0..<d).map { c in zip(keys, weights).reduce(0.0) { $0 + $1.1 * Double(qkv[$1.0 * stride + 2 * d + c]) } / total }
    }

    @Test(arguments: [4, 12, 16, 32, 64, 256])
    func matchesPlainAttention(d: Int) {
        var random = SeededRandom(seed: UInt64(d))
        // Long sequences only for narrow heads: the double reference is slow in a debug build.
        for n in d <= 32 ? [1, 2, 7, 16, 17, 33, 100, 300] : [1, 7, 17, 100, 130] {
            let stride = 3 * d + 5, outputStride = d + 3
            let qkv = (0..<n * stride).map { _ in Float.random(in: -2..<2, using: &random) }
            let table = (0..<(2 * n - 1)).map { _ in Float.random(in: -3..<3, using: &random) }
            let scale = 1 / Float(d).squareRoot()
            for mask in Self.masks {
                for bias in [nil, table] {
                    let expected = (0..<n).map { Self.reference(qkv, stride: stride, d: d, n: n, i: $0, scale: scale, mask: mask, bias: bias) }
                    for kernel in AttentionKernel.supported {
                        var output = [Float](repeating: .nan, count: n * outputStride)
                        let split = n / 3
                        for rows in [0..<split, split..<n] where !rows.isEmpty {
                            var scratch = [Float](repeating: .nan, count: kernel.scratchCount(count: n, headDim: d, mask: mask, rows: rows))
                            qkv.withUnsafeBufferPointer { qkv in
                                (bias ?? []).withUnsafeBufferPointer { table in
                                    output.withUnsafeMutableBufferPointer { output in
                                        kernel.attend(q: qkv.baseAddress!, k: qkv.baseAddress! + d, v: qkv.baseAddress! + 2 * d, stride: stride,
                                                      into: output.baseAddress!, outputStride: outputStride, count: n, headDim: d, scale: scale,
                                                      mask: mask, distanceBias: bias == nil ? nil : table.baseAddress! + n - 1, rows: rows,
                                                      scratch: &scratch)
                                    }
                                }
                            }
                        }
                        var worst = 0.0
                        for i in 0..<n {
                            for c in 0..<d { worst = max(worst, abs(Double(output[i * outputStride + c]) - expected[i][c])) }
                            let untouched = output[(i * outputStride + d)..<((i + 1) * outputStride)].allSatisfy { $0.isNaN }
                            #expect(untouched, "columns past d written")
                        }
                        #expect(worst <= 1e-5, "\(kernel.name), d \(d), n \(n), \(mask), bias \(bias != nil): largest difference \(worst)")
                    }
                }
            }
        }
    }
}
