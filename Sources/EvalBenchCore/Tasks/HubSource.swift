import Foundation
import Hub

/// A task's dataset on the Hub at a pinned revision, and how its configs and splits become the files of the layout
/// the task's kind reads: `{"file": "qrels/{split}.tsv", "config": "default", "split": "{split}", "columns": [...]}`.
/// `{split}` stands for each of the task's splits.
public struct HubSource: Codable, Equatable, Sendable {
    /// One file of the kind's layout, made from one config's split.
    public struct FileMapping: Codable, Equatable, Sendable {
        /// The file written, relative to the task's data folder: `.jsonl`, or `.tsv` (which needs `columns`).
        public var file: String
        /// The dataset config (subset); the default config when absent.
        public var config: String?
        /// The split read; absent: the config's only split (a BEIR corpus config's).
        public var split: String?
        /// The columns written, in order; every column when absent (JSON lines only).
        public var columns: [String]?
        /// Written name → the Hub rows' column it comes from; `a|b` takes the first of the two a row has.
        public var rename: [String: String]?
        /// Columns of `columns` a row may lack (BEIR corpora without titles).
        public var optional: [String]?
        /// Only rows whose column equals the given text are kept (mteb's `fast_loading` tasks keep `lang` = `en`).
        public var filter: [String: String]?
        /// Rows holding parallel lists (`sentence1: [...]`, `sentence2: [...]`, `labels: [...]`) become one row per item.
        public var explode: Bool?
        /// Only the first rows are read, in file order; later files are never downloaded.
        public var limit: Int?
        /// Columns that receive the row's place, `<split>-<row>`, for datasets without ids (mteb's `dict(enumerate(...))`).
        public var row_id: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case file, config, split, columns, rename, optional, filter, explode, limit, row_id }

        public init(from decoder: Swift.Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), in: "a 'hub.files' entry")
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.decode(String.self, forKey: .file)
            config = try container.decodeIfPresent(String.self, forKey: .config)
            split = try container.decodeIfPresent(String.self, forKey: .split)
            columns = try container.decodeIfPresent([String].self, forKey: .columns)
            rename = try container.decodeIfPresent([String: String].self, forKey: .rename)
            optional = try container.decodeIfPresent([String].self, forKey: .optional)
            filter = try container.decodeIfPresent([String: String].self, forKey: .filter)
            explode = try container.decodeIfPresent(Bool.self, forKey: .explode)
            limit = try container.decodeIfPresent(Int.self, forKey: .limit)
            row_id = try container.decodeIfPresent([String].self, forKey: .row_id)
        }

        /// The mapping for one of the task's splits.
        func expanded(for taskSplit: String) -> FileMapping {
            var copy = self
            copy.file = file.replacingOccurrences(of: "{split}", with: taskSplit)
            copy.split = split?.replacingOccurrences(of: "{split}", with: taskSplit)
            return copy
        }
    }

    /// `org/name` of the dataset repository.
    public var repo: String
    /// A commit id, so the data never changes under a published score (a branch only where no commit is known; the
    /// data's SHA-256 in the result files still tells versions apart).
    public var revision: String
    public var files: [FileMapping]

    enum CodingKeys: String, CodingKey, CaseIterable { case repo, revision, files }

    public init(from decoder: Swift.Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), in: "'data.hub'")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        repo = try container.decode(String.self, forKey: .repo)
        revision = try container.decode(String.self, forKey: .revision)
        files = try container.decode([FileMapping].self, forKey: .files)
    }

    /// The repository, checked.
    public var repository: HubRepository {
        get throws {
            do { return try HubRepository(.dataset, id: repo, revision: revision) } catch let error as HubError {
                throw EvalBenchError("'data.hub': \(error.description)")
            }
        }
    }

    func validate() throws {
        _ = try repository
        guard !files.isEmpty else { throw EvalBenchError("'data.hub.files' is empty") }
        for mapping in files {
            let path = mapping.file.replacingOccurrences(of: "{split}", with: "split")
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }), parts.count <= 3, path.count <= 200 else {
                throw EvalBenchError("'data.hub.files': '\(mapping.file.prefix(80))' must be a relative path inside the task's folder")
            }
            guard path.hasSuffix(".jsonl") || (path.hasSuffix(".tsv") && mapping.columns != nil) else {
                throw EvalBenchError("'data.hub.files': '\(mapping.file.prefix(80))' must end in .jsonl, or in .tsv with 'columns'")
            }
            try OptionCheck.range(mapping.limit, 1...100_000_000, "'data.hub.files' limit")
        }
    }
}
