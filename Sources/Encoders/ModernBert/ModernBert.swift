import Foundation
import Kernels

/// ModernBERT (gte-modernbert, modernbert-embed) in float32 on OpenBLAS (linear layers optionally quantized:
/// `LinearWeight`), computed as transformers' `models/modernbert/modeling_modernbert.py` does: token embeddings and a
/// LayerNorm, pre-norm layers alternating global attention and local attention within a window, rotary embeddings with
/// a base per kind of layer, a GeGLU feed-forward, bias-free linear layers, and a final norm. Each sequence runs over
/// its own tokens only (the unpadded batches ModernBERT was built for).
enum ModernBert {
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
            rotary = (RotaryTable(base: base.sliding, dimension: config.headDim), RotaryTable(base: base.full, dimension: config.headDim))
        }

        func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int) {
            let c = config, h = c.hidden_size, inter = c.intermediate_size
            let shape = AttentionShape(heads: c.num_attention_heads, keyValueHeads: c.num_attention_heads, headDim: c.headDim,
                                       scale: 1 / Float(c.headDim).squareRoot())
            let lengths = batch.map(\.count), length = lengths.max() ?? 0
            let rows = batch.count * length
            let x = hidden.reserve(rows * h), n = normed.reserve(rows * h)
            let qkvData = qkv.reserve(rows * shape.rowWidth), ctx = context.reserve(rows * h), m = mlp.reserve(rows * 2 * inter)
            rotary.sliding.extend(to: length)
            rotary.full.extend(to: length)
            let f = 2 * Double(rows)
            let (matmul, elementwise) = ("matrix products", "element-wise")
            let masks = (sliding: AttentionMask.window(radius: c.slidingRadius), full: AttentionMask.bidirectional)
            let attentionWork = (sliding: SelfAttention.flops(lengths: lengths, shape: shape, mask: masks.sliding),
                                 full: SelfAttention.flops(lengths: lengths, shape: shape, mask: masks.full))

            timer.measure(elementwise) {
                weights.embeddings.gather(batch, length: length, into: x)
                normalize(x, into: x, rows: rows, norm: weights.embeddingNorm, threads: threads)
            }
            for (l, layer) in weights.layers.enumerated() {
                let sliding = slidingLayers[l]
                // ModernBertEncoderLayer.forward: x += attn(attn_norm(x)); x += mlp(mlp_norm(x)).
                timer.measure(elementwise) {
                    if let norm = layer.attentionNorm { normalize(x, into: n, rows: rows, norm: norm, threads: threads) }
                }
                timer.measure(matmul, flops: f * Double(3 * h * h)) {
                    layer.qkv.apply(layer.attentionNorm == nil ? x : n, m: rows, lda: h, into: qkvData, ldc: shape.rowWidth,
                                    workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    (sliding ? rotary.sliding : rotary.full).rotateQueriesAndKeys(
                        lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, threads: threads)
                }
                timer.measure("attention", flops: sliding ? attentionWork.sliding : attentionWork.full) {
                    selfAttention.run(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape,
                                      mask: sliding ? masks.sliding : masks.full, into: ctx, threads: threads)
                }
                timer.measure(matmul, flops: f * Double(h * h)) {
                    layer.output.apply(ctx, m: rows, lda: h, into: x, ldc: h, accumulate: true, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { normalize(x, into: n, rows: rows, norm: layer.mlpNorm, threads: threads) }
                // ModernBertMLP: Wo(gelu(input) * gate), input and gate the two halves of Wi's output.
                timer.measure(matmul, flops: f * Double(2 * inter * h)) {
                    layer.inputGate.apply(n, m: rows, lda: h, into: m, ldc: 2 * inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) { GatedActivation.geluErfOnInput.apply(m, rows: rows, width: inter, threads: threads) }
                timer.measure(matmul, flops: f * Double(inter * h)) {
                    layer.down.apply(m, m: rows, lda: 2 * inter, into: x, ldc: h, accumulate: true, workspace: quantizedActivations, threads: threads)
                }
            }
            timer.measure(elementwise) { normalize(x, into: x, rows: rows, norm: weights.finalNorm, threads: threads) }
            return (UnsafePointer(x), length)
        }

        /// LayerNorm of every row of `input` into `output` (which may be `input`).
        func normalize(_ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, norm: Norm, threads: Int) {
            RowNorms.layer(input, into: output, rows: rows, width: config.hidden_size, gamma: norm.weight, beta: norm.bias, eps: config.eps, threads: threads)
        }
    }
}
