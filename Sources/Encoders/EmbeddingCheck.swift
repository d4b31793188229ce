/// What makes a vector usable as an embedding: finite values and a squared length that float32 holds, neither zero nor
/// overflowing, so that cosine, dot and distances are defined. No encoder returns another (native or remote), and the
/// embedding cache refuses to read one, so a vector written by something else cannot turn into a score.
public enum EmbeddingCheck {
    /// Why `values` cannot be an embedding ("holds NaN or infinity", ...), or nil when it can. Inlinable, so that the
    /// cache's check of every vector it reads runs specialised, not through generic witnesses.
    @inlinable
    public static func problem<C: Collection>(_ values: C) -> String? where C.Element == Float {
        var squares: Float = 0
        for value in values {
            guard value.isFinite else { return "holds NaN or infinity" }
            squares += value * value
        }
        guard squares.isFinite else { return "is too long for float32 (its squared length overflows)" }
        guard squares > 0 else { return "has no length (all zeros, or too small for float32)" }
        return nil
    }
}
