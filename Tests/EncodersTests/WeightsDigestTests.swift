import Common
import Foundation
import Testing
@testable import Encoders

/// A weight file's SHA-256 is computed once and then read from its record while the file's path, size, modification
/// time, inode and device stay as they were; a Hugging Face cache link names it outright.
struct WeightsDigestTests {
    @Test func aRecordStandsUntilTheFileChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-digest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let weights = folder.appendingPathComponent("model.safetensors"), records = folder.appendingPathComponent("records")
        let content = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try content.write(to: weights)
        let expected = SHA256.hex(of: content)

        #expect(try WeightsDigest.of(weights, records: records) == (expected, .computed))
        #expect(try WeightsDigest.of(weights, records: records) == (expected, .record))

        // New content of the same size with a later modification time (set outright: file clocks tick in
        // milliseconds, so two quick writes can share one): hashed again.
        var changed = content
        changed[0] ^= 0xFF
        let written = try #require(try FileManager.default.attributesOfItem(atPath: weights.path)[.modificationDate] as? Date)
        try changed.write(to: weights)
        try FileManager.default.setAttributes([.modificationDate: written.addingTimeInterval(10)], ofItemAtPath: weights.path)
        #expect(try WeightsDigest.of(weights, records: records) == (SHA256.hex(of: changed), .computed))

        // A damaged record is never believed.
        for record in try FileManager.default.contentsOfDirectory(at: records, includingPropertiesForKeys: nil) {
            try Data("garbage".utf8).write(to: record)
        }
        #expect(try WeightsDigest.of(weights, records: records).source == .computed)

        // A link into a Hugging Face cache's blobs is named by its hash.
        let blob = folder.appendingPathComponent("blobs/\(expected)")
        try FileManager.default.createDirectory(at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: blob)
        let link = folder.appendingPathComponent("linked.safetensors")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "blobs/\(expected)")
        #expect(try WeightsDigest.of(link, records: records) == (expected, .blobName))
    }
}
