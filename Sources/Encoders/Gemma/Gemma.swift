import Foundation
import Kernels

/// Gemma 3 with bidirectional attention (EmbeddingGemma's encoder) in float32 on OpenBLAS (linear layers
/// optionally quantized: `LinearWeight`), computed as
/// transformers' `models/gemma3/modeling_gemma3.py` does; the comments name the reference code.
enum Gemma {
    final class Model: Backbone {
        let config: Config
        let weights: Weights
        let slidingLayers: [Bool]
        var hiddenSize: Int { config.hidden_size }
        var maxPositions: Int { config.max_position_embeddings }
        var vocabularySize: Int { config.vocab_size }
        var weightBytes: Int { weights.bytes }
        var timer = PhaseTimer()

        // Workspace, reused across batches and layers.
        let hidden = FloatBuffer(), normed = FloatBuffer(), qkv = FloatBuffer(), context = FloatBuffer(), mlp = FloatBuffer()
        let quantizedActivations = QuantizedActivations()
        var scores: [FloatBuffer] = []
        var rotary: (sliding: RotaryTable, full: RotaryTable)

        /// Query rows per attention block: bounds the score buffer at block × keys, so that sliding layers
        /// use memory linear in the sequence length.
        static let queryBlock = 128

        init(folder: URL, variant: WeightsVariant) throws {
            let configURL = folder.appendingPathComponent("config.json")
            config = try readJSON(Config.self, configURL)
            try config.validate(path: configURL.path)
            let weightsURL = folder.appendingPathComponent("model.safetensors")
            guard FileManager.default.fileExists(atPath: weightsURL.path) else {
                throw EncoderError("\(folder.path) has no model.safetensors")
            }
            weights = try Weights(file: SafeTensorsFile(url: weightsURL), config: config, variant: variant)
            slidingLayers = config.slidingLayers
            let base = config.ropeBase
            rotary = (RotaryTable(base: base.sliding, dimension: config.head_dim), RotaryTable(base: base.full, dimension: config.head_dim))
        }

