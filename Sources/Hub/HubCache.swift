import Common
import Foundation

/// The Hugging Face cache as huggingface_hub lays it out, shared with Python tools: `models--org--name/` (or
/// `datasets--…`) holding `blobs/<etag>` (the content, named by the SHA-256 for LFS files, git's blob id otherwise),
/// `snapshots/<commit>/<path>` (relative links to the blobs) and `refs/<revision>` (the commit a branch or tag named).
/// A download in progress is `blobs/<etag>.incomplete`, which nothing reads as a file until it is complete and verified.
public struct HubCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public func folder(of repo: HubRepository) -> URL { root.appendingPathComponent(repo.cacheFolderName) }

    func blob(_ etag: String, of repo: HubRepository) -> URL { folder(of: repo).appendingPathComponent("blobs/\(etag)") }

    public func snapshot(_ commit: String, of repo: HubRepository) -> URL {
        folder(of: repo).appendingPathComponent("snapshots/\(commit)")
    }

    /// The commit the cache knows for the repository's revision: the revision itself when it is a commit with a
    /// snapshot, else what `refs/<revision>` says.
    public func commit(of repo: HubRepository) -> String? {
        if repo.isCommit, FileManager.default.fileExists(atPath: snapshot(repo.revision, of: repo).path) { return repo.revision }
        let ref = folder(of: repo).appendingPathComponent("refs/\(repo.revision)")
        guard let text = try? String(contentsOf: ref, encoding: .utf8) else { return nil }
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.count == 40 && commit.allSatisfy(\.isHexDigit) ? commit : nil
    }

    /// Records that the repository's revision (a branch or tag) is at `commit`.
    func record(_ commit: String, of repo: HubRepository) throws {
        guard !repo.isCommit || repo.revision != commit else { return }
        let ref = folder(of: repo).appendingPathComponent("refs/\(repo.revision)")
        try writeAtomically(Data(commit.utf8), to: ref)
    }

    /// The file at `path` in the commit's snapshot, when it is there and its link resolves.
    public func file(_ path: String, commit: String, of repo: HubRepository) -> URL? {
        let url = snapshot(commit, of: repo).appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Every file of a snapshot, as paths relative to it, sorted.
    public func files(commit: String, of repo: HubRepository) -> [String] {
        let base = snapshot(commit, of: repo)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    /// Links `snapshots/<commit>/<path>` to the blob, relative so the cache can move.
    func link(_ path: String, commit: String, of repo: HubRepository, to etag: String) throws -> URL {
        let target = snapshot(commit, of: repo).appendingPathComponent(path)
        let depth = path.split(separator: "/").count - 1
        let relative = String(repeating: "../", count: depth + 2) + "blobs/\(etag)"
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? manager.destinationOfSymbolicLink(atPath: target.path)) != nil || manager.fileExists(atPath: target.path) {
                try manager.removeItem(at: target)
            }
            try manager.createSymbolicLink(atPath: target.path, withDestinationPath: relative)
        } catch {
            throw HubError("cannot link \(target.path) to its blob in the Hugging Face cache: \(error.localizedDescription)")
        }
        return target
    }

    func writeAtomically(_ data: Data, to url: URL) throws {
        do { try ReplacedFile.write(data, to: url) } catch { throw HubError("\(error)") }
    }
}
