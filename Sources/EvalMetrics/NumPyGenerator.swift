/// NumPy's `np.random.default_rng(seed)`: a PCG64 generator seeded through `SeedSequence`, and its `shuffle`, so that
/// mteb's multilabel undersampling, which shuffles with the task's `default_rng(42)`, draws the same training rows.
public struct NumPyGenerator {
    private var state: UInt128
    private let increment: UInt128
    /// PCG64 hands out 32-bit values in halves of one 64-bit output, the low half first.
    private var pendingHigh: UInt32?

    static let multiplier: UInt128 = (2_549_297_995_355_413_924 << 64) + 4_865_540_595_714_422_341

    public init(seed: UInt64) {
        let words = Self.seedSequence(seed, words: 8)
        func word64(_ i: Int) -> UInt128 { UInt128(words[2 * i]) | UInt128(words[2 * i + 1]) << 32 }
        let (initialState, sequence) = (word64(0) << 64 | word64(1), word64(2) << 64 | word64(3))
        // pcg_setseq_128_srandom_r
        increment = sequence << 1 | 1
        state = 0
        step()
        state &+= initialState
        step()
    }

    private mutating func step() { state = state &* Self.multiplier &+ increment }

    /// PCG's XSL RR output of the stepped state.
    mutating func nextUInt64() -> UInt64 {
        step()
        let folded = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        let rotation = UInt64(truncatingIfNeeded: state >> 122)
        return folded >> rotation | folded << ((64 &- rotation) & 63)
    }

    mutating func nextUInt32() -> UInt32 {
        if let high = pendingHigh {
            pendingHigh = nil
            return high
        }
        let next = nextUInt64()
        pendingHigh = UInt32(truncatingIfNeeded: next >> 32)
        return UInt32(truncatingIfNeeded: next)
    }

    /// numpy's `random_interval`: uniform in 0...max by masked rejection sampling (32-bit draws below 2³²).
    mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        for shift: UInt64 in [1, 2, 4, 8, 16, 32] { mask |= mask >> shift }
        while true {
            let value = max <= UInt64(UInt32.max) ? UInt64(nextUInt32()) & mask : nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// In-place Fisher–Yates exactly as `Generator.shuffle` does it.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, through: 1, by: -1) {
            array.swapAt(i, Int(interval(UInt64(i))))
        }
    }

    /// `SeedSequence(seed).generate_state(words, np.uint32)`: the seed's 32-bit words hashed into a pool of 4, then
    /// drawn from the pool by a second hash.
    static func seedSequence(_ seed: UInt64, words: Int) -> [UInt32] {
        var entropy: [UInt32] = [UInt32(truncatingIfNeeded: seed)]
        if seed >> 32 != 0 { entropy.append(UInt32(truncatingIfNeeded: seed >> 32)) }
        var hashConstant: UInt32 = 0x43b0_d7e5
        func hashmix(_ value: UInt32) -> UInt32 {
            var value = value ^ hashConstant
            hashConstant = hashConstant &* 0x931e_8875
            value = value &* hashConstant
            return value ^ (value >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let result = 0xca01_f9dd &* x &- 0x4973_f715 &* y
            return result ^ (result >> 16)
        }
        var pool = (0..<4).map { hashmix($0 < entropy.count ? entropy[$0] : 0) }
        for source in 0..<4 {
            for destination in 0..<4 where source != destination { pool[destination] = mix(pool[destination], hashmix(pool[source])) }
        }
        for source in 4..<max(4, entropy.count) {
            for destination in 0..<4 { pool[destination] = mix(pool[destination], hashmix(entropy[source])) }
        }
        var drawConstant: UInt32 = 0x8b51_f9dd
        return (0..<words).map { i in
            var value = pool[i % 4] ^ drawConstant
            drawConstant = drawConstant &* 0x58f3_8ded
            value = value &* drawConstant
            return value ^ (value >> 16)
        }
    }
}
