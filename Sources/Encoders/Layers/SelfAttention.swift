import Kernels

/// Where queries, keys and values sit in the rows of a fused QKV buffer, and how heads share keys.
struct AttentionShape {
    var heads: Int
    var keyValueHeads: Int
    var headDim: Int
    /// Multiplies q·k before the softmax (usually 1/√headDim).
    var scale: Float

    var queryWidth: Int { heads * headDim }
    /// Floats per token row of the fused buffer: queries, then keys, then values.
    var rowWidth: Int { (heads + 2 * keyValueHeads) * headDim }
}

/// A bias added to every attention score by the distance between query and key (MPNet's relative positions).
protocol AttentionBias {
    /// Writes bias(head, j − i) for j − i from −(count − 1) to count − 1 into `table[0 ..< 2 · count − 1]`.
    func write(head: Int, count: Int, into table: UnsafeMutablePointer<Float>)
}

/// softmax(scale · q·kᵀ + bias) v per sequence and query head, each query head reading its key-value head (grouped
/// queries), through the fused kernel (`AttentionKernel`). The work is split by sequence, head and chunk of query rows;
/// each chunk packs only the keys its rows see, so sliding layers use memory linear in the sequence length.
final class SelfAttention {
    /// Query rows per kernel call.
    static let queryChunk = 256
    private let kernel: AttentionKernel
    private var scratch: [FloatBuffer] = []

    init(kernel: AttentionKernel = .best) {
        self.kernel = kernel
    }

    /// Attends every sequence of `lengths` (padded to `paddedLength` rows in `qkv`) and writes the heads' outputs
    /// side by side into `output` (rows of `shape.queryWidth`; padding rows are zero).
    func run(
        lengths: [Int], paddedLength: Int, qkv: UnsafePointer<Float>, shape: AttentionShape, mask: AttentionMask,
        bias: AttentionBias? = nil, into output: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let d = shape.headDim, width = shape.rowWidth, queryWidth = shape.queryWidth
        let group = shape.heads / shape.keyValueHeads
        while scratch.count < threads { scratch.append(FloatBuffer()) }
        for (b, n) in lengths.enumerated() {
            (output + (b * paddedLength + n) * queryWidth).update(repeating: 0, count: (paddedLength - n) * queryWidth)
        }
        var jobs: [(sequence: Int, head: Int, rows: Range<Int>)] = []
        for (b, n) in lengths.enumerated() {
            for head in 0..<shape.heads {
                for first in stride(from: 0, to: n, by: Self.queryChunk) { jobs.append((b, head, first..<min(n, first + Self.queryChunk))) }
            }
        }
        parallelWorkers(jobs.count, threads: threads) { range, worker in
            for (b, head, rows) in jobs[range] {
                let n = lengths[b], kvHead = head / group
                let kernelScratch = kernel.scratchCount(count: n, headDim: d, mask: mask, rows: rows)
                let buffer = scratch[worker].reserve(kernelScratch + (bias == nil ? 0 : 2 * n - 1))
                let table = buffer + kernelScratch
                bias?.write(head: head, count: n, into: table)
                let base = qkv + b * paddedLength * width
                kernel.attend(
                    q: base + head * d, k: base + queryWidth + kvHead * d, v: base + queryWidth + shape.keyValueHeads * d + kvHead * d,
                    stride: width, into: output + b * paddedLength * queryWidth + head * d, outputStride: queryWidth, count: n,
                    headDim: d, scale: shape.scale, mask: mask, distanceBias: bias == nil ? nil : UnsafePointer(table + n - 1),
                    rows: rows, scratch: buffer)
            }
        }
    }

    /// Multiply-adds of the attention products over `lengths`, for the benchmark's GFLOP/s.
    static func flops(lengths: [Int], shape: AttentionShape, mask: AttentionMask) -> Double {
        lengths.reduce(0.0) { $0 + 4 * Double(mask.pairs(count: $1)) * Double(shape.queryWidth) }
    }
}
