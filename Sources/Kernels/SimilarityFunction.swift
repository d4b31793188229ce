/// sentence-transformers' similarity functions (`similarity_fn_name` in config_sentence_transformers.json), with its
/// sign conventions: higher is more similar, so the distances are negated (`-cdist(p=2)`, `-cdist(p=1)`).
public enum SimilarityFunction: String, Sendable, CaseIterable, Codable {
    /// Dot product of the L2-normalised vectors.
    case cosine
    /// Dot product of the vectors as they are.
    case dot
    /// Minus the Euclidean distance.
    case euclidean
    /// Minus the sum of absolute differences.
    case manhattan

    /// The function `name` names, with sentence-transformers' alias `dot_product`; nil for any other name.
    public init?(name: String) {
        self.init(rawValue: name == "dot_product" ? "dot" : name)
    }
}
