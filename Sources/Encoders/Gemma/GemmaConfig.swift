extension Gemma {
    /// The fields of a Gemma 3 text `config.json` the encoder needs, in both forms transformers writes:
    /// `rope_parameters` per layer type (newer) or `rope_theta` + `rope_local_base_freq` (older), and
    /// `layer_types` or the older `sliding_window_pattern`.
    struct Config: TransformerConfig {
        struct RopeParameters: Decodable { var rope_theta: Double?; var rope_type: String? }

        var model_type: String?
        var vocab_size: Int
        var hidden_size: Int
        var intermediate_size: Int
        var num_hidden_layers: Int
        var num_attention_heads: Int
        var num_key_value_heads: Int
        var head_dim: Int
        var query_pre_attn_scalar: Double
        var rms_norm_eps: Float?
        var max_position_embeddings: Int
        var sliding_window: Int?
        var layer_types: [String]?
        var sliding_window_pattern: Int?
        var rope_theta: Double?
        var rope_local_base_freq: Double?
        var rope_parameters: [String: RopeParameters]?
        var use_bidirectional_attention: Bool?
        var hidden_activation: String?
        var attn_logit_softcapping: Double?
        var attention_bias: Bool?

        /// Whether each layer attends within the sliding window (else to the whole sequence). transformers
        /// (configuration_gemma3.py, `__post_init__`): `layer_types`, else sliding unless (i + 1) is a
        /// multiple of `sliding_window_pattern` (default 6).
        var slidingLayers: [Bool] {
            if let layer_types { return layer_types.map { $0 == "sliding_attention" } }
            let pattern = sliding_window_pattern ?? 6
            return (0..<num_hidden_layers).map { ($0 + 1) % pattern != 0 }
        }

        /// How far a token sees on a sliding layer: |i − j| ≤ radius. transformers halves the configured
        /// window for bidirectional models (`sliding_window // 2 + 1`, configuration_gemma3.py) and then
        /// allows |q_idx − kv_idx| < that value (`_bidirectional_window_overlay`, modeling_gemma3.py).
        var slidingRadius: Int { (sliding_window ?? 4096) / 2 }

        /// RoPE base per layer kind; transformers' defaults are 10,000 (sliding) and 1,000,000 (full).
        var ropeBase: (sliding: Double, full: Double) {
            (rope_parameters?["sliding_attention"]?.rope_theta ?? rope_local_base_freq ?? 10_000,
             rope_parameters?["full_attention"]?.rope_theta ?? rope_theta ?? 1_000_000)
        }

        var eps: Float { rms_norm_eps ?? 1e-6 }

        func validate(path: String) throws {
            func fail(_ message: String) -> EncoderError { EncoderError("\(path): \(message)") }
            for (name, value) in [("vocab_size", vocab_size), ("hidden_size", hidden_size), ("intermediate_size", intermediate_size),
                                  ("num_hidden_layers", num_hidden_layers), ("num_attention_heads", num_attention_heads),
                                  ("num_key_value_heads", num_key_value_heads), ("head_dim", head_dim),
                                  ("max_position_embeddings", max_position_embeddings)] where value <= 0 {
                throw fail("\(name) must be positive, got \(value)")
            }
            try ModelLimits.check([("vocab_size", vocab_size), ("hidden_size", hidden_size), ("intermediate_size", intermediate_size),
                                   ("num_hidden_layers", num_hidden_layers), ("num_attention_heads", num_attention_heads),
                                   ("num_key_value_heads", num_key_value_heads), ("head_dim", head_dim),
                                   ("max_position_embeddings", max_position_embeddings)], path: path)
            if let eps = rms_norm_eps, !(eps > 0 && eps <= 0.1) { throw fail("rms_norm_eps must be a small positive number (at most 0.1), got \(eps)") }
            guard num_attention_heads % num_key_value_heads == 0 else {
                throw fail("num_attention_heads \(num_attention_heads) is not a multiple of num_key_value_heads \(num_key_value_heads)")
            }
            guard head_dim % 2 == 0 else { throw fail("head_dim \(head_dim) must be even for rotary embeddings") }
            guard query_pre_attn_scalar > 0 else { throw fail("query_pre_attn_scalar must be positive, got \(query_pre_attn_scalar)") }
            guard use_bidirectional_attention == true else {
                throw fail("use_bidirectional_attention is not true: a causal Gemma 3 is a language model, not an embedding encoder like EmbeddingGemma")
            }
            if let types = layer_types {
                guard types.count == num_hidden_layers else {
                    throw fail("layer_types has \(types.count) entries for num_hidden_layers \(num_hidden_layers)")
                }
                if let bad = types.first(where: { $0 != "sliding_attention" && $0 != "full_attention" }) {
                    throw fail("layer_types contains '\(bad)', expected 'sliding_attention' or 'full_attention'")
                }
            }
            if let pattern = sliding_window_pattern, pattern <= 0 { throw fail("sliding_window_pattern must be positive, got \(pattern)") }
            if slidingLayers.contains(true), let window = sliding_window, window <= 0 {
                throw fail("sliding_window must be positive, got \(window)")
            }
            if let activation = hidden_activation, activation != "gelu_pytorch_tanh", activation != "gelu_tanh" {
                throw fail("hidden_activation '\(activation)' is not supported (Gemma 3 uses 'gelu_pytorch_tanh')")
            }
            if let kind = rope_parameters?.values.compactMap(\.rope_type).first(where: { $0 != "default" }) {
                throw fail("rope_type '\(kind)' is not supported (only 'default')")
            }
            if attn_logit_softcapping != nil { throw fail("attn_logit_softcapping is not supported (EmbeddingGemma sets it to null)") }
            if attention_bias == true { throw fail("attention_bias true is not supported (Gemma 3 has no attention biases)") }
        }
    }
}
