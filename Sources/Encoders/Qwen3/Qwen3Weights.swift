import Foundation
import Kernels

extension Qwen3 {
    /// One decoder layer's parameters; Q, K and V are fused into one matrix, and so are the gate and up projections.
    struct LayerWeights {
        var qkv: LinearWeight, output: LinearWeight
        var queryNorm: FloatBuffer, keyNorm: FloatBuffer
        var inputNorm: FloatBuffer, postAttentionNorm: FloatBuffer
        var gateUp: LinearWeight, down: LinearWeight
    }

    /// All parameters of a Qwen3Model, read from names with or without the `model.` prefix; the linear layers (and
    /// with `quantizeEmbeddings` the embedding table) quantized as `variant` says.
    struct Weights {
        var embeddings: EmbeddingTable
        var layers: [LayerWeights]
        var finalNorm: FloatBuffer

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let prefix = ["", "model."].first { file.tensors[$0 + "embed_tokens.weight"] != nil } ?? ""
            func f(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
            func t(_ name: String, _ shape: [Int]) throws -> FloatBuffer { try file.buffer(prefix + name, shape: shape) }
            func linear(_ weights: FloatBuffer, _ out: Int, _ input: Int) -> LinearWeight {
                LinearWeight(weights, outFeatures: out, inFeatures: input, format: variant.format)
            }
            let h = c.hidden_size, d = c.headDim, i = c.intermediate_size
            let q = c.num_attention_heads * d, kv = c.keyValueHeads * d
            embeddings = EmbeddingTable(try t("embed_tokens.weight", [c.vocab_size, h]), rows: c.vocab_size, width: h, format: variant.embeddingFormat)
            finalNorm = try t("norm.weight", [h])
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "layers.\(l)."
                return LayerWeights(
                    qkv: linear(FloatBuffer(try f(p + "self_attn.q_proj.weight", [q, h]) + f(p + "self_attn.k_proj.weight", [kv, h])
                        + f(p + "self_attn.v_proj.weight", [kv, h])), q + 2 * kv, h),
                    output: linear(try t(p + "self_attn.o_proj.weight", [h, q]), h, q),
                    queryNorm: try t(p + "self_attn.q_norm.weight", [d]),
                    keyNorm: try t(p + "self_attn.k_norm.weight", [d]),
                    inputNorm: try t(p + "input_layernorm.weight", [h]),
                    postAttentionNorm: try t(p + "post_attention_layernorm.weight", [h]),
                    gateUp: linear(FloatBuffer(try f(p + "mlp.gate_proj.weight", [i, h]) + f(p + "mlp.up_proj.weight", [i, h])), 2 * i, h),
                    down: linear(try t(p + "mlp.down_proj.weight", [h, i]), h, i))
            }
        }

        /// Bytes of all parameters as held in memory (quantized ones at their packed size).
        var bytes: Int {
            embeddings.bytes + finalNorm.bytes + layers.reduce(0) { total, l in
                total + [l.qkv, l.output, l.gateUp, l.down].reduce(0) { $0 + $1.bytes }
                    + [l.queryNorm, l.keyNorm, l.inputNorm, l.postAttentionNorm].reduce(0) { $0 + $1.bytes }
            }
        }
    }
}