        func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int) {
            let c = config, h = c.hidden_size, d = c.head_dim, inter = c.intermediate_size
            let queryWidth = c.num_attention_heads * d, width = queryWidth + 2 * c.num_key_value_heads * d
            let length = batch.map(\.count).max() ?? 0
            let rows = batch.count * length
            let x = hidden.reserve(rows * h), n = normed.reserve(rows * h)
            let qkvData = qkv.reserve(rows * width), ctx = context.reserve(rows * queryWidth), m = mlp.reserve(rows * 2 * inter)
            while scores.count < threads { scores.append(FloatBuffer()) }
            rotary.sliding.extend(to: length)
            rotary.full.extend(to: length)
            let f = 2 * Double(rows)
            let (matmul, elementwise) = ("matrix products", "element-wise")
            let attentionWork = (sliding: attentionFlops(batch, sliding: true), full: attentionFlops(batch, sliding: false))

            timer.measure(elementwise) { embed(batch, length: length, into: x) }
            for (l, layer) in weights.layers.enumerated() {
                let sliding = slidingLayers[l]
                // Gemma3DecoderLayer.forward: x += post_attention_layernorm(self_attn(input_layernorm(x))).
                timer.measure(elementwise) { normalize(x, into: n, rows: rows, weight: layer.inputNorm, threads: threads) }
                timer.measure(matmul, flops: f * Double(width * h)) {
                    layer.qkv.apply(n, m: rows, lda: h, into: qkvData, ldc: width, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    prepareQueriesAndKeys(batch, length: length, qkv: qkvData, layer: layer, table: sliding ? rotary.sliding : rotary.full, threads: threads)
                }
                timer.measure("attention", flops: sliding ? attentionWork.sliding : attentionWork.full) {
                    attention(batch, length: length, qkv: qkvData, sliding: sliding, into: ctx, threads: threads)
                }
                timer.measure(matmul, flops: f * Double(queryWidth * h)) {
                    layer.output.apply(ctx, m: rows, lda: queryWidth, into: n, ldc: h, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { normalizeAndAdd(n, into: x, rows: rows, weight: layer.postAttentionNorm, threads: threads) }
                // Then x += post_feedforward_layernorm(mlp(pre_feedforward_layernorm(x))), with
                // Gemma3MLP: down_proj(gelu_tanh(gate_proj(x)) * up_proj(x)).
                timer.measure(elementwise) { normalize(x, into: n, rows: rows, weight: layer.preFeedForwardNorm, threads: threads) }
                timer.measure(matmul, flops: f * Double(2 * inter * h)) {
                    layer.gateUp.apply(n, m: rows, lda: h, into: m, ldc: 2 * inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    parallelChunks(rows, threads: threads) { range in
                        for r in range { VectorMath.geluTanhGated(m + r * 2 * inter, up: m + r * 2 * inter + inter, count: inter) }
                    }
                }
                timer.measure(matmul, flops: f * Double(inter * h)) {
                    layer.down.apply(m, m: rows, lda: 2 * inter, into: n, ldc: h, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { normalizeAndAdd(n, into: x, rows: rows, weight: layer.postFeedForwardNorm, threads: threads) }
            }
            // Gemma3TextModel.forward: the final norm.
            timer.measure(elementwise) { normalize(x, into: x, rows: rows, weight: weights.finalNorm, threads: threads) }
            return (UnsafePointer(x), length)
        }

        /// Token embeddings times √hidden, rounded to float32 first as Gemma3TextScaledWordEmbedding does
        /// (`embed_scale.to(self.weight.dtype)`); padding rows are zero and stay zero through every layer.
        func embed(_ batch: [[Int32]], length: Int, into x: UnsafeMutablePointer<Float>) {
            let h = config.hidden_size
            let scale = Float(Double(h).squareRoot())
            for (b, ids) in batch.enumerated() {
                for t in 0..<length {
                    let row = x + (b * length + t) * h
                    guard t < ids.count else { row.update(repeating: 0, count: h); continue }
                    weights.embeddings.copyRow(Int(ids[t]), into: row)
                    VectorMath.scale(row, count: h, by: scale)
                }
            }
        }

        /// Gemma3RMSNorm of every row of `input` into `output` (which may be `input`).
        func normalize(_ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, weight: FloatBuffer, threads: Int) {
            let h = config.hidden_size, eps = config.eps
            parallelChunks(rows, threads: threads) { range in
                let start = range.lowerBound * h
                if output != input { (output + start).update(from: input + start, count: range.count * h) }
                VectorMath.rmsNorm(output + start, rows: range.count, columns: h, weight: weight.pointer, eps: eps)
            }
        }

        /// x += RMSNorm(y): the sandwich norm closing each sublayer.
        func normalizeAndAdd(_ y: UnsafeMutablePointer<Float>, into x: UnsafeMutablePointer<Float>, rows: Int, weight: FloatBuffer, threads: Int) {
            let h = config.hidden_size, eps = config.eps
            parallelChunks(rows, threads: threads) { range in
                let start = range.lowerBound * h
                VectorMath.rmsNorm(y + start, rows: range.count, columns: h, weight: weight.pointer, eps: eps)
                VectorMath.add(y + start, into: x + start, count: range.count * h)
            }
        }

        /// Per-head q_norm and k_norm, then rotary embeddings at each token's position (Gemma3Attention.forward).
        func prepareQueriesAndKeys(_ batch: [[Int32]], length: Int, qkv: UnsafeMutablePointer<Float>, layer: LayerWeights, table: RotaryTable, threads: Int) {
            let c = config, d = c.head_dim, heads = c.num_attention_heads, kvHeads = c.num_key_value_heads
            let width = (heads + 2 * kvHeads) * d, eps = c.eps
            parallelChunks(batch.count * length, threads: threads) { range in
                for row in range where row % length < batch[row / length].count {
                    let position = row % length, base = qkv + row * width
                    for head in 0..<(heads + kvHeads) {
                        let vector = base + head * d
                        VectorMath.rmsNorm(vector, rows: 1, columns: d, weight: (head < heads ? layer.queryNorm : layer.keyNorm).pointer, eps: eps)
                        table.rotate(vector, position: position)
                    }
                }
            }
        }

        /// Multiply-adds of the attention products, for the benchmark's GFLOP/s.
        func attentionFlops(_ batch: [[Int32]], sliding: Bool) -> Double {
            let width = Double(config.num_attention_heads * config.head_dim), radius = config.slidingRadius
            return batch.reduce(0.0) { total, ids in
                let n = ids.count
                let keys = sliding ? (0..<n).reduce(0) { $0 + min(n, $1 + radius + 1) - max(0, $1 - radius) } : n * n
                return total + 4 * Double(keys) * width
            }
        }

        /// softmax(q·k · query_pre_attn_scalar^-½) v per sequence and query head, each query head reading
        /// its KV head (repeat_kv). Sliding layers see keys with |i − j| ≤ radius only. Queries go in
        /// blocks, and a block's scores span only the keys any of its rows can see.
        func attention(_ batch: [[Int32]], length: Int, qkv: UnsafeMutablePointer<Float>, sliding: Bool, into ctx: UnsafeMutablePointer<Float>, threads: Int) {
            let c = config, d = c.head_dim, heads = c.num_attention_heads, kvHeads = c.num_key_value_heads
            let queryWidth = heads * d, width = queryWidth + 2 * kvHeads * d, group = heads / kvHeads
            let scale = Float(pow(c.query_pre_attn_scalar, -0.5)), radius = sliding ? c.slidingRadius : Int.max / 4
            ctx.update(repeating: 0, count: batch.count * length * queryWidth)
            parallelWorkers(batch.count * heads, threads: threads) { range, worker in
                for job in range {
                    let b = job / heads, head = job % heads, n = batch[b].count, kvHead = head / group
                    let base = qkv + b * length * width
                    let q = base + head * d, k = base + queryWidth + kvHead * d, v = base + queryWidth + kvHeads * d + kvHead * d
                    let out = ctx + b * length * queryWidth + head * d
                    for first in stride(from: 0, to: n, by: Self.queryBlock) {
                        let last = min(n, first + Self.queryBlock)
                        let keys = max(0, first - radius)..<min(n, last + radius)
                        let s = scores[worker].reserve((last - first) * keys.count)
                        BLAS.gemm(m: last - first, n: keys.count, k: d, a: q + first * width, lda: width, b: k + keys.lowerBound * width, ldb: width,
                                  bTransposed: true, c: s, ldc: keys.count, alpha: scale)
                        for i in first..<last {
                            let row = s + (i - first) * keys.count
                            let visible = max(keys.lowerBound, i - radius)..<min(keys.upperBound, i + radius + 1)
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
    }
}
