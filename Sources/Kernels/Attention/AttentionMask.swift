/// Which keys a query sees within its own sequence (padding is never seen: each sequence attends over its own tokens).
public enum AttentionMask: Equatable, Sendable {
    /// Every token of the sequence (BERT and the other encoders).
    case bidirectional
    /// Keys with |i − j| ≤ radius (Gemma 3's and ModernBERT's local layers).
    case window(radius: Int)
    /// Keys j ≤ i (Qwen3, a decoder).
    case causal

    /// The keys query `i` of an `n`-token sequence sees.
    public func keys(of i: Int, count n: Int) -> Range<Int> {
        switch self {
        case .bidirectional: return 0..<n
        case .window(let radius): return max(0, i - radius)..<min(n, i + radius + 1)
        case .causal: return 0..<(i + 1)
        }
    }

    /// Multiply-adds of q·k and p·v over an `n`-token sequence, per unit of head width (for GFLOP/s).
    public func pairs(count n: Int) -> Int {
        switch self {
        case .bidirectional: return n * n
        case .window: return (0..<n).reduce(0) { $0 + keys(of: $1, count: n).count }
        case .causal: return n * (n + 1) / 2
        }
    }
}
