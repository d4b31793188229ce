/// NumPy's legacy `RandomState` (MT19937 seeded by `init_genrand`) and its `shuffle`, so that MTEB's
/// classification undersampling, which shuffles with `np.random.seed(42)`, draws the same training subsets.
public struct NumPyRandomState {
    private var generator: MersenneTwister

    public init(seed: UInt32) { generator = MersenneTwister(seed: seed) }

    mutating func nextUInt32() -> UInt32 { generator.nextUInt32() }

    /// numpy's `random_interval`: uniform in 0...max by masked rejection sampling.
    mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        for shift: UInt32 in [1, 2, 4, 8, 16] { mask |= mask >> shift }
        while true {
            let value = nextUInt32() & mask
            if value <= max { return value }
        }
    }

    /// In-place Fisher–Yates exactly as `RandomState.shuffle` does it for a 1-D array.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, through: 1, by: -1) {
            array.swapAt(i, Int(interval(UInt32(i))))
        }
    }

    /// `random_sample()`: 53 random bits in [0, 1).
    public mutating func uniform() -> Double { generator.nextDouble() }

    /// One value of `randint(0, n)` (n ≤ 2³²), as the legacy generator draws it.
    public mutating func integer(below n: Int) -> Int { Int(interval(UInt32(n - 1))) }
}
