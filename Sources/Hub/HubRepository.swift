import Foundation

/// A repository on the Hub at a revision: `sentence-transformers/all-MiniLM-L6-v2@main`, a dataset, ...
public struct HubRepository: Hashable, Sendable, CustomStringConvertible {
    /// Models and datasets live in separate namespaces with their own URL prefixes and cache folders.
    public enum Kind: String, Sendable { case model, dataset }

    public var kind: Kind
    /// `org/name`.
    public var id: String
    /// A branch, tag or commit; `main` when none is given.
    public var revision: String

    /// Checks the id, since it becomes a URL path and a cache folder name: one `org/name` of letters, digits and `-_.`.
    public init(_ kind: Kind, id: String, revision: String? = nil) throws {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && $0.count <= 96 && $0.allSatisfy(allowed.contains) }) else {
            throw HubError("'\(id.prefix(120))' is not a Hub \(kind.rawValue) id: expected ORG/NAME of letters, digits and -_.")
        }
        let revision = revision ?? "main"
        guard !revision.isEmpty, revision.count <= 256, !revision.contains(".."), !revision.hasPrefix("/"),
              revision.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw HubError("'\(revision.prefix(120))' is not a revision of \(id): expected a branch, tag or commit")
        }
        self.kind = kind
        self.id = id
        self.revision = revision
    }

    /// `org/name[@revision]`, as `--model` takes it.
    public init(parsing text: String, kind: Kind = .model) throws {
        if let at = text.lastIndex(of: "@") {
            try self.init(kind, id: String(text[..<at]), revision: String(text[text.index(after: at)...]))
        } else {
            try self.init(kind, id: text)
        }
    }

    public var description: String { revision == "main" ? id : "\(id)@\(revision)" }

    /// The revision is a full commit id (40 hex digits), which never moves.
    public var isCommit: Bool { revision.count == 40 && revision.allSatisfy(\.isHexDigit) }

    /// `models--org--name`, the repository's folder in the cache.
    public var cacheFolderName: String { "\(kind.rawValue)s--" + id.replacingOccurrences(of: "/", with: "--") }

    /// `api/models/org/name` or `api/datasets/org/name`.
    var apiPath: String { "api/\(kind.rawValue)s/\(id)" }
    /// The prefix of download URLs: `org/name` for models, `datasets/org/name` for datasets.
    var resolvePath: String { kind == .model ? id : "datasets/\(id)" }
    /// The revision as one URL path segment (`refs/pr/1` becomes `refs%2Fpr%2F1`, as huggingface_hub quotes it).
    var quotedRevision: String { Self.quote(revision) }

    static func quote(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
