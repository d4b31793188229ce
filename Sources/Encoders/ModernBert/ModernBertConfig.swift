extension ModernBert {
    /// The fields of a ModernBERT `config.json` the encoder needs, in both forms transformers writes: `layer_types` and
    /// `rope_parameters` per layer type (newer), or `global_attn_every_n_layers` with `global_rope_theta` and
    /// `local_rope_theta` (older).
    struct Config: TransformerConfig {
        struct RopeParameters: Decodable { var rope_theta: Double?; var rope_type: String? }

        var vocab_size: Int
        var hidden_size: Int
        var intermediate_size: Int
        var num_hidden_layers: Int
        var num_attention_heads: Int
        var max_position_embeddings: Int
        var norm_eps: Float?
        var norm_bias: Bool?
        var attention_bias: Bool?
        var mlp_bias: Bool?
        var hidden_activation: String?
        var local_attention: Int?
        var global_attn_every_n_layers: Int?
        var layer_types: [String]?
        var global_rope_theta: Double?
        var local_rope_theta: Double?
        var rope_parameters: [String: RopeParameters]?

        var headDim: Int { hidden_size / max(num_attention_heads, 1) }
        var eps: Float { norm_eps ?? 1e-5 }

        /// Whether each layer attends within the local window: `layer_types`, else every layer but each
        /// `global_attn_every_n_layers`-th (default 3) from layer 0 (configuration_modernbert.py).
        var slidingLayers: [Bool] {
            if let layer_types { return layer_types.map { $0 == "sliding_attention" } }
            let every = global_attn_every_n_layers ?? 3
            return (0..<num_hidden_layers).map { $0 % every != 0 }
        }

        /// A local layer sees keys with |i − j| ≤ local_attention / 2 (`sliding_window` of the config, used inclusively
        /// by `sliding_window_bidirectional_overlay` in masking_utils.py).
        var slidingRadius: Int { (local_attention ?? 128) / 2 }

        /// RoPE base per layer kind; transformers' defaults are 160,000 (global) and 10,000 (local).
        var ropeBase: (sliding: Double, full: Double) {
            (rope_parameters?["sliding_attention"]?.rope_theta ?? local_rope_theta ?? 10_000,
             rope_parameters?["full_attention"]?.rope_theta ?? global_rope_theta ?? 160_000)
        }

        func validate(path: String) throws {
            func fail(_ message: String) -> EncoderError { EncoderError("\(path): \(message)") }
            let sizes = [("vocab_size", vocab_size), ("hidden_size", hidden_size), ("intermediate_size", intermediate_size),
                         ("num_hidden_layers", num_hidden_layers), ("num_attention_heads", num_attention_heads),
                         ("max_position_embeddings", max_position_embeddings)]
            for (name, value) in sizes where value <= 0 { throw fail("\(name) must be positive, got \(value)") }
            try ModelLimits.check(sizes, path: path)
            guard hidden_size % num_attention_heads == 0, headDim % 2 == 0 else {
                throw fail("hidden_size \(hidden_size) must split into num_attention_heads \(num_attention_heads) heads of even width")
            }
            if let eps = norm_eps, !(eps > 0 && eps <= 0.1) { throw fail("norm_eps must be a small positive number (at most 0.1), got \(eps)") }
            if let every = global_attn_every_n_layers, every <= 0 { throw fail("global_attn_every_n_layers must be positive, got \(every)") }
            if let window = local_attention, window < 0 { throw fail("local_attention must not be negative, got \(window)") }
            if let types = layer_types {
                guard types.count == num_hidden_layers else {
                    throw fail("layer_types has \(types.count) entries for num_hidden_layers \(num_hidden_layers)")
                }
                if let bad = types.first(where: { $0 != "sliding_attention" && $0 != "full_attention" }) {
                    throw fail("layer_types contains '\(bad)', expected 'sliding_attention' or 'full_attention'")
                }
            }
            if let activation = hidden_activation, activation != "gelu" {
                throw fail("hidden_activation '\(activation)' is not supported (ModernBERT uses 'gelu')")
            }
            if attention_bias == true || mlp_bias == true {
                throw fail("attention_bias and mlp_bias true are not supported (ModernBERT's linear layers have no biases)")
            }
            if let kind = rope_parameters?.values.compactMap(\.rope_type).first(where: { $0 != "default" }) {
                throw fail("rope_type '\(kind)' is not supported (only 'default')")
            }
        }
    }
}
