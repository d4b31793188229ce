/// One file of a repository at a commit, as the Hub's tree listing describes it.
public struct HubFile: Equatable, Sendable {
    /// Relative to the repository root; checked to stay inside it.
    public var path: String
    public var size: Int64
    /// The cache's blob name: the SHA-256 for LFS files, git's blob id otherwise (what the Hub sends as the ETag).
    public var etag: String
    /// The SHA-256 of the content, which the Hub gives for LFS files.
    public var sha256: String?

    /// A path from the Hub becomes a path in the cache: relative, no `..`, no empty or hidden-dot components.
    static func checkPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && path.utf8.count <= 1024 && !path.contains("\\") && !path.contains("\0")
            && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
