import Common
import Encoders
import Foundation

/// SHA-256 over a task's data files (names and bytes), so a result says exactly which data it scored.
enum DataFingerprint {
    static func sha256(of files: [URL]) throws -> String {
        var data = Data()
        for file in files.sorted(by: { $0.path < $1.path }) {
            data.append(contentsOf: Array(file.lastPathComponent.utf8))
            data.append(0)
            data.append(try Data(contentsOf: file, options: .alwaysMapped))
        }
        return SHA256.hex(of: data)
    }
}
