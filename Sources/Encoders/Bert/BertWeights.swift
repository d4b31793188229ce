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

    /// All parameters of a BertModel, read from safetensors names with or without the `bert.` prefix; the
    /// linear layers (and with `quantizeEmbeddings` the word embeddings) quantized as `variant` says.
    struct Weights {
        var wordEmbeddings: EmbeddingTable, positionEmbeddings: FloatBuffer, tokenTypeEmbeddings: FloatBuffer
        var embeddingNormWeight: FloatBuffer, embeddingNormBias: FloatBuffer
        var layers: [LayerWeights]

        init(file: SafeTensorsFile, config c: Config, variant: WeightsVariant) throws {
            let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
            func f(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
            func t(_ name: String, _ shape: [Int]) throws -> FloatBuffer { FloatBuffer(try f(name, shape)) }
            func linear(_ weights: FloatBuffer, _ out: Int, _ input: Int) -> LinearWeight {
                LinearWeight(weights, outFeatures: out, inFeatures: input, format: variant.format)
            }
            let h = c.hidden_size, i = c.intermediate_size
            wordEmbeddings = EmbeddingTable(try t("embeddings.word_embeddings.weight", [c.vocab_size, h]), rows: c.vocab_size, width: h,
                                            format: variant.embeddingFormat)
            positionEmbeddings = try t("embeddings.position_embeddings.weight", [c.max_position_embeddings, h])
            tokenTypeEmbeddings = try t("embeddings.token_type_embeddings.weight", [c.type_vocab_size ?? 2, h])
            embeddingNormWeight = try t("embeddings.LayerNorm.weight", [h])
            embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "encoder.layer.\(l)."
                return LayerWeights(
                    qkvWeight: linear(FloatBuffer(try f(p + "attention.self.query.weight", [h, h]) + f(p + "attention.self.key.weight", [h, h])
                        + f(p + "attention.self.value.weight", [h, h])), 3 * h, h),
                    qkvBias: FloatBuffer(try f(p + "attention.self.query.bias", [h]) + f(p + "attention.self.key.bias", [h])
                        + f(p + "attention.self.value.bias", [h])),
                    attentionOutWeight: linear(try t(p + "attention.output.dense.weight", [h, h]), h, h),
                    attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                    attentionNormWeight: try t(p + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
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
        let vectors = [positionEmbeddings, tokenTypeEmbeddings, embeddingNormWeight, embeddingNormBias].reduce(0) { $0 + $1.bytes }
        return wordEmbeddings.bytes + vectors + layers.reduce(0) { total, l in
            total + [l.qkvWeight, l.attentionOutWeight, l.intermediateWeight, l.outputWeight].reduce(0) { $0 + $1.bytes }
                + [l.qkvBias, l.attentionOutBias, l.attentionNormWeight, l.attentionNormBias, l.intermediateBias, l.outputBias,
                   l.outputNormWeight, l.outputNormBias].reduce(0) { $0 + $1.bytes }
        }
    }
}
