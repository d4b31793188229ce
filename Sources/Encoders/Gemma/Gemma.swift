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
        let selfAttention = SelfAttention()
        var rotary: (sliding: RotaryTable, full: RotaryTable)

        init(folder: URL, variant: WeightsVariant) throws {
            let files = try TransformerFiles<Config>(folder: folder)
            config = files.config
            weights = try Weights(file: files.weights, config: config, variant: variant)
            slidingLayers = config.slidingLayers
            let base = config.ropeBase
            rotary = (RotaryTable(base: base.sliding, dimension: config.head_dim), RotaryTable(base: base.full, dimension: config.head_dim))
        }

        func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int) {
            let c = config, h = c.hidden_size, d = c.head_dim, inter = c.intermediate_size
            let queryWidth = c.num_attention_heads * d, width = queryWidth + 2 * c.num_key_value_heads * d
            let lengths = batch.map(\.count), length = lengths.max() ?? 0
            let rows = batch.count * length
            let x = hidden.reserve(rows * h), n = normed.reserve(rows * h)
            let qkvData = qkv.reserve(rows * width), ctx = context.reserve(rows * queryWidth), m = mlp.reserve(rows * 2 * inter)
            rotary.sliding.extend(to: length)
            rotary.full.extend(to: length)
            let f = 2 * Double(rows)
            let (matmul, elementwise) = ("matrix products", "element-wise")
            let shape = attentionShape, masks = (sliding: AttentionMask.window(radius: c.slidingRadius), full: AttentionMask.bidirectional)
            let attentionWork = (sliding: SelfAttention.flops(lengths: lengths, shape: shape, mask: masks.sliding),
                                 full: SelfAttention.flops(lengths: lengths, shape: shape, mask: masks.full))

            timer.measure(elementwise) {
                embed(batch, length: length, into: x)
                normalize(x, into: n, rows: rows, weight: weights.layers[0].inputNorm, threads: threads)
            }
            for (l, layer) in weights.layers.enumerated() {
                let sliding = slidingLayers[l]
                // Gemma3DecoderLayer.forward: x += post_attention_layernorm(self_attn(input_layernorm(x))); n holds
                // input_layernorm(x), written where the previous sublayer closed.
                timer.measure(matmul, flops: f * Double(width * h)) {
                    layer.qkv.apply(n, m: rows, lda: h, into: qkvData, ldc: width, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    // Gemma3Attention.forward: per-head q_norm and k_norm, then rotary embeddings.
                    (sliding ? rotary.sliding : rotary.full).rotateQueriesAndKeys(
                        lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, threads: threads
                    ) { vector, isQuery in
                        VectorMath.rmsNorm(vector, rows: 1, columns: d, weight: (isQuery ? layer.queryNorm : layer.keyNorm).pointer, offset: 1, eps: c.eps)
                    }
                }
                timer.measure("attention", flops: sliding ? attentionWork.sliding : attentionWork.full) {
                    // Each query head reads its KV head (repeat_kv); sliding layers see keys with |i − j| ≤ radius only.
                    selfAttention.run(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape,
                                      mask: sliding ? masks.sliding : masks.full, into: ctx, threads: threads)
                }
                timer.measure(matmul, flops: f * Double(queryWidth * h)) {
                    layer.output.apply(ctx, m: rows, lda: queryWidth, into: n, ldc: h, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    closeSublayer(n, into: x, rows: rows, post: layer.postAttentionNorm, next: (layer.preFeedForwardNorm, n), threads: threads)
                }
                // Then x += post_feedforward_layernorm(mlp(pre_feedforward_layernorm(x))), with
                // Gemma3MLP: down_proj(gelu_tanh(gate_proj(x)) * up_proj(x)).
                timer.measure(matmul, flops: f * Double(2 * inter * h)) {
                    layer.gateUp.apply(n, m: rows, lda: h, into: m, ldc: 2 * inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { GatedActivation.geluTanh.apply(m, rows: rows, width: inter, threads: threads) }
                timer.measure(matmul, flops: f * Double(inter * h)) {
                    layer.down.apply(m, m: rows, lda: 2 * inter, into: n, ldc: h, workspace: quantizedActivations, threads: threads)
                }
                // The next layer's input_layernorm, or after the last layer Gemma3TextModel.forward's final norm, in place.
                let next = l + 1 < weights.layers.count ? (weights.layers[l + 1].inputNorm, n) : (weights.finalNorm, x)
                timer.measure(elementwise) { closeSublayer(n, into: x, rows: rows, post: layer.postFeedForwardNorm, next: next, threads: threads) }
            }
            return (UnsafePointer(x), length)
        }

        /// Token embeddings times √hidden, rounded to float32 first as Gemma3TextScaledWordEmbedding does
        /// (`embed_scale.to(self.weight.dtype)`); padding rows are zero and stay zero through every layer.
        func embed(_ batch: [[Int32]], length: Int, into x: UnsafeMutablePointer<Float>) {
            weights.embeddings.gather(batch, length: length, into: x, scale: Float(Double(config.hidden_size).squareRoot()))
        }

        /// Gemma3RMSNorm of every row of `input` into `output` (which may be `input`).
        func normalize(_ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, weight: FloatBuffer, threads: Int) {
            RowNorms.rms(input, into: output, rows: rows, width: config.hidden_size, weight: weight, offset: 1, eps: config.eps, threads: threads)
        }

        /// x += RMSNorm_post(y), the sandwich norm closing each sublayer, then RMSNorm_next(x) into `next.output` (`y`
        /// for the next sublayer's input, or `x` for the final norm): one row at a time, while it is in cache.
        func closeSublayer(
            _ y: UnsafeMutablePointer<Float>, into x: UnsafeMutablePointer<Float>, rows: Int, post: FloatBuffer,
            next: (weight: FloatBuffer, output: UnsafeMutablePointer<Float>), threads: Int
        ) {
            let h = config.hidden_size, eps = config.eps
            parallelChunks(rows, threads: threads) { range in
                for r in range {
                    let (yRow, xRow, outputRow) = (y + r * h, x + r * h, next.output + r * h)
                    VectorMath.rmsNorm(yRow, rows: 1, columns: h, weight: post.pointer, offset: 1, eps: eps)
                    VectorMath.add(yRow, into: xRow, count: h)
                    if outputRow != xRow { outputRow.update(from: xRow, count: h) }
                    VectorMath.rmsNorm(outputRow, rows: 1, columns: h, weight: next.weight.pointer, offset: 1, eps: eps)
                }
            }
        }

        /// softmax(q·k · query_pre_attn_scalar^-½) v, with grouped query heads.
        var attentionShape: AttentionShape {
            AttentionShape(heads: config.num_attention_heads, keyValueHeads: config.num_key_value_heads, headDim: config.head_dim,
                           scale: Float(pow(config.query_pre_attn_scalar, -0.5)))
        }
    }
}
