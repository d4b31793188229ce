extension NomicBert {
    /// The fields of a NomicBERT `config.json` the encoder needs: transformers' names (`hidden_size`, `rope_parameters`,
    /// …), or those of nomic's own configuration (`n_embd`, `rotary_emb_base`, …) that the Hub's nomic-embed folders
    /// carry, whose further switches must hold the values transformers' NomicBertModel implements.
    struct Config: TransformerConfig {
        struct RopeParameters: Decodable { var rope_theta: Double?; var rope_type: String? }

        var vocab_size: Int
        var hidden_size: Int?, n_embd: Int?
        var num_hidden_layers: Int?, n_layer: Int?
        var num_attention_heads: Int?, n_head: Int?
        var intermediate_size: Int?, n_inner: Int?
        var max_position_embeddings: Int?, n_positions: Int?
        var layer_norm_eps: Float?, layer_norm_epsilon: Float?
        var type_vocab_size: Int?
        var hidden_act: String?, activation_function: String?
        var rope_parameters: RopeParameters?
        var rotary_emb_base: Double?
        var rotary_emb_fraction: Double?
        var rotary_emb_interleaved: Bool?
        var prenorm: Bool?
        var qkv_proj_bias: Bool?, mlp_fc1_bias: Bool?, mlp_fc2_bias: Bool?

        var width: Int { hidden_size ?? n_embd ?? 0 }
        var layers: Int { num_hidden_layers ?? n_layer ?? 0 }
        var heads: Int { num_attention_heads ?? n_head ?? 0 }
        var intermediate: Int { intermediate_size ?? n_inner ?? 4 * width }
        var positions: Int { max_position_embeddings ?? n_positions ?? 2048 }
        var eps: Float { layer_norm_eps ?? layer_norm_epsilon ?? 1e-12 }
        var headDim: Int { width / max(heads, 1) }
        var ropeBase: Double { rope_parameters?.rope_theta ?? rotary_emb_base ?? 1000 }

        func validate(path: String) throws {
            func fail(_ message: String) -> EncoderError { EncoderError("\(path): \(message)") }
            let sizes = [("vocab_size", vocab_size), ("hidden_size", width), ("num_hidden_layers", layers), ("num_attention_heads", heads),
                         ("intermediate_size", intermediate), ("max_position_embeddings", positions), ("type_vocab_size", type_vocab_size ?? 2)]
            for (name, value) in sizes where value <= 0 { throw fail("\(name) must be positive, got \(value)") }
            try ModelLimits.check(sizes, path: path)
            guard width % heads == 0, headDim % 2 == 0 else {
                throw fail("hidden_size \(width) must split into num_attention_heads \(heads) heads of even width")
            }
            if !(eps > 0 && eps <= 0.1) { throw fail("layer_norm_eps must be a small positive number (at most 0.1), got \(eps)") }
            guard ropeBase > 1 else { throw fail("the rotary base must be above 1, got \(ropeBase)") }
            if let activation = hidden_act ?? activation_function, activation != "silu", activation != "swiglu" {
                throw fail("the activation '\(activation)' is not supported (NomicBERT uses SwiGLU: 'silu' / 'swiglu')")
            }
            if let kind = rope_parameters?.rope_type, kind != "default" { throw fail("rope_type '\(kind)' is not supported (only 'default')") }
            if let fraction = rotary_emb_fraction, fraction != 1 { throw fail("rotary_emb_fraction \(fraction) is not supported (only 1.0)") }
            if rotary_emb_interleaved == true { throw fail("rotary_emb_interleaved true is not supported") }
            if prenorm == true { throw fail("prenorm true is not supported (NomicBERT normalises after each sublayer)") }
            if qkv_proj_bias == true || mlp_fc1_bias == true || mlp_fc2_bias == true {
                throw fail("biases on the attention or MLP projections are not supported (NomicBERT has none)")
            }
        }
    }
}
