import Foundation
import Kernels

extension NomicBert {
    /// One layer's parameters; Q, K and V are fused into one matrix, and so are the gate and up projections.
    struct LayerWeights {
        var qkv: LinearWeight, output: LinearWeight
        var attentionNormWeight: FloatBuffer, attentionNormBias: FloatBuffer
        var gateUp: LinearWeight, down: LinearWeight
        var mlpNormWeight: FloatBuffer, mlpNormBias: FloatBuffer
    }

    /// The safetensors names of the parameters: transformers' NomicBertModel, or nomic's own (`emb_ln`,
    /// `encoder.layers.N.attn.Wqkv`, `mlp.fc11` (up) / `fc12` (gate) / `fc2`, `norm1`, `norm2`), as transformers'
    /// conversion_mapping.py renames them.
    struct Names {
        var embeddingNorm: String
        var layer: (Int) -> String
        var qkv: [String], output, up, gate, down, attentionNorm, mlpNorm: String

        static let transformers = Names(
            embeddingNorm: "embeddings.LayerNorm", layer: { "layers.\($0)." },
            qkv: ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"], output: "self_attn.o_proj",
            up: "mlp.up_proj", gate: "mlp.gate_proj", down: "mlp.down_proj",
            attentionNorm: "post_attention_layernorm", mlpNorm: "post_mlp_layernorm")
        static let nomic = Names(
            embeddingNorm: "emb_ln", layer: { "encoder.layers.\($0)." },
            qkv: ["attn.Wqkv"], output: "attn.out_proj", up: "mlp.fc11", gate: "mlp.fc12", down: "mlp.fc2",
            attentionNorm: "norm1", mlpNorm: "norm2")
    }

    /// All parameters of a NomicBertModel, with or without the `nomic_bert.` / `bert.` prefix; the linear layers (and with
    /// `quantizeEmbeddings` the word embeddings) quantized as `variant` says.
    struct Weights {
        var wordEmbeddings: EmbeddingTable
        /// The token-type table (evalbench reads row 0: one text, type 0).
        var tokenTypeEmbeddings: FloatBuffer
        var embeddingNormWeight: FloatBuffer, embeddingNormBias: FloatBuffer
        var layers: [LayerWeights]

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let read = WeightReader(file, prefixes: ["", "nomic_bert.", "bert."], probe: "embeddings.word_embeddings.weight", variant: variant)
            let names = file.tensors[read.prefix + "emb_ln.weight"] != nil ? Names.nomic : Names.transformers
            let h = c.width, i = c.intermediate
            wordEmbeddings = try read.embeddings("embeddings.word_embeddings.weight", rows: c.vocab_size, width: h)
            tokenTypeEmbeddings = try read.vector("embeddings.token_type_embeddings.weight", [c.type_vocab_size ?? 2, h])
            embeddingNormWeight = try read.vector(names.embeddingNorm + ".weight", [h])
            embeddingNormBias = try read.vector(names.embeddingNorm + ".bias", [h])
            layers = try (0..<c.layers).map { l in
                let p = names.layer(l)
                return LayerWeights(
                    // nomic's Wqkv is the three stacked already.
                    qkv: try read.linear(names.qkv.map { p + $0 + ".weight" }, rows: names.qkv.count == 1 ? [3 * h] : [h, h, h], columns: h),
                    output: try read.linear(p + names.output + ".weight", rows: h, columns: h),
                    attentionNormWeight: try read.vector(p + names.attentionNorm + ".weight", [h]),
                    attentionNormBias: try read.vector(p + names.attentionNorm + ".bias", [h]),
                    gateUp: try read.linear([p + names.gate + ".weight", p + names.up + ".weight"], rows: [i, i], columns: h),
                    down: try read.linear(p + names.down + ".weight", rows: h, columns: i),
                    mlpNormWeight: try read.vector(p + names.mlpNorm + ".weight", [h]),
                    mlpNormBias: try read.vector(p + names.mlpNorm + ".bias", [h]))
            }
        }

        /// Bytes of all parameters as held in memory (quantized ones at their packed size).
        var bytes: Int {
            let vectors = [tokenTypeEmbeddings, embeddingNormWeight, embeddingNormBias].reduce(0) { $0 + $1.bytes }
            return wordEmbeddings.bytes + vectors + layers.reduce(0) { total, l in
                total + [l.qkv, l.output, l.gateUp, l.down].reduce(0) { $0 + $1.bytes }
                    + [l.attentionNormWeight, l.attentionNormBias, l.mlpNormWeight, l.mlpNormBias].reduce(0) { $0 + $1.bytes }
            }
        }
    }
}
