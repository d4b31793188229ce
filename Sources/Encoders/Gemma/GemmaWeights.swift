import Foundation
import Kernels

extension Gemma {
    /// One decoder layer's parameters. Q, K and V are fused into one matrix, and so are the gate and up
    /// projections, so that each is a single GEMM.
    struct LayerWeights {
        var qkv: FloatBuffer, output: FloatBuffer
        var queryNorm: FloatBuffer, keyNorm: FloatBuffer
        var inputNorm: FloatBuffer, postAttentionNorm: FloatBuffer
        var preFeedForwardNorm: FloatBuffer, postFeedForwardNorm: FloatBuffer
        var gateUp: FloatBuffer, down: FloatBuffer
    }

    /// All parameters of a Gemma3TextModel, read from names with or without a `model.` prefix.
    struct Weights {
        var embeddings: FloatBuffer
        var layers: [LayerWeights]
        var finalNorm: FloatBuffer

        init(file: SafeTensorsFile, config c: Config) throws {
            let prefix = ["", "model.", "language_model.model."].first { file.tensors[$0 + "embed_tokens.weight"] != nil } ?? ""
            func f(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
            func t(_ name: String, _ shape: [Int]) throws -> FloatBuffer { try file.buffer(prefix + name, shape: shape) }
            let h = c.hidden_size, d = c.head_dim, i = c.intermediate_size
            let q = c.num_attention_heads * d, kv = c.num_key_value_heads * d
            embeddings = try t("embed_tokens.weight", [c.vocab_size, h])
            finalNorm = try t("norm.weight", [h])
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "layers.\(l)."
                return LayerWeights(
                    qkv: FloatBuffer(try f(p + "self_attn.q_proj.weight", [q, h]) + f(p + "self_attn.k_proj.weight", [kv, h])
                        + f(p + "self_attn.v_proj.weight", [kv, h])),
                    output: try t(p + "self_attn.o_proj.weight", [h, q]),
                    queryNorm: try t(p + "self_attn.q_norm.weight", [d]),
                    keyNorm: try t(p + "self_attn.k_norm.weight", [d]),
                    inputNorm: try t(p + "input_layernorm.weight", [h]),
                    postAttentionNorm: try t(p + "post_attention_layernorm.weight", [h]),
                    preFeedForwardNorm: try t(p + "pre_feedforward_layernorm.weight", [h]),
                    postFeedForwardNorm: try t(p + "post_feedforward_layernorm.weight", [h]),
                    gateUp: FloatBuffer(try f(p + "mlp.gate_proj.weight", [i, h]) + f(p + "mlp.up_proj.weight", [i, h])),
                    down: try t(p + "mlp.down_proj.weight", [h, i]))
            }
        }
    }
}
