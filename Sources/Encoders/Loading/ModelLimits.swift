/// Upper bounds on the sizes a model's config.json may declare, checked before anything is allocated from them:
/// far above any real embedding model (EmbeddingGemma: 262,144-token vocabulary, 24 layers, width 768), low
/// enough that no product of them overflows or asks for memory no machine has.
enum ModelLimits {
    static let bounds: [String: Int] = [
        "vocab_size": 1 << 24, "hidden_size": 1 << 16, "intermediate_size": 1 << 18, "num_hidden_layers": 1024,
        "num_attention_heads": 1024, "num_key_value_heads": 1024, "head_dim": 1 << 12, "max_position_embeddings": 1 << 20,
        "type_vocab_size": 1 << 16, "in_features": 1 << 18, "out_features": 1 << 18,
    ]

    /// Throws naming `path` and the first field above its bound.
    static func check(_ fields: [(String, Int)], path: String) throws {
        for (name, value) in fields {
            guard let bound = bounds[name] else { continue }
            if value > bound { throw EncoderError("\(path): \(name) \(value) is larger than any model evalbench can run (at most \(bound))") }
        }
    }
}
