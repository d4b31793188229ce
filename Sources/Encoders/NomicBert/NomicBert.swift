import Foundation
import Kernels

/// NomicBERT (nomic-embed-text) in float32 on OpenBLAS (linear layers optionally quantized: `LinearWeight`), computed
/// as transformers' `models/nomic_bert/modeling_nomic_bert.py` does: word + token-type embeddings and a LayerNorm, then
/// post-norm layers (x = LN(x + attention(x)), x = LN(x + SwiGLU(x))) with rotary embeddings and no biases.
enum NomicBert {
    final class Model: Backbone {
        let config: Config
        let weights: Weights
        var hiddenSize: Int { config.width }
        var maxPositions: Int { config.positions }
        var vocabularySize: Int { config.vocab_size }
        var weightBytes: Int { weights.bytes }
        var timer = PhaseTimer()

        // Workspace, reused across batches and layers.
        let hidden = FloatBuffer(), qkv = FloatBuffer(), context = FloatBuffer(), mlp = FloatBuffer()
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
            let c = config, h = c.width, inter = c.intermediate
            let shape = AttentionShape(heads: c.heads, keyValueHeads: c.heads, headDim: c.headDim, scale: 1 / Float(c.headDim).squareRoot())
            let lengths = batch.map(\.count), length = lengths.max() ?? 0
            let rows = batch.count * length
            let x = hidden.reserve(rows * h)
            let qkvData = qkv.reserve(rows * shape.rowWidth), ctx = context.reserve(rows * h), m = mlp.reserve(rows * 2 * inter)
            rotary.extend(to: length)
            let f = 2 * Double(rows)
            let (matmul, elementwise) = ("matrix products", "element-wise")
            let attentionWork = SelfAttention.flops(lengths: lengths, shape: shape, mask: .bidirectional)

            timer.measure(elementwise) { embed(batch, length: length, into: x) }
            for layer in weights.layers {
                // NomicBertLayer.forward: x = post_attention_layernorm(x + self_attn(x)).
                timer.measure(matmul, flops: f * Double(3 * h * h)) {
                    layer.qkv.apply(x, m: rows, lda: h, into: qkvData, ldc: shape.rowWidth, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    rotary.rotateQueriesAndKeys(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, threads: threads)
                }
                timer.measure("attention", flops: attentionWork) {
                    selfAttention.run(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, mask: .bidirectional, into: ctx, threads: threads)
                }
                timer.measure(matmul, flops: f * Double(h * h)) {
                    layer.output.apply(ctx, m: rows, lda: h, into: x, ldc: h, accumulate: true, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    RowNorms.layer(x, into: x, rows: rows, width: h, gamma: layer.attentionNormWeight, beta: layer.attentionNormBias, eps: c.eps, threads: threads)
                }
                // Then x = post_mlp_layernorm(x + down(silu(gate(x)) * up(x))).
                timer.measure(matmul, flops: f * Double(2 * inter * h)) {
                    layer.gateUp.apply(x, m: rows, lda: h, into: m, ldc: 2 * inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { GatedActivation.silu.apply(m, rows: rows, width: inter, threads: threads) }
                timer.measure(matmul, flops: f * Double(inter * h)) {
                    layer.down.apply(m, m: rows, lda: 2 * inter, into: x, ldc: h, accumulate: true, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    RowNorms.layer(x, into: x, rows: rows, width: h, gamma: layer.mlpNormWeight, beta: layer.mlpNormBias, eps: c.eps, threads: threads)
                }
            }
            return (UnsafePointer(x), length)
        }

        /// word + token-type (0) embeddings, LayerNorm; padding rows are zero.
        func embed(_ batch: [[Int32]], length: Int, into x: UnsafeMutablePointer<Float>) {
            let h = config.width
            weights.wordEmbeddings.gather(batch, length: length, into: x)
            for (b, ids) in batch.enumerated() {
                let sequence = x + b * length * h
                for t in 0..<ids.count { VectorMath.add(weights.tokenTypeEmbeddings.pointer, into: sequence + t * h, count: h) }
                VectorMath.layerNorm(sequence, rows: ids.count, columns: h, gamma: weights.embeddingNormWeight.pointer,
                                     beta: weights.embeddingNormBias.pointer, eps: config.eps)
            }
        }
    }
}
