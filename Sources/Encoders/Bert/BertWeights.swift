import Foundation
import Kernels

extension Bert {
    /// One encoder layer's parameters; Q, K and V are fused into one (3H × H) matrix for a single GEMM.
    struct LayerWeights {
        var qkvWeight: FloatBuffer, qkvBias: FloatBuffer
        var attentionOutWeight: FloatBuffer, attentionOutBias: FloatBuffer
        var attentionNormWeight: FloatBuffer, attentionNormBias: FloatBuffer
        var intermediateWeight: FloatBuffer, intermediateBias: FloatBuffer
        var outputWeight: FloatBuffer, outputBias: FloatBuffer
        var outputNormWeight: FloatBuffer, outputNormBias: FloatBuffer
    }

    /// All parameters of a BertModel, read from safetensors names with or without the `bert.` prefix.
    struct Weights {
        var wordEmbeddings: FloatBuffer, positionEmbeddings: FloatBuffer, tokenTypeEmbeddings: FloatBuffer
        var embeddingNormWeight: FloatBuffer, embeddingNormBias: FloatBuffer
        var layers: [LayerWeights]

        init(file: SafeTensorsFile, config c: Config) throws {
            let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
            func f(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
            func t(_ name: String, _ shape: [Int]) throws -> FloatBuffer { FloatBuffer(try f(name, shape)) }
            let h = c.hidden_size, i = c.intermediate_size
            wordEmbeddings = try t("embeddings.word_embeddings.weight", [c.vocab_size, h])
            positionEmbeddings = try t("embeddings.position_embeddings.weight", [c.max_position_embeddings, h])
            tokenTypeEmbeddings = try t("embeddings.token_type_embeddings.weight", [c.type_vocab_size ?? 2, h])
            embeddingNormWeight = try t("embeddings.LayerNorm.weight", [h])
            embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
            layers = try (0..<c.num_hidden_layers).map { l in
                let p = "encoder.layer.\(l)."
                return LayerWeights(
                    qkvWeight: FloatBuffer(try f(p + "attention.self.query.weight", [h, h]) + f(p + "attention.self.key.weight", [h, h])
                        + f(p + "attention.self.value.weight", [h, h])),
                    qkvBias: FloatBuffer(try f(p + "attention.self.query.bias", [h]) + f(p + "attention.self.key.bias", [h])
                        + f(p + "attention.self.value.bias", [h])),
                    attentionOutWeight: try t(p + "attention.output.dense.weight", [h, h]),
                    attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                    attentionNormWeight: try t(p + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
                    intermediateWeight: try t(p + "intermediate.dense.weight", [i, h]),
                    intermediateBias: try t(p + "intermediate.dense.bias", [i]),
                    outputWeight: try t(p + "output.dense.weight", [h, i]),
                    outputBias: try t(p + "output.dense.bias", [h]),
                    outputNormWeight: try t(p + "output.LayerNorm.weight", [h]),
                    outputNormBias: try t(p + "output.LayerNorm.bias", [h]))
            }
        }
    }
}
