import Foundation

/// Python's `random.Random(seed)` for a non-negative integer seed (MT19937 seeded by `init_by_array`) with the draws mteb's
/// clustering protocol makes: `sample(range(n), k)` to choose the documents it embeds and `choices(range(n), k=…)` for
/// each bootstrap round, so evalbench clusters the same documents.
public struct PythonRandom {
    private var generator: MersenneTwister

    public init(seed: UInt64) {
        let low = UInt32(truncatingIfNeeded: seed), high = UInt32(truncatingIfNeeded: seed >> 32)
        generator = MersenneTwister(key: high == 0 ? [low] : [low, high])
    }

    /// `random()`: 53 random bits in [0, 1).
    public mutating func random() -> Double { generator.nextDouble() }

    /// `_randbelow(n)` for 0 < n ≤ 2³²: `getrandbits(n.bit_length())` until below n.
    mutating func below(_ n: Int) -> Int {
        let bits = Int.bitWidth - (n.leadingZeroBitCount)
        while true {
            let value = Int(generator.nextUInt32() >> UInt32(32 - bits))
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
