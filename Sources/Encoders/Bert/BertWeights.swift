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
            let prefix = ["", "bert.", "roberta.", "mpnet."].first { file.tensors[$0 + "embeddings.word_embeddings.weight"] != nil } ?? ""
            func f(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
            func t(_ name: String, _ shape: [Int]) throws -> FloatBuffer { FloatBuffer(try f(name, shape)) }
            func linear(_ weights: FloatBuffer, _ out: Int, _ input: Int) -> LinearWeight {
                LinearWeight(weights, outFeatures: out, inFeatures: input, format: variant.format)
            }
            let h = c.hidden_size, i = c.intermediate_size
            let names = c.family == .mpnet ? LayerNames.mpnet : LayerNames.bert
            wordEmbeddings = EmbeddingTable(try t("embeddings.word_embeddings.weight", [c.vocab_size, h]), rows: c.vocab_size, width: h,
                                            format: variant.embeddingFormat)
            positionEmbeddings = try t("embeddings.position_embeddings.weight", [c.max_position_embeddings, h])
            tokenTypeEmbeddings = c.family == .mpnet ? nil : try t("embeddings.token_type_embeddings.weight", [c.type_vocab_size ?? 2, h])
            embeddingNormWeight = try t("embeddings.LayerNorm.weight", [h])
            embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
            relativeAttentionBias = c.family == .mpnet
                ? try t("encoder.relative_attention_bias.weight", [c.relative_attention_num_buckets ?? Config.relativeBuckets, c.num_attention_heads])
                : nil
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "encoder.layer.\(l)."
                return LayerWeights(
                    qkvWeight: linear(FloatBuffer(try f(p + names.query + ".weight", [h, h]) + f(p + names.key + ".weight", [h, h])
                        + f(p + names.value + ".weight", [h, h])), 3 * h, h),
                    qkvBias: FloatBuffer(try f(p + names.query + ".bias", [h]) + f(p + names.key + ".bias", [h]) + f(p + names.value + ".bias", [h])),
                    attentionOutWeight: linear(try t(p + names.attentionOut + ".weight", [h, h]), h, h),
                    attentionOutBias: try t(p + names.attentionOut + ".bias", [h]),
                    attentionNormWeight: try t(p + names.attentionNorm + ".weight", [h]),
                    attentionNormBias: try t(p + names.attentionNorm + ".bias", [h]),
                    intermediateWeight: linear(try t(p + "intermediate.dense.weight", [i, h]), i, h),
                    intermediateBias: try t(p + "intermediate.dense.bias", [i]),
                    outputWeight: linear(try t(p + "output.dense.weight", [h, i]), h, i),
                    outputBias: try t(p + "output.dense.bias", [h]),
                    outputNormWeight: try t(p + "output.LayerNorm.weight", [h]),
                    outputNormBias: try t(p + "output.LayerNorm.bias", [h]))
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
