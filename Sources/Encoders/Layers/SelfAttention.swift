import Kernels

/// Which keys a query sees within its own sequence (padding is never seen: each sequence attends over its own tokens).
enum AttentionMask: Equatable {
    /// Every token of the sequence (BERT and the other encoders).
    case bidirectional
    /// Keys with |i − j| ≤ radius (Gemma 3's and ModernBERT's local layers).
    case window(radius: Int)
    /// Keys j ≤ i (Qwen3, a decoder).
    case causal

    /// The keys query `i` of an `n`-token sequence sees.
    func keys(of i: Int, count n: Int) -> Range<Int> {
        switch self {
        case .bidirectional: return 0..<n
        case .window(let radius): return max(0, i - radius)..<min(n, i + radius + 1)
        case .causal: return 0..<(i + 1)
        }
    }

    /// Multiply-adds of q·k and p·v over an `n`-token sequence, per unit of head width (for GFLOP/s).
    func pairs(count n: Int) -> Int {
        switch self {
        case .bidirectional: return n * n
        case .window: return (0..<n).reduce(0) { $0 + keys(of: $1, count: n).count }
        case .causal: return n * (n + 1) / 2
        }
    }
}

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

/// A bias added to every attention score by the distance between query and key (MPNet's relative positions):
/// `bias(head, j − i)`.
protocol AttentionBias {
    func add(head: Int, query: Int, keys: Range<Int>, to scores: UnsafeMutablePointer<Float>)
}

/// softmax(scale · q·kᵀ + bias) v per sequence and query head, each query head reading its key-value head (grouped
/// queries). Queries go in blocks, so the score buffer is bounded at block × visible keys: sliding layers use memory
/// linear in the sequence length.
final class SelfAttention {
    /// Query rows per block.
    static let queryBlock = 128
    private var scores: [FloatBuffer] = []

    /// Attends every sequence of `lengths` (padded to `paddedLength` rows in `qkv`) and writes the heads' outputs
    /// side by side into `output` (rows of `shape.queryWidth`; padding rows are zero).
    func run(
        lengths: [Int], paddedLength: Int, qkv: UnsafePointer<Float>, shape: AttentionShape, mask: AttentionMask,
        bias: AttentionBias? = nil, into output: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let d = shape.headDim, width = shape.rowWidth, queryWidth = shape.queryWidth
        let group = shape.heads / shape.keyValueHeads
        while scores.count < threads { scores.append(FloatBuffer()) }
        for (b, n) in lengths.enumerated() {
            (output + (b * paddedLength + n) * queryWidth).update(repeating: 0, count: (paddedLength - n) * queryWidth)
        }
        parallelWorkers(lengths.count * shape.heads, threads: threads) { range, worker in
            for job in range {
                let b = job / shape.heads, head = job % shape.heads, n = lengths[b], kvHead = head / group
                let base = qkv + b * paddedLength * width
                let q = base + head * d, k = base + queryWidth + kvHead * d
                let v = base + queryWidth + shape.keyValueHeads * d + kvHead * d
                let out = output + b * paddedLength * queryWidth + head * d
                for first in stride(from: 0, to: n, by: Self.queryBlock) {
                    let last = min(n, first + Self.queryBlock)
                    let keys = mask.keys(of: first, count: n).lowerBound..<mask.keys(of: last - 1, count: n).upperBound
                    let s = scores[worker].reserve((last - first) * keys.count)
                    BLAS.gemm(m: last - first, n: keys.count, k: d, a: q + first * width, lda: width, b: k + keys.lowerBound * width,
                              ldb: width, bTransposed: true, c: s, ldc: keys.count, alpha: shape.scale)
                    for i in first..<last {
                        let row = s + (i - first) * keys.count
                        let visible = mask.keys(of: i, count: n)
                        bias?.add(head: head, query: i, keys: keys, to: row)
                        row.update(repeating: 0, count: visible.lowerBound - keys.lowerBound)
                        (row + visible.upperBound - keys.lowerBound).update(repeating: 0, count: keys.upperBound - visible.upperBound)
                        VectorMath.softmax(row + visible.lowerBound - keys.lowerBound, count: visible.count)
                    }
                    BLAS.gemm(m: last - first, n: d, k: keys.count, a: s, lda: keys.count, b: v + keys.lowerBound * width, ldb: width,
                              bTransposed: false, c: out + first * queryWidth, ldc: queryWidth)
                }
            }
        }
    }

    /// Multiply-adds of the attention products over `lengths`, for the benchmark's GFLOP/s.
    static func flops(lengths: [Int], shape: AttentionShape, mask: AttentionMask) -> Double {
        lengths.reduce(0.0) { $0 + 4 * Double(mask.pairs(count: $1)) * Double(shape.queryWidth) }
    }
}
