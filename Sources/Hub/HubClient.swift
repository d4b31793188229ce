import Common
import Foundation

/// The Hugging Face Hub's HTTP protocol as huggingface_hub speaks it: a revision resolved to its commit
/// (`/api/{models|datasets}/{id}/revision/{rev}`), the file listing (`/tree/{commit}`), and downloads
/// (`/{datasets/}{id}/resolve/{commit}/{path}`) into the shared cache layout, verified and resumable. With
/// `HF_HUB_OFFLINE` set it asks nothing of the Hub and answers from the cache alone.
public struct HubClient: Sendable {
    public let environment: HubEnvironment
    public let cache: HubCache
    /// Told of each download's bytes: the file, bytes held so far, bytes in all.
    public var progress: (@Sendable (String, Int64, Int64) -> Void)?
    /// Tries of one file after its first, each resuming where the last stopped.
    public var retries = 3
    let transport: HubTransport

    public init(environment: HubEnvironment = HubEnvironment(), progress: (@Sendable (String, Int64, Int64) -> Void)? = nil) {
        self.environment = environment
        self.cache = HubCache(root: environment.cache)
        self.progress = progress
        transport = HubTransport(token: environment.token, endpoint: environment.endpoint)
    }

    /// The commit the repository's revision names: asked of the Hub (and recorded in `refs/`), or read from the cache
    /// when offline.
    public func commit(of repo: HubRepository) throws -> String {
        if environment.offline {
            guard let commit = cache.commit(of: repo) else {
                throw HubError("HF_HUB_OFFLINE is set and the Hugging Face cache (\(cache.root.path)) has no \(repo.kind.rawValue) \(repo); "
                    + "unset HF_HUB_OFFLINE to download it")
            }
            return commit
        }
        let reply = try checked(transport.get(url("\(repo.apiPath)/revision/\(repo.quotedRevision)")), repo: repo)
        guard let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any], let sha = object["sha"] as? String,
              sha.count == 40, sha.allSatisfy(\.isHexDigit) else {
            throw HubError("\(reply.url.absoluteString): the reply has no 40-digit commit id in 'sha'")
        }
        try cache.record(sha, of: repo)
        return sha
    }

    /// Every file of the repository at `commit`, from the Hub's recursive tree listing (following its `Link: next`
    /// pages), or from the cached snapshot when offline.
    public func files(of repo: HubRepository, commit: String) throws -> [HubFile] {
        if environment.offline {
            return cache.files(commit: commit, of: repo).map { HubFile(path: $0, size: -1, etag: "", sha256: nil) }
        }
        var files: [HubFile] = []
        var next: URL? = url("\(repo.apiPath)/tree/\(commit)?recursive=true&expand=false")
        var pages = 0
        while let page = next {
            pages += 1
            guard pages <= 10_000 else { throw HubError("\(page.absoluteString): more than 10,000 pages of files") }
            let reply = try checked(transport.get(page), repo: repo)
            guard let entries = try? JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]] else {
                throw HubError("\(reply.url.absoluteString): the file listing is not a JSON list of entries")
            }
            for (index, entry) in entries.enumerated() where entry["type"] as? String == "file" {
                files.append(try Self.file(entry, at: "\(reply.url.absoluteString), entry \(index)"))
            }
            next = reply.headers["link"].flatMap(Self.nextPage)
        }
        return files
    }

    /// A tree entry as a file, every field checked before it names a path or a size.
    static func file(_ entry: [String: Any], at place: String) throws -> HubFile {
        guard let path = entry["path"] as? String, HubFile.checkPath(path) else {
            throw HubError("\(place): 'path' must be a relative path inside the repository")
        }
        guard let size = (entry["size"] as? NSNumber)?.int64Value, size >= 0, size < 1 << 50 else {
            throw HubError("\(place) (\(path)): 'size' must be a whole number of bytes")
        }
        let hex = { (value: Any?, count: Int) -> String? in
            guard let text = value as? String, text.count == count, text.allSatisfy(\.isHexDigit) else { return nil }
            return text.lowercased()
        }
        if let lfs = entry["lfs"] as? [String: Any] {
            guard let sha = hex(lfs["oid"], 64) else { throw HubError("\(place) (\(path)): 'lfs.oid' must be a SHA-256 in hex") }
            return HubFile(path: path, size: size, etag: sha, sha256: sha)
        }
        guard let oid = hex(entry["oid"], 40) else { throw HubError("\(place) (\(path)): 'oid' must be a git blob id in hex") }
        return HubFile(path: path, size: size, etag: oid, sha256: nil)
    }

    /// The `rel="next"` address of a Link header.
    static func nextPage(_ link: String) -> URL? {
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else { continue }
            return URL(string: String(part[part.index(after: open)..<close]))
        }
        return nil
    }

    /// The file in the commit's snapshot, downloaded first unless the cache holds it. The download goes to
    /// `blobs/<etag>.incomplete`, resumes from what an interrupted one left there, and becomes the blob only once its
    /// size (and SHA-256, for LFS files) is what the listing promised.
    public func fetch(_ file: HubFile, of repo: HubRepository, commit: String) throws -> URL {
        if let cached = cache.file(file.path, commit: commit, of: repo) { return cached }
        guard !environment.offline else {
            throw HubError("HF_HUB_OFFLINE is set and the Hugging Face cache has no \(file.path) of \(repo) at \(commit.prefix(12))")
        }
        let blob = cache.blob(file.etag, of: repo)
        if !FileManager.default.fileExists(atPath: blob.path) {
            try download(file, of: repo, commit: commit, to: blob)
        }
        return try cache.link(file.path, commit: commit, of: repo, to: file.etag)
    }

    private func download(_ file: HubFile, of repo: HubRepository, commit: String, to blob: URL) throws {
        let partial = blob.appendingPathExtension("incomplete")
        try? FileManager.default.createDirectory(at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
        let address = url("\(repo.resolvePath)/resolve/\(commit)/" + file.path.split(separator: "/").map { HubRepository.quote(String($0)) }.joined(separator: "/"))
        let report = progress
        var attempt = 0
        while true {
            let held = Self.size(of: partial)
            if held > file.size { try? FileManager.default.removeItem(at: partial) }
            let offset = held > file.size ? 0 : held
            if offset < file.size || file.size == 0 {
                let reply: HubTransport.Reply
                do {
                    reply = try transport.download(address, to: partial, from: offset) { report?(file.path, $0, file.size) }
                } catch where attempt < retries {
                    attempt += 1  // a dropped or failed connection: resume from what arrived
                    continue
                }
                _ = try checked(reply, repo: repo, accepting: [200, 206])
            }
            let got = Self.size(of: partial)
            if got < file.size, attempt < retries {
                attempt += 1
                continue
            }
            guard got == file.size else {
                try? FileManager.default.removeItem(at: partial)
                throw HubError("\(address.absoluteString) gave \(got) bytes where the Hub's listing says \(file.size); nothing was kept")
            }
            if let expected = file.sha256 {
                let actual = try SHA256.hex(ofFile: partial)
                guard actual == expected else {
                    try? FileManager.default.removeItem(at: partial)
                    throw HubError("\(address.absoluteString): the download's SHA-256 is \(actual), the Hub's listing says \(expected); nothing was kept")
                }
            }
            guard rename(partial.path, blob.path) == 0 else {
                throw HubError("cannot rename \(partial.path) to \(blob.path): \(String(cString: strerror(errno)))")
            }
            return
        }
    }

    static func size(of url: URL) -> Int64 {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int64(info.st_size) : 0
    }

    func url(_ path: String) -> URL { URL(string: environment.endpoint.absoluteString + "/" + path)! }

    /// The reply when its status is one of `accepting`, else the sentence for its status.
    func checked(_ reply: HubTransport.Reply, repo: HubRepository, accepting: Set<Int> = [200]) throws -> HubTransport.Reply {
        if accepting.contains(reply.status) { return reply }
        let page = "\(environment.endpoint.absoluteString)/\(repo.kind == .model ? "" : "datasets/")\(repo.id)"
        switch reply.status {
        case 401 where environment.token == nil:
            throw HubError("\(repo) is gated or private: accept its licence on \(page) and set HF_TOKEN to a token of that account (HTTP 401)")
        case 401:
            throw HubError("the Hub refused the token in HF_TOKEN (or the token file) for \(repo): set HF_TOKEN to a valid token (HTTP 401)")
        case 403:
            throw HubError("the token has no access to \(repo): accept its licence on \(page) with the token's account (HTTP 403)")
        case 404:
            throw HubError("\(reply.url.absoluteString): no such \(repo.kind.rawValue), revision or file on \(environment.endpoint.absoluteString) (HTTP 404)")
        default:
            let message = String(decoding: reply.body.prefix(200), as: UTF8.self)
            throw HubError("\(reply.url.absoluteString): HTTP \(reply.status)\(message.isEmpty ? "" : ": \(message)")")
        }
    }
}
