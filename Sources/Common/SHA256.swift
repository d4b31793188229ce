import Foundation

/// SHA-256 (FIPS 180-4), used to fingerprint weight files and task data for result files and to key the embedding cache.
public enum SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Hex digest of `data`.
    public static func hex(of data: Data) -> String { hex(of: data, releasingPagesEvery: nil) }

    /// The 32 digest bytes of `data`.
    public static func digest(of data: Data) -> [UInt8] {
        words(of: data, releasingPagesEvery: nil).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    /// Hex digest of `data`; with `releasingPagesEvery`, the mapped pages of each such stretch are handed
    /// back once hashed, so hashing a large mapped file does not hold it all in memory.
    static func hex(of data: Data, releasingPagesEvery stretch: Int?) -> String {
        words(of: data, releasingPagesEvery: stretch).map { String(format: "%08x", $0) }.joined()
    }

    /// The eight state words after hashing `data`.
    static func words(of data: Data, releasingPagesEvery stretch: Int?) -> [UInt32] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        let length = data.count
        let fullBlocks = length / 64
        let schedule = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
        defer { schedule.deallocate() }
        data.withUnsafeBytes { raw in
            for block in 0..<fullBlocks {
                compress(raw.baseAddress! + block * 64, &h, schedule)
                if let stretch, (block + 1) * 64 % stretch == 0 { MappedFile.release(raw.baseAddress! + (block + 1) * 64 - stretch, byteCount: stretch) }
            }
            let tail = padded([UInt8](raw[(fullBlocks * 64)...]), length: length)
            tail.withUnsafeBytes { t in
                for block in 0..<(tail.count / 64) { compress(t.baseAddress! + block * 64, &h, schedule) }
            }
        }
        return h
    }

    /// SHA-256 over data given a piece at a time (files that never sit in memory whole).
    public struct Hasher {
        var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var pending: [UInt8] = []
        var length = 0

        public init() {}

        /// Hashes `bytes` after what came before.
        public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            pending += bytes
            length += bytes.count
            let full = pending.count / 64 * 64
            compress(pending, blocks: full)
            pending.removeFirst(full)
        }

        /// The hex digest of everything given.
        public mutating func finalize() -> String {
            let tail = SHA256.padded(pending, length: length)
            compress(tail, blocks: tail.count)
            return state.map { String(format: "%08x", $0) }.joined()
        }

        /// Folds the first `count` bytes of `bytes` (whole 64-byte blocks) into the state.
        mutating func compress(_ bytes: [UInt8], blocks count: Int) {
            let schedule = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
            defer { schedule.deallocate() }
            bytes.withUnsafeBytes { raw in
                for block in stride(from: 0, to: count, by: 64) { SHA256.compress(raw.baseAddress! + block, &state, schedule) }
            }
        }
    }

    /// The last bytes of a message of `length` bytes with SHA-256's padding: 0x80, zeros, the length in bits.
    static func padded(_ tail: [UInt8], length: Int) -> [UInt8] {
        var tail = tail
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(length) * 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        return tail
    }

    /// Hex digest of a file, memory-mapped.
    public static func hex(ofFile url: URL) throws -> String {
        hex(of: try MappedFile.map(url), releasingPagesEvery: 1 << 24)
    }

    @inline(__always)
    static func compress(_ block: UnsafeRawPointer, _ h: inout [UInt32], _ schedule: UnsafeMutablePointer<UInt32>) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for i in 0..<16 { schedule[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
        for i in 16..<64 {
            let s0 = rotr(schedule[i - 15], 7) ^ rotr(schedule[i - 15], 18) ^ (schedule[i - 15] >> 3)
            let s1 = rotr(schedule[i - 2], 17) ^ rotr(schedule[i - 2], 19) ^ (schedule[i - 2] >> 10)
            schedule[i] = schedule[i - 16] &+ s0 &+ schedule[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        for i in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[i] &+ schedule[i]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
    }
}
