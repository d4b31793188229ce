import Foundation
import Kernels

extension ModernBert {
    /// One layer's parameters; the first layer has no attention norm (nn.Identity in transformers).
    struct LayerWeights {
        var attentionNorm: Norm?
        var qkv: LinearWeight, output: LinearWeight
        var mlpNorm: Norm
        var inputGate: LinearWeight, down: LinearWeight
    }

    /// A LayerNorm's weight and, with `norm_bias`, its bias.
    struct Norm {
        var weight: FloatBuffer
        var bias: FloatBuffer?
    }

    /// All parameters of a ModernBertModel, read from names with or without the `model.` prefix; the linear layers (and
    /// with `quantizeEmbeddings` the embedding table) quantized as `variant` says.
    struct Weights {
        var embeddings: EmbeddingTable
        var embeddingNorm: Norm
        var layers: [LayerWeights]
        var finalNorm: Norm

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let read = WeightReader(file, prefixes: ["", "model."], probe: "embeddings.tok_embeddings.weight", variant: variant)
            let h = c.hidden_size, i = c.intermediate_size
            func norm(_ name: String) throws -> Norm {
                Norm(weight: try read.vector(name + ".weight", [h]), bias: c.norm_bias == true ? try read.vector(name + ".bias", [h]) : nil)
            }
            embeddings = try read.embeddings("embeddings.tok_embeddings.weight", rows: c.vocab_size, width: h)
            embeddingNorm = try norm("embeddings.norm")
            finalNorm = try norm("final_norm")
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "layers.\(l)."
                return LayerWeights(
                    attentionNorm: l == 0 ? nil : try norm(p + "attn_norm"),
                    qkv: try read.linear(p + "attn.Wqkv.weight", rows: 3 * h, columns: h),
                    output: try read.linear(p + "attn.Wo.weight", rows: h, columns: h),
                    mlpNorm: try norm(p + "mlp_norm"),
                    inputGate: try read.linear(p + "mlp.Wi.weight", rows: 2 * i, columns: h),
                    down: try read.linear(p + "mlp.Wo.weight", rows: h, columns: i))
            }
        }

        /// Bytes of all parameters as held in memory (quantized ones at their packed size).
        var bytes: Int {
            let norms = ([embeddingNorm, finalNorm] + layers.flatMap { [$0.attentionNorm, $0.mlpNorm].compactMap { $0 } })
                .reduce(0) { $0 + $1.weight.bytes + ($1.bias?.bytes ?? 0) }
            return embeddings.bytes + norms + layers.reduce(0) { total, l in
                total + [l.qkv, l.output, l.inputGate, l.down].reduce(0) { $0 + $1.bytes }
            }
        }
    }
}
