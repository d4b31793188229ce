import Common
import Encoders
import Foundation

/// How one embedding is stored: the key of its (prompt, text), its vector as float32 little-endian bytes
/// (`Float32Bytes`), and an FNV-1a 64 checksum of those bytes that every read verifies.
enum CacheRecord {
    /// SHA-256 of the prompt (its UTF-8 byte count first, so no prompt and text can run into each other;
    /// "no prompt" and the empty prompt differ) followed by the text.
    static func textKey(_ text: String, prompt: String?) -> [UInt8] {
        var bytes = Data((prompt.map { "\($0.utf8.count):\($0)" } ?? "-").utf8)
        bytes.append(contentsOf: text.utf8)
        return SHA256.digest(of: bytes)
    }

    /// FNV-1a 64 of `bytes`, as the signed integer SQLite stores.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> Int64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: hash)
    }
}
