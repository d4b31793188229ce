extension Bert {
    /// The fields of a BERT `config.json` the forward pass needs.
    struct Config: Decodable {
        var vocab_size: Int
        var hidden_size: Int
        var num_hidden_layers: Int
        var num_attention_heads: Int
        var intermediate_size: Int
        var hidden_act: String?
        var max_position_embeddings: Int
        var type_vocab_size: Int?
        var layer_norm_eps: Float?
        var position_embedding_type: String?
        var pad_token_id: Int?

        var headDim: Int { hidden_size / num_attention_heads }

        func validate(path: String) throws {
            guard hidden_size > 0, num_attention_heads > 0, hidden_size % num_attention_heads == 0 else {
                throw EncoderError("\(path): hidden_size \(hidden_size) is not divisible by num_attention_heads \(num_attention_heads)")
            }
            guard num_hidden_layers > 0, intermediate_size > 0, vocab_size > 0, max_position_embeddings > 0 else {
                throw EncoderError("\(path): num_hidden_layers, intermediate_size, vocab_size and max_position_embeddings must be positive")
            }
            try ModelLimits.check([("hidden_size", hidden_size), ("num_hidden_layers", num_hidden_layers), ("intermediate_size", intermediate_size),
                                   ("vocab_size", vocab_size), ("max_position_embeddings", max_position_embeddings),
                                   ("type_vocab_size", type_vocab_size ?? 2)], path: path)
            // transformers builds the word embeddings with padding_idx = pad_token_id and refuses one outside the table.
            if let pad = pad_token_id, !(0..<vocab_size).contains(pad) {
                throw EncoderError("\(path): pad_token_id \(pad) is not a row of the \(vocab_size)-token embedding table")
            }
            if let eps = layer_norm_eps, !(eps > 0 && eps <= 0.1) {
                throw EncoderError("\(path): layer_norm_eps must be a small positive number (at most 0.1), got \(eps)")
            }
            if let act = hidden_act, act != "gelu" {
                throw EncoderError("\(path): hidden_act '\(act)' is not supported (BERT models use 'gelu')")
            }
            if let kind = position_embedding_type, kind != "absolute" {
                throw EncoderError("\(path): position_embedding_type '\(kind)' is not supported (only 'absolute')")
            }
        }
    }
}
