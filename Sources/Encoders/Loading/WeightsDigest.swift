import Common
import Foundation

/// The SHA-256 of a weight file: read from the Hugging Face cache's blob name when the file is a link
/// to `blobs/<sha256>` (the cache names LFS blobs by their hash), else computed.
func weightsDigest(of url: URL) throws -> String {
    let resolved = url.resolvingSymlinksInPath().lastPathComponent
    if resolved.count == 64, resolved.allSatisfy(\.isHexDigit), resolved != url.lastPathComponent {
        return resolved
    }
    return try SHA256.hex(ofFile: url)
}
