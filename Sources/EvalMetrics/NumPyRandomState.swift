/// NumPy's legacy `RandomState` (MT19937 seeded by `init_genrand`) and its `shuffle`, so that MTEB's
/// classification undersampling, which shuffles with `np.random.seed(42)`, draws the same training subsets.
public struct NumPyRandomState {
    var state = [UInt32](repeating: 0, count: 624)
    var index = 624

    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    mutating func nextUInt32() -> UInt32 {
        if index >= 624 {
            for i in 0..<624 {
                let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
                state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

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
    public mutating func uniform() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// One value of `randint(0, n)` (n ≤ 2³²), as the legacy generator draws it.
    public mutating func integer(below n: Int) -> Int { Int(interval(UInt32(n - 1))) }
}
