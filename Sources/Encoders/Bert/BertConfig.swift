extension Bert {
    /// The fields of a BERT, RoBERTa / XLM-RoBERTa or MPNet `config.json` the forward pass needs.
    struct Config: TransformerConfig {
        var model_type: String?
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
        var relative_attention_num_buckets: Int?

        var headDim: Int { hidden_size / num_attention_heads }

        /// The variant `model_type` names (as `SupportedModelType` reads it): the layers are BERT's in all three, the
        /// positions and names differ.
        var family: Family {
            switch model_type.flatMap(SupportedModelType.init(rawValue:)) {
            case .xlmRoberta?, .roberta?: return .roberta
            case .mpnet?: return .mpnet
            default: return .bert
            }
        }

        /// Position of token t: t for BERT; for RoBERTa and MPNet `create_position_ids_from_input_ids`, which counts
        /// from the padding index + 1 (MPNet's padding index is fixed at 1).
        var firstPosition: Int {
            switch family {
            case .bert: return 0
            case .roberta: return (pad_token_id ?? 1) + 1
            case .mpnet: return 2
            }
        }

        /// MPNet's bucket count is fixed at 32 in `compute_position_bias`, whatever the config says; the table must hold them.
        static let relativeBuckets = 32

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
            guard firstPosition < max_position_embeddings else {
                throw EncoderError("\(path): max_position_embeddings \(max_position_embeddings) leaves no position for text after the "
                    + "padding index (positions start at \(firstPosition))")
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
            if family == .mpnet, let buckets = relative_attention_num_buckets, buckets < Self.relativeBuckets {
                throw EncoderError("\(path): relative_attention_num_buckets \(buckets) is below the 32 buckets MPNet's attention reads")
            }
        }
    }

    /// BERT and the models built on its layers.
    enum Family { case bert, roberta, mpnet }
}
