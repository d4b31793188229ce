import Common
import Encoders
import Foundation

/// SHA-256 over a task's data files (names and bytes), so a result says exactly which data it scored. Files are read
/// a megabyte at a time, so a corpus of any size is hashed in bounded memory.
enum DataFingerprint {
    static func sha256(of files: [URL]) throws -> String {
        var hasher = SHA256.Hasher()
        for file in files.sorted(by: { $0.path < $1.path }) {
            hasher.update(Array(file.lastPathComponent.utf8) + [0])
            guard let handle = FileHandle(forReadingAtPath: file.path) else { throw EvalBenchError("\(file.path) cannot be read") }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        }
        return hasher.finalize()
    }
}
