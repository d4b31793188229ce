import Encoders

/// `model_meta.json`: MTEB's model metadata, in the model's revision folder and in every `experiments/NAME/` folder
/// (there with `experiment_kwargs`, which mteb's ResultCache needs to load the folder's results), plus evalbench's
/// record of the weights and backend.
struct ModelMeta: Codable, Equatable {
    /// What an experiment folder varies, as mteb serialises it into the folder's name (keys sorted, `key_value`
    /// joined by `__`).
    struct ExperimentKwargs: Codable, Equatable {
        var embed_dim: Int
        var output_dtypes: String
        /// The weights variant, for quantized weights.
        var weights: String?

        var folderName: String {
            "embed_dim_\(embed_dim)__output_dtypes_\(output_dtypes)" + (weights.map { "__weights_\($0)" } ?? "")
        }
    }

    struct EvalBench: Codable, Equatable {
        var weights_sha256: String
        var path: String
        var backend: String
        var matryoshka_dimensions: [Int]
        var version: String
    }

    var name: String
    var revision: String
    var embed_dim: Int
    var similarity_fn_name: String
    var max_tokens: Int?
    var framework: [String]
    var experiment_kwargs: ExperimentKwargs?
    var evalbench: EvalBench
}
