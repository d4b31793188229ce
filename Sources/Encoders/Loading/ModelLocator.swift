import Foundation

/// Finds a model folder from what the user typed: a path to a folder, or a Hugging Face id looked up
/// in the local Hugging Face cache (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`),
/// in its `models--ORG--NAME/snapshots/REV/` layout, honouring `refs/main`.
public struct ModelLocator {
    /// A model folder that was found, with the name and revision results will record.
    public struct Location: Equatable {
        public let folder: URL
        public let name: String
        public let revision: String?
    }

    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The hub cache folder this environment points at.
    public var hubCache: URL {
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty { return URL(fileURLWithPath: cache) }
        if let home = environment["HF_HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent("hub") }
        let userHome = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return userHome.appendingPathComponent(".cache/huggingface/hub")
    }

    /// Resolves `model` (a folder path, or `org/name[@revision]`) to a folder, or throws an error that
    /// lists every place searched.
    public func locate(_ model: String) throws -> Location {
        let fm = FileManager.default
        var searched: [String] = []
        var isDirectory: ObjCBool = false
        let asPath = URL(fileURLWithPath: (model as NSString).expandingTildeInPath)
        if fm.fileExists(atPath: asPath.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return Location(folder: asPath.standardizedFileURL, name: asPath.lastPathComponent, revision: nil)
        }
        searched.append("\(asPath.path) (as a folder)")

        let (id, pinned) = splitRevision(model)
        if id.split(separator: "/").count <= 2, !id.hasPrefix("/"), !id.hasPrefix(".") {
            let repo = hubCache.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
            let snapshots = repo.appendingPathComponent("snapshots")
            var revision = pinned
            if revision == nil {
                let ref = repo.appendingPathComponent("refs/main")
                revision = (try? String(contentsOf: ref, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                if revision == nil {
                    let all = (try? fm.contentsOfDirectory(atPath: snapshots.path))?.sorted() ?? []
                    if all.count == 1 { revision = all[0] }
                }
            }
            if let revision {
                let folder = snapshots.appendingPathComponent(revision)
                if fm.fileExists(atPath: folder.path) { return Location(folder: folder, name: id, revision: revision) }
                searched.append("\(folder.path) (Hugging Face cache, revision \(revision))")
            } else {
                searched.append("\(snapshots.path)/<revision> (Hugging Face cache: no refs/main and not exactly one snapshot)")
            }
        }
        throw EncoderError("model '\(model)' was not found; searched:\n  " + searched.joined(separator: "\n  ")
            + "\nGive a sentence-transformers folder, or put the model in the Hugging Face cache (set HF_HUB_CACHE or HF_HOME to use another).")
    }

    func splitRevision(_ model: String) -> (String, String?) {
        guard let at = model.lastIndex(of: "@") else { return (model, nil) }
        return (String(model[..<at]), String(model[model.index(after: at)...]))
    }
}
