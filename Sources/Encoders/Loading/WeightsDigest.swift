import Common
import Foundation

/// The SHA-256 of a weight file, without reading 1.2 GB on every load where it can be avoided:
/// - a link into the Hugging Face cache's `blobs/<sha256>` names it (the cache names LFS blobs by their hash);
/// - else a record in evalbench's cache folder (`weights-digests/`), written when the file was last hashed and keyed
///   by its path, size, modification time (to the nanosecond), inode and device. The record is trusted while all five
///   are unchanged: a file rewritten in place to the same size with its modification time set back (`touch -r`) would
///   not be noticed;
/// - else it is computed, and recorded.
enum WeightsDigest {
    /// Where a digest came from.
    enum Source: Equatable { case blobName, record, computed }

    static func of(_ url: URL, records: URL = EvalbenchCacheFolder.url().appendingPathComponent("weights-digests")) throws -> (digest: String, source: Source) {
        let resolved = url.resolvingSymlinksInPath()
        let blob = resolved.lastPathComponent
        if blob.count == 64, blob.allSatisfy(\.isHexDigit), blob != url.lastPathComponent { return (blob, .blobName) }
        var info = stat()
        guard stat(resolved.path, &info) == 0 else { return (try SHA256.hex(ofFile: url), .computed) }
        let key = "\(resolved.path)\n\(info.st_size)\n\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\n\(info.st_ino)\n\(info.st_dev)"
        let record = records.appendingPathComponent(SHA256.hex(of: Data(key.utf8)))
        if let stored = try? String(contentsOf: record, encoding: .utf8), stored.hasPrefix(key + "\n") {
            let digest = String(stored.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
            if digest.count == 64, digest.allSatisfy(\.isHexDigit) { return (digest, .record) }
        }
        let digest = try SHA256.hex(ofFile: url)
        // A record that cannot be written costs the next load a hash, nothing else.
        try? ReplacedFile.write(Data((key + "\n" + digest + "\n").utf8), to: record)
        return (digest, .computed)
    }
}
