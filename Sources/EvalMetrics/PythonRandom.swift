import Foundation

/// Python's `random.Random(seed)` for a non-negative integer seed (MT19937 seeded by `init_by_array`) with the draws mteb's
/// clustering protocol makes: `sample(range(n), k)` to choose the documents it embeds and `choices(range(n), k=…)` for
/// each bootstrap round, so evalbench clusters the same documents.
public struct PythonRandom {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt64) {
        // init_genrand(19650218), then init_by_array over the seed's 32-bit words, least significant first.
        state[0] = 19_650_218
        for i in 1..<624 { state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i) }
        var key: [UInt32] = [UInt32(truncatingIfNeeded: seed)]
        if seed >> 32 != 0 { key.append(UInt32(truncatingIfNeeded: seed >> 32)) }
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
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

    /// `random()`: 53 random bits in [0, 1).
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// `_randbelow(n)` for 0 < n ≤ 2³²: `getrandbits(n.bit_length())` until below n.
    mutating func below(_ n: Int) -> Int {
        let bits = Int.bitWidth - (n.leadingZeroBitCount)
        while true {
            let value = Int(nextUInt32() >> UInt32(32 - bits))
            if value < n { return value }
        }
    }

    /// `sample(range(n), k)`: k distinct values of 0..<n, in the order drawn.
    public mutating func sample(_ n: Int, _ k: Int) -> [Int] {
        precondition(0 <= k && k <= n && n <= 1 << 32, "sample: k must be within 0...n")
        var setSize = 21
        if k > 5 {
            // 4 ** ceil(log(3k, 4)), as Python computes it in floating point.
            setSize += Int(pow4(ceilLog4(Double(3 * k))))
        }
        var result: [Int] = []
        result.reserveCapacity(k)
        if n <= setSize {
            var pool = Array(0..<n)
            for i in 0..<k {
                let j = below(n - i)
                result.append(pool[j])
                pool[j] = pool[n - i - 1]
            }
        } else {
            var selected = Set<Int>()
            for _ in 0..<k {
                var j = below(n)
                while selected.contains(j) { j = below(n) }
                selected.insert(j)
                result.append(j)
            }
        }
        return result
    }

    /// `choices(range(n), k=k)`: k values of 0..<n with replacement, each `floor(random() * n)`.
    public mutating func choices(_ n: Int, _ k: Int) -> [Int] {
        (0..<k).map { _ in Int((random() * Double(n)).rounded(.down)) }
    }

    private func ceilLog4(_ x: Double) -> Double { (Foundation.log(x) / Foundation.log(4.0)).rounded(.up) }
    private func pow4(_ e: Double) -> Double { Foundation.pow(4.0, e) }
}
