import Foundation
import Kernels

extension Bert {
    /// One encoder layer's parameters; Q, K and V are fused into one (3H × H) matrix for a single GEMM.
    struct LayerWeights {
        var qkvWeight: LinearWeight, qkvBias: FloatBuffer
        var attentionOutWeight: LinearWeight, attentionOutBias: FloatBuffer
        var attentionNormWeight: FloatBuffer, attentionNormBias: FloatBuffer
        var intermediateWeight: LinearWeight, intermediateBias: FloatBuffer
        var outputWeight: LinearWeight, outputBias: FloatBuffer
        var outputNormWeight: FloatBuffer, outputNormBias: FloatBuffer
    }

    /// The safetensors names of one layer's parameters in BERT / RoBERTa and in MPNet.
    struct LayerNames {
        var query, key, value, attentionOut, attentionNorm: String
        static let bert = LayerNames(query: "attention.self.query", key: "attention.self.key", value: "attention.self.value",
                                     attentionOut: "attention.output.dense", attentionNorm: "attention.output.LayerNorm")
        static let mpnet = LayerNames(query: "attention.attn.q", key: "attention.attn.k", value: "attention.attn.v",
                                      attentionOut: "attention.attn.o", attentionNorm: "attention.LayerNorm")
    }

    /// All parameters of a BertModel (or XLMRobertaModel, MPNetModel), read from safetensors names with or without the
    /// `bert.` / `roberta.` / `mpnet.` prefix; the linear layers (and with `quantizeEmbeddings` the word embeddings)
    /// quantized as `variant` says.
    struct Weights {
        var wordEmbeddings: EmbeddingTable, positionEmbeddings: FloatBuffer
        /// The token-type table (evalbench reads row 0: one text, type 0); MPNet has no token types.
        var tokenTypeEmbeddings: FloatBuffer?
        var embeddingNormWeight: FloatBuffer, embeddingNormBias: FloatBuffer
        var layers: [LayerWeights]
        /// MPNet's relative position bias, buckets × heads.
        var relativeAttentionBias: FloatBuffer?

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let read = WeightReader(file, prefixes: ["", "bert.", "roberta.", "mpnet."], probe: "embeddings.word_embeddings.weight", variant: variant)
            let h = c.hidden_size, i = c.intermediate_size
            let names = c.family == .mpnet ? LayerNames.mpnet : LayerNames.bert
            wordEmbeddings = try read.embeddings("embeddings.word_embeddings.weight", rows: c.vocab_size, width: h)
            positionEmbeddings = try read.vector("embeddings.position_embeddings.weight", [c.max_position_embeddings, h])
            tokenTypeEmbeddings = c.family == .mpnet ? nil : try read.vector("embeddings.token_type_embeddings.weight", [c.type_vocab_size ?? 2, h])
            embeddingNormWeight = try read.vector("embeddings.LayerNorm.weight", [h])
            embeddingNormBias = try read.vector("embeddings.LayerNorm.bias", [h])
            relativeAttentionBias = c.family == .mpnet
                ? try read.vector("encoder.relative_attention_bias.weight", [c.relative_attention_num_buckets ?? Config.relativeBuckets, c.num_attention_heads])
                : nil
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "encoder.layer.\(l).", qkv = [names.query, names.key, names.value].map { p + $0 }
                return LayerWeights(
                    qkvWeight: try read.linear(qkv.map { $0 + ".weight" }, rows: [h, h, h], columns: h),
                    qkvBias: try read.vectors(qkv.map { $0 + ".bias" }, h),
                    attentionOutWeight: try read.linear(p + names.attentionOut + ".weight", rows: h, columns: h),
                    attentionOutBias: try read.vector(p + names.attentionOut + ".bias", [h]),
                    attentionNormWeight: try read.vector(p + names.attentionNorm + ".weight", [h]),
                    attentionNormBias: try read.vector(p + names.attentionNorm + ".bias", [h]),
                    intermediateWeight: try read.linear(p + "intermediate.dense.weight", rows: i, columns: h),
                    intermediateBias: try read.vector(p + "intermediate.dense.bias", [i]),
                    outputWeight: try read.linear(p + "output.dense.weight", rows: h, columns: i),
                    outputBias: try read.vector(p + "output.dense.bias", [h]),
                    outputNormWeight: try read.vector(p + "output.LayerNorm.weight", [h]),
                    outputNormBias: try read.vector(p + "output.LayerNorm.bias", [h]))
            }
        }
    }
}

extension Bert.Weights {
    /// Bytes of all parameters as held in memory (quantized ones at their packed size).
    var bytes: Int {
        let vectors = [positionEmbeddings, tokenTypeEmbeddings, embeddingNormWeight, embeddingNormBias, relativeAttentionBias]
            .reduce(0) { $0 + ($1?.bytes ?? 0) }
        return wordEmbeddings.bytes + vectors + layers.reduce(0) { total, l in
            total + [l.qkvWeight, l.attentionOutWeight, l.intermediateWeight, l.outputWeight].reduce(0) { $0 + $1.bytes }
                + [l.qkvBias, l.attentionOutBias, l.attentionNormWeight, l.attentionNormBias, l.intermediateBias, l.outputBias,
                   l.outputNormWeight, l.outputNormBias].reduce(0) { $0 + $1.bytes }
        }
    }
}
