import Encoders
import Foundation

/// How one embedding is stored: the key of its (prompt, text), its vector as float32 little-endian bytes, and
/// an FNV-1a 64 checksum of those bytes that every read verifies.
enum CacheRecord {
    /// SHA-256 of the prompt (its UTF-8 byte count first, so no prompt and text can run into each other;
    /// "no prompt" and the empty prompt differ) followed by the text.
    static func textKey(_ text: String, prompt: String?) -> [UInt8] {
        var bytes = Data((prompt.map { "\($0.utf8.count):\($0)" } ?? "-").utf8)
        bytes.append(contentsOf: text.utf8)
        return SHA256.digest(of: bytes)
    }

    static func bytes(of vector: UnsafeBufferPointer<Float>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: vector.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, value) in vector.enumerated() { raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        return out
    }

    /// Appends the floats of `bytes` (float32 little-endian) to `values`.
    static func append(_ bytes: UnsafeRawBufferPointer, to values: inout [Float]) {
        for i in 0..<(bytes.count / 4) {
            values.append(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
        }
    }

    /// FNV-1a 64 of `bytes`, as the signed integer SQLite stores.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> Int64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: hash)
    }
}
