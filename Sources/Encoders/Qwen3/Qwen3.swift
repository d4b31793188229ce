import Foundation
import Kernels

/// Qwen3 (Qwen3-Embedding's decoder) in float32 on OpenBLAS (linear layers optionally quantized: `LinearWeight`),
/// computed as transformers' `models/qwen3/modeling_qwen3.py` does: pre-norm layers with RMSNorm (weight w, not
/// Gemma's 1 + w), grouped-query causal attention with per-head q/k RMSNorm and rotary embeddings, and a SwiGLU
/// feed-forward. Each sequence runs over its own tokens from position 0, which is what left padding with its
/// attention mask computes (rotary scores depend only on the distance between positions).
enum Qwen3 {
    final class Model: Backbone {
        let config: Config
        let weights: Weights
        var hiddenSize: Int { config.hidden_size }
        var maxPositions: Int { config.max_position_embeddings }
        var vocabularySize: Int { config.vocab_size }
        var weightBytes: Int { weights.bytes }
        var timer = PhaseTimer()

        // Workspace, reused across batches and layers.
        let hidden = FloatBuffer(), normed = FloatBuffer(), qkv = FloatBuffer(), context = FloatBuffer(), mlp = FloatBuffer()
        let quantizedActivations = QuantizedActivations()
        let selfAttention = SelfAttention()
        var rotary: RotaryTable

        init(folder: URL, variant: WeightsVariant) throws {
            let files = try TransformerFiles<Config>(folder: folder)
            config = files.config
            weights = try Weights(file: files.weights, config: config, variant: variant)
            rotary = RotaryTable(base: config.ropeBase, dimension: config.headDim)
        }

        func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int) {
            let c = config, h = c.hidden_size, d = c.headDim, inter = c.intermediate_size
            let shape = AttentionShape(heads: c.num_attention_heads, keyValueHeads: c.keyValueHeads, headDim: d, scale: 1 / Float(d).squareRoot())
            let lengths = batch.map(\.count), length = lengths.max() ?? 0
            let rows = batch.count * length
            let x = hidden.reserve(rows * h), n = normed.reserve(rows * h)
            let qkvData = qkv.reserve(rows * shape.rowWidth), ctx = context.reserve(rows * shape.queryWidth), m = mlp.reserve(rows * 2 * inter)
            rotary.extend(to: length)
            let f = 2 * Double(rows)
            let (matmul, elementwise) = ("matrix products", "element-wise")
            let attentionWork = SelfAttention.flops(lengths: lengths, shape: shape, mask: .causal)

            timer.measure(elementwise) { weights.embeddings.gather(batch, length: length, into: x) }
            for layer in weights.layers {
                // Qwen3DecoderLayer.forward: x += self_attn(input_layernorm(x)); x += mlp(post_attention_layernorm(x)).
                timer.measure(elementwise) { normalize(x, into: n, rows: rows, weight: layer.inputNorm, threads: threads) }
                timer.measure(matmul, flops: f * Double(shape.rowWidth * h)) {
                    layer.qkv.apply(n, m: rows, lda: h, into: qkvData, ldc: shape.rowWidth, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    rotary.rotateQueriesAndKeys(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, threads: threads) { vector, isQuery in
                        VectorMath.rmsNorm(vector, rows: 1, columns: d, weight: (isQuery ? layer.queryNorm : layer.keyNorm).pointer, offset: 0, eps: c.eps)
                    }
                }
                timer.measure("attention", flops: attentionWork) {
                    selfAttention.run(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, mask: .causal, into: ctx, threads: threads)
                }
                timer.measure(matmul, flops: f * Double(shape.queryWidth * h)) {
                    layer.output.apply(ctx, m: rows, lda: shape.queryWidth, into: x, ldc: h, accumulate: true,
                                       workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { normalize(x, into: n, rows: rows, weight: layer.postAttentionNorm, threads: threads) }
                timer.measure(matmul, flops: f * Double(2 * inter * h)) {
                    layer.gateUp.apply(n, m: rows, lda: h, into: m, ldc: 2 * inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { GatedActivation.silu.apply(m, rows: rows, width: inter, threads: threads) }
                timer.measure(matmul, flops: f * Double(inter * h)) {
                    layer.down.apply(m, m: rows, lda: 2 * inter, into: x, ldc: h, accumulate: true, workspace: quantizedActivations, threads: threads)
                }
            }
            // Qwen3Model.forward: the final norm.
            timer.measure(elementwise) { normalize(x, into: x, rows: rows, weight: weights.finalNorm, threads: threads) }
            return (UnsafePointer(x), length)
        }

        /// Qwen3RMSNorm of every row of `input` into `output` (which may be `input`).
        func normalize(_ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, weight: FloatBuffer, threads: Int) {
            RowNorms.rms(input, into: output, rows: rows, width: config.hidden_size, weight: weight, offset: 0, eps: config.eps, threads: threads)
        }
    }
}
