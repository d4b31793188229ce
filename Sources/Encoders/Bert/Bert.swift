import Foundation
import Kernels

/// BERT, the encoder of the classic sentence-transformers models (all-MiniLM, BGE, E5, GTE), and the models built on
/// its layers: XLM-RoBERTa (multilingual E5, bge-m3) with positions counted after the padding index, and MPNet with a
/// relative position bias in attention. Float32 on OpenBLAS (linear layers optionally quantized: `LinearWeight`).
/// Buffers are allocated once per batch shape; attention runs over each sequence's own tokens only, which is what the
/// padding mask computes.
enum Bert {
    final class Model: Backbone {
        let config: Config
        let weights: Weights
        let eps: Float
        var hiddenSize: Int { config.hidden_size }
        var maxPositions: Int { config.max_position_embeddings - config.firstPosition }
        var vocabularySize: Int { config.vocab_size }
        var weightBytes: Int { weights.bytes }

        // Workspace, reused across batches and layers.
        let hidden = FloatBuffer(), residual = FloatBuffer(), qkv = FloatBuffer(), context = FloatBuffer()
        let intermediate = FloatBuffer()
        let quantizedActivations = QuantizedActivations()
        let selfAttention = SelfAttention()
        let relativeBias: RelativePositionBias?
        var timer = PhaseTimer()

        init(folder: URL, variant: WeightsVariant) throws {
            let files = try TransformerFiles<Config>(folder: folder)
            config = files.config
            weights = try Weights(file: files.weights, config: config, variant: variant)
            eps = config.layer_norm_eps ?? 1e-12
            let (heads, span) = (config.num_attention_heads, config.max_position_embeddings)
            relativeBias = weights.relativeAttentionBias.map { RelativePositionBias(table: $0, heads: heads, span: span) }
        }

        func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int) {
            let h = config.hidden_size, inter = config.intermediate_size
            let lengths = batch.map(\.count), length = lengths.max() ?? 0
            let rows = batch.count * length
            var x = hidden.reserve(rows * h)
            var r = residual.reserve(rows * h)
            let qkvData = qkv.reserve(rows * 3 * h)
            let ctx = context.reserve(rows * h)
            let mid = intermediate.reserve(rows * inter)
            let shape = AttentionShape(heads: config.num_attention_heads, keyValueHeads: config.num_attention_heads, headDim: config.headDim,
                                       scale: 1 / Float(config.headDim).squareRoot())

            let (matmul, elementwise) = (Self.matmul, Self.elementwise)
            timer.measure(elementwise) { embed(batch, length: length, into: x) }
            let attentionFlops = SelfAttention.flops(lengths: lengths, shape: shape, mask: .bidirectional)
            let f = Double(rows) * 2
            for layer in weights.layers {
                // Self-attention: fused QKV projection, per-sequence attention, output projection + residual.
                timer.measure(matmul, flops: f * Double(3 * h * h)) {
                    layer.qkvWeight.apply(x, m: rows, lda: h, into: qkvData, ldc: 3 * h, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    parallelChunks(rows, threads: threads) { range in
                        VectorMath.addBias(layer.qkvBias.pointer, to: qkvData + range.lowerBound * 3 * h, rows: range.count, columns: 3 * h)
                    }
                }
                timer.measure("attention", flops: attentionFlops) {
                    selfAttention.run(lengths: lengths, paddedLength: length, qkv: qkvData, shape: shape, mask: .bidirectional,
                                      bias: relativeBias, into: ctx, threads: threads)
                }
                residualProjection(ctx, width: h, weight: layer.attentionOutWeight, bias: layer.attentionOutBias,
                                   norm: (layer.attentionNormWeight, layer.attentionNormBias), x: &x, scratch: &r, rows: rows, threads: threads)
                // Feed-forward: GELU(x Wiᵀ + bi) Woᵀ + bo + residual, then LayerNorm.
                timer.measure(matmul, flops: f * Double(h * inter)) {
                    layer.intermediateWeight.apply(x, m: rows, lda: h, into: mid, ldc: inter, workspace: quantizedActivations, threads: threads)
                }
                timer.measure(elementwise) {
                    parallelChunks(rows, threads: threads) { range in
                        VectorMath.addBiasGeluErf(layer.intermediateBias.pointer, to: mid + range.lowerBound * inter, rows: range.count, columns: inter)
                    }
                }
                residualProjection(mid, width: inter, weight: layer.outputWeight, bias: layer.outputBias,
                                   norm: (layer.outputNormWeight, layer.outputNormBias), x: &x, scratch: &r, rows: rows, threads: threads)
            }
            return (UnsafePointer(x), length)
        }

        /// word + position + token-type (0) embeddings, LayerNorm; padding rows are zero. Positions as
        /// `create_position_ids_from_input_ids` gives them for RoBERTa and MPNet: a token equal to the padding id
        /// sits at the padding index, every other at the padding index + its count of non-padding tokens so far.
        func embed(_ batch: [[Int32]], length: Int, into x: UnsafeMutablePointer<Float>) {
            let h = config.hidden_size, first = config.firstPosition
            let padding = config.family == .bert ? nil : Int32(first - 1)
            for (b, ids) in batch.enumerated() {
                var position = first
                for t in 0..<length {
                    let row = x + (b * length + t) * h
                    guard t < ids.count else { row.update(repeating: 0, count: h); continue }
                    weights.wordEmbeddings.copyRow(Int(ids[t]), into: row)
                    let at = ids[t] == padding ? Int(padding!) : position
                    if ids[t] != padding { position += 1 }
                    VectorMath.add(weights.positionEmbeddings.pointer + at * h, into: row, count: h)
                    if let tokenType = weights.tokenTypeEmbeddings { VectorMath.add(tokenType.pointer, into: row, count: h) }
                }
                VectorMath.layerNorm(x + b * length * h, rows: ids.count, columns: h,
                                     gamma: weights.embeddingNormWeight.pointer, beta: weights.embeddingNormBias.pointer, eps: eps)
            }
        }

        static let matmul = "matrix products", elementwise = "element-wise"

        /// x ← LayerNorm(x + input · Wᵀ + b): the product goes into `scratch`, the residual and bias are added and the row
        /// normalised in one pass per row, then the buffers swap so `x` holds the result.
        func residualProjection(
            _ input: UnsafeMutablePointer<Float>, width: Int, weight: LinearWeight, bias: FloatBuffer, norm: (FloatBuffer, FloatBuffer),
            x: inout UnsafeMutablePointer<Float>, scratch: inout UnsafeMutablePointer<Float>, rows: Int, threads: Int
        ) {
            let h = config.hidden_size
            let (residual, out) = (x, scratch)
            timer.measure(Self.matmul, flops: 2 * Double(rows * h * width)) {
                weight.apply(input, m: rows, lda: width, into: out, ldc: h, workspace: quantizedActivations, threads: threads)
            }
            timer.measure(Self.elementwise) {
                parallelChunks(rows, threads: threads) { range in
                    let start = range.lowerBound * h
                    VectorMath.addResidualLayerNorm(out + start, residual: residual + start, bias: bias.pointer, rows: range.count, columns: h,
                                                    gamma: norm.0.pointer, beta: norm.1.pointer, eps: eps)
                }
            }
            swap(&x, &scratch)
        }
    }
}
