import Foundation
import Kernels

/// cos and sin of the rotary embedding for each position, in float32 as transformers' default RoPE computes them
/// (Gemma 3, Qwen3, ModernBERT, NomicBERT): inv_freq = 1 / base^(2i/d), angle = position · inv_freq; applied by
/// rotate-half (`apply_rotary_pos_emb`).
struct RotaryTable {
    let half: Int
    let inverseFrequencies: [Float]
    private(set) var cosines: [Float] = []
    private(set) var sines: [Float] = []

    init(base: Double, dimension: Int) {
        half = dimension / 2
        inverseFrequencies = (0..<half).map { 1 / pow(Float(base), Float(2 * $0) / Float(dimension)) }
    }

    /// Makes sure positions 0..<count are in the table.
    mutating func extend(to count: Int) {
        var position = cosines.count / max(half, 1)
        while position < count {
            for frequency in inverseFrequencies {
                let angle = Float(position) * frequency
                cosines.append(cos(angle))
                sines.append(sin(angle))
            }
            position += 1
        }
    }

    /// q·cos + rotate_half(q)·sin for one head vector at `position`.
    func rotate(_ vector: UnsafeMutablePointer<Float>, position: Int) {
        let offset = position * half
        for i in 0..<half {
            let a = vector[i], b = vector[i + half], c = cosines[offset + i], s = sines[offset + i]
            vector[i] = a * c - b * s
            vector[i + half] = b * c + a * s
        }
    }

    /// Rotates the query and key heads of every real token of a fused QKV buffer (rows of `shape.rowWidth`, sequences
    /// padded to `paddedLength`), each at its position in its sequence; `normalize`, when given, runs on each head
    /// first (Gemma 3's and Qwen3's q_norm and k_norm: `true` for a query head).
    func rotateQueriesAndKeys(
        lengths: [Int], paddedLength: Int, qkv: UnsafeMutablePointer<Float>, shape: AttentionShape, threads: Int,
        normalize: ((UnsafeMutablePointer<Float>, _ isQuery: Bool) -> Void)? = nil
    ) {
        let d = shape.headDim, width = shape.rowWidth
        parallelChunks(lengths.count * paddedLength, threads: threads) { range in
            for row in range where row % paddedLength < lengths[row / paddedLength] {
                let position = row % paddedLength, base = qkv + row * width
                for head in 0..<(shape.heads + shape.keyValueHeads) {
                    let vector = base + head * d
                    normalize?(vector, head < shape.heads)
                    rotate(vector, position: position)
                }
            }
        }
    }
}
