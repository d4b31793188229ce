extension Qwen3 {
    /// The fields of a Qwen3 `config.json` (Qwen3-Embedding) the encoder needs, with the RoPE base in either form
    /// transformers writes: `rope_parameters` (newer) or `rope_theta` (older).
    struct Config: TransformerConfig {
        struct RopeParameters: Decodable { var rope_theta: Double?; var rope_type: String? }

        var vocab_size: Int
        var hidden_size: Int
        var intermediate_size: Int
        var num_hidden_layers: Int
        var num_attention_heads: Int
        var num_key_value_heads: Int?
        var head_dim: Int?
        var rms_norm_eps: Float?
        var max_position_embeddings: Int
        var rope_theta: Double?
        var rope_parameters: RopeParameters?
        var rope_scaling: RopeParameters?
        var hidden_act: String?
        var attention_bias: Bool?
        var use_sliding_window: Bool?
        var layer_types: [String]?

        var keyValueHeads: Int { num_key_value_heads ?? num_attention_heads }
        var headDim: Int { head_dim ?? hidden_size / max(num_attention_heads, 1) }
        var ropeBase: Double { rope_parameters?.rope_theta ?? rope_theta ?? 10_000 }
        var eps: Float { rms_norm_eps ?? 1e-6 }

        func validate(path: String) throws {
            func fail(_ message: String) -> EncoderError { EncoderError("\(path): \(message)") }
            let sizes = [("vocab_size", vocab_size), ("hidden_size", hidden_size), ("intermediate_size", intermediate_size),
                         ("num_hidden_layers", num_hidden_layers), ("num_attention_heads", num_attention_heads),
                         ("num_key_value_heads", keyValueHeads), ("head_dim", headDim), ("max_position_embeddings", max_position_embeddings)]
            for (name, value) in sizes where value <= 0 { throw fail("\(name) must be positive, got \(value)") }
            try ModelLimits.check(sizes, path: path)
            if let eps = rms_norm_eps, !(eps > 0 && eps <= 0.1) { throw fail("rms_norm_eps must be a small positive number (at most 0.1), got \(eps)") }
            guard num_attention_heads % keyValueHeads == 0 else {
                throw fail("num_attention_heads \(num_attention_heads) is not a multiple of num_key_value_heads \(keyValueHeads)")
            }
            guard headDim % 2 == 0 else { throw fail("head_dim \(headDim) must be even for rotary embeddings") }
            guard ropeBase > 1 else { throw fail("rope_theta must be above 1, got \(ropeBase)") }
            if let activation = hidden_act, activation != "silu" {
                throw fail("hidden_act '\(activation)' is not supported (Qwen3 uses 'silu')")
            }
            if attention_bias == true { throw fail("attention_bias true is not supported (Qwen3 has no attention biases)") }
            if use_sliding_window == true || layer_types?.contains(where: { $0 != "full_attention" }) == true {
                throw fail("sliding-window layers are not supported for Qwen3 (Qwen3-Embedding attends to the whole text)")
            }
            if let kind = (rope_parameters ?? rope_scaling)?.rope_type, kind != "default" {
                throw fail("rope_type '\(kind)' is not supported (only 'default')")
            }
            if let types = layer_types, types.count != num_hidden_layers {
                throw fail("layer_types has \(types.count) entries for num_hidden_layers \(num_hidden_layers)")
            }
        }
    }
}
