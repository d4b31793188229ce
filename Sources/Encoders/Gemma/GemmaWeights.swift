import Foundation
import Kernels

extension Gemma {
    /// One decoder layer's parameters. Q, K and V are fused into one matrix, and so are the gate and up
    /// projections, so that each is a single GEMM.
    struct LayerWeights {
        var qkv: LinearWeight, output: LinearWeight
        var queryNorm: FloatBuffer, keyNorm: FloatBuffer
        var inputNorm: FloatBuffer, postAttentionNorm: FloatBuffer
        var preFeedForwardNorm: FloatBuffer, postFeedForwardNorm: FloatBuffer
        var gateUp: LinearWeight, down: LinearWeight
    }

    /// All parameters of a Gemma3TextModel, read from names with or without a `model.` prefix; the linear
    /// layers (and with `quantizeEmbeddings` the embedding table) quantized as `variant` says.
    struct Weights {
        var embeddings: EmbeddingTable
        var layers: [LayerWeights]
        var finalNorm: FloatBuffer

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let read = WeightReader(file, prefixes: ["", "model.", "language_model.model."], probe: "embed_tokens.weight", variant: variant)
            let h = c.hidden_size, d = c.head_dim, i = c.intermediate_size
            let q = c.num_attention_heads * d, kv = c.num_key_value_heads * d
            embeddings = try read.embeddings("embed_tokens.weight", rows: c.vocab_size, width: h)
            finalNorm = try read.vector("norm.weight", [h])
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "layers.\(l)."
                let attention = try read.decoderAttention(p, queries: q, keyValues: kv, hidden: h)
                let mlp = try read.gatedMLP(p, intermediate: i, hidden: h)
                return LayerWeights(
                    qkv: attention.qkv, output: attention.output,
                    queryNorm: try read.vector(p + "self_attn.q_norm.weight", [d]),
                    keyNorm: try read.vector(p + "self_attn.k_norm.weight", [d]),
                    inputNorm: try read.vector(p + "input_layernorm.weight", [h]),
                    postAttentionNorm: try read.vector(p + "post_attention_layernorm.weight", [h]),
                    preFeedForwardNorm: try read.vector(p + "pre_feedforward_layernorm.weight", [h]),
                    postFeedForwardNorm: try read.vector(p + "post_feedforward_layernorm.weight", [h]),
                    gateUp: mlp.gateUp, down: mlp.down)
            }
        }
    }
}

extension Gemma.Weights {
    /// Bytes of all parameters as held in memory (quantized ones at their packed size).
    var bytes: Int {
        embeddings.bytes + finalNorm.bytes + layers.reduce(0) { total, l in
            total + [l.qkv, l.output, l.gateUp, l.down].reduce(0) { $0 + $1.bytes }
                + [l.queryNorm, l.keyNorm, l.inputNorm, l.postAttentionNorm, l.preFeedForwardNorm, l.postFeedForwardNorm].reduce(0) { $0 + $1.bytes }
        }
    }
}
