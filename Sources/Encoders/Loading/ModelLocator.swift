import Foundation
import Hub

/// Finds a model folder from what the user typed: a path to a folder, or a Hugging Face id looked up
/// in the local Hugging Face cache (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`),
/// in its `models--ORG--NAME/snapshots/REV/` layout, honouring `refs/main`.
public struct ModelLocator {
    /// A model folder that was found, with the name and revision results will record.
    public struct Location: Equatable {
        public let folder: URL
        public let name: String
        public let revision: String?

        public init(folder: URL, name: String, revision: String?) {
            self.folder = folder
            self.name = name
            self.revision = revision
        }

        /// The same folder filed under `id` (`ORG/NAME[@REVISION]`, as `--model-name` gives it).
        public func named(_ id: String) -> Location {
            let at = id.lastIndex(of: "@")
            return Location(folder: folder, name: at.map { String(id[..<$0]) } ?? id, revision: at.map { String(id[id.index(after: $0)...]) })
        }
    }

    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The hub cache folder this environment points at.
    public var hubCache: URL { HubEnvironment(environment).cache }

    /// Resolves `model` (a folder path, or `org/name[@revision]`) to a folder, or throws an error that
    /// lists every place searched.
    public func locate(_ model: String) throws -> Location {
        let fm = FileManager.default
        var searched: [String] = []
        var isDirectory: ObjCBool = false
        let asPath = URL(fileURLWithPath: (model as NSString).expandingTildeInPath)
        if fm.fileExists(atPath: asPath.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return Self.identify(folder: asPath.standardizedFileURL)
        }
        searched.append("\(asPath.path) (as a folder)")

        let (id, pinned) = splitRevision(model)
        if id.split(separator: "/").count <= 2, !id.hasPrefix("/"), !id.hasPrefix(".") {
            let repo = hubCache.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
            let snapshots = repo.appendingPathComponent("snapshots")
            var revision = pinned
            // A branch or tag is a ref naming its commit's snapshot, as the Hub client records it.
            if let pinned, !fm.fileExists(atPath: snapshots.appendingPathComponent(pinned).path), !pinned.contains(".."),
               let commit = (try? String(contentsOf: repo.appendingPathComponent("refs/\(pinned)"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) {
                revision = commit
            }
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

    /// A folder given by path, named as the folder itself says, so that its results land where mteb looks for that
    /// model: a snapshot of a Hugging Face cache (`models--ORG--NAME/snapshots/REV`) is ORG/NAME at REV; otherwise the
    /// id in its model card's usage line (`SentenceTransformer("ORG/NAME")`, which sentence-transformers writes into
    /// README.md); otherwise the folder's name, with no revision.
    static func identify(folder: URL) -> Location {
        let parts = folder.resolvingSymlinksInPath().pathComponents
        if parts.count >= 3, parts[parts.count - 2] == "snapshots", parts[parts.count - 3].hasPrefix("models--") {
            let id = parts[parts.count - 3].dropFirst("models--".count).components(separatedBy: "--")
            if id.count == 2, !id[0].isEmpty, !id[1].isEmpty { return Location(folder: folder, name: id.joined(separator: "/"), revision: parts.last) }
        }
        if let card = try? String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8),
           let id = modelCardID(card) {
            return Location(folder: folder, name: id, revision: nil)
        }
        return Location(folder: folder, name: folder.lastPathComponent, revision: nil)
    }

    /// The ORG/NAME of the first `SentenceTransformer("ORG/NAME")` in a model card.
    static func modelCardID(_ card: String) -> String? {
        guard let call = card.range(of: "SentenceTransformer(\"") else { return nil }
        let rest = card[call.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let id = String(rest[..<end])
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) && id.allSatisfy(allowed.contains) ? id : nil
    }

    func splitRevision(_ model: String) -> (String, String?) {
        guard let at = model.lastIndex(of: "@") else { return (model, nil) }
        return (String(model[..<at]), String(model[model.index(after: at)...]))
    }
}
