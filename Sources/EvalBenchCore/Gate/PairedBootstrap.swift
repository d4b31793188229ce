import EvalMetrics

/// A paired percentile bootstrap: draws unit indices (queries, pairs, experiments) with replacement, the same
/// draw for baseline and candidate, evaluates candidate − baseline on each draw, and reports the percentiles of
/// those deltas at the confidence level. Seeded per row, so a rerun gives the same interval whatever the
/// order of the rows.
public struct PairedBootstrap: Sendable {
    /// A percentile interval of the delta, and the one-sided p-value of "the candidate is not worse".
    public struct Interval: Equatable, Sendable {
        public var low: Double
        public var high: Double
        /// (1 + draws whose delta is ≥ 0) / (1 + draws): small when nearly every draw says the candidate is worse.
        public var pValue: Double
    }

    public var resamples: Int
    /// Two-sided confidence level in (0, 1).
    public var confidence: Double
    public var seed: UInt64

    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 42) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The smallest p-value `resamples` draws can give.
    public var smallestPValue: Double { 1 / Double(resamples + 1) }

    /// The interval of `statistic` over draws of `units` indices, with a generator seeded from the seed and
    /// `key`; nil when there are no units or no draw gave a finite delta (e.g. a correlation of constants).
    public func interval(units: Int, key: String, statistic: ([Int]) -> Double) -> Interval? {
        guard units > 0, resamples > 0 else { return nil }
        var random = SeededRandom(seed: Self.mix(seed, key))
        var indices = [Int](repeating: 0, count: units)
        var deltas: [Double] = []
        deltas.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for i in 0..<units { indices[i] = Int.random(in: 0..<units, using: &random) }
            let delta = statistic(indices)
            if delta.isFinite { deltas.append(delta) }
        }
        guard !deltas.isEmpty else { return nil }
        deltas.sort()
        let tail = (1 - confidence) / 2
        let notWorse = deltas.lazy.filter { $0 >= 0 }.count
        return Interval(low: Self.percentile(deltas, tail), high: Self.percentile(deltas, 1 - tail),
                        pValue: Double(1 + notWorse) / Double(1 + deltas.count))
    }

    /// The one-sided level a row's p-value is held to: half of what the two-sided interval leaves out, so that
    /// for a single row "p ≤ α" and "the interval lies below zero" agree (up to the interpolation at the edge).
    public var alpha: Double { (1 - confidence) / 2 }

    /// The `q` quantile of sorted values, interpolating linearly between neighbours (NumPy's default).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }

    /// The seed combined with an FNV-1a hash of `key` (Swift's `Hasher` is randomised per process).
    static func mix(_ seed: UInt64, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return seed ^ hash
    }
}
