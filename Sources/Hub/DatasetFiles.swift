import Foundation
import Yams

/// Which files of a dataset repository hold a config's split, as the `datasets` library resolves them: the README's
/// YAML `configs:` block when it has one (`config_name`, `data_files` as a path, a list, or `split`/`path` entries,
/// with glob patterns), otherwise the default config whose splits are named by the files (`test.jsonl.gz`,
/// `data/test-00000-of-00001.parquet`, `test/…`, with the split's other names: dev/val for validation, …).
public struct DatasetFiles {
    /// The data formats evalbench reads, by file suffix.
    static let suffixes = [".jsonl", ".jsonl.gz", ".json", ".json.gz", ".csv", ".tsv", ".parquet"]

    /// Whether a path is a data file of a format evalbench reads.
    public static func isData(_ path: String) -> Bool { suffixes.contains { path.lowercased().hasSuffix($0) } }

    /// Each config's splits and their path patterns.
    let configs: [String: [String: [String]]]
    let files: [String]

    /// `files`: every path of the repository; `readme`: its README.md, when it has one.
    public init(files: [String], readme: String?) throws {
        self.files = files.filter(Self.isData)
        configs = try readme.map(Self.configs(in:)) ?? [:]
    }

    /// The config names the README declares (empty when it declares none).
    public var configNames: [String] { configs.keys.sorted() }

    /// The paths holding `split` of `config` (nil: the default config; a nil split: the config's only split, as mteb
    /// reads a BEIR corpus config), sorted; an error naming what exists otherwise.
    public func paths(config: String?, split: String?) throws -> [String] {
        if !configs.isEmpty {
            let name = config ?? "default"
            guard let splits = configs[name] else {
                throw HubError("the dataset has no config '\(name)'; its configs: \(configNames.joined(separator: ", "))")
            }
            guard let patterns = split.map({ splits[$0] }) ?? (splits.count == 1 ? splits.first!.value : nil) else {
                throw HubError("config '\(name)' has no split '\(split ?? "(its only one)")'; its splits: \(splits.keys.sorted().joined(separator: ", "))")
            }
            let found = files.filter { path in patterns.contains { Glob.matches($0, path) } }
            guard !found.isEmpty else {
                throw HubError("config '\(name)', split '\(split ?? splits.first!.key)': no file of a readable format matches \(patterns.joined(separator: ", "))")
            }
            return found
        }
        if let config, config != "default" {
            throw HubError("the dataset's README declares no configs, so it has no config '\(config)'")
        }
        guard let split else { throw HubError("the dataset's README declares no configs, so no config has a single split to read") }
        let named = files.filter { Self.names($0, split: split) }
        if !named.isEmpty { return named }
        // datasets: files naming no split at all are the train split.
        let unnamed = files.filter { path in !Self.splitKeywords.keys.contains { Self.names(path, split: $0) } }
        if split == "train", !unnamed.isEmpty { return unnamed }
        throw HubError("no file of the dataset is named for split '\(split)' (expected e.g. \(split).jsonl or data/\(split)-00000-of-00001.parquet)")
    }

    /// The `datasets` library's words for the standard splits.
    static let splitKeywords = ["train": ["train", "training"], "validation": ["validation", "valid", "dev", "val"],
                                "test": ["test", "testing", "eval", "evaluation"]]

    /// A path names a split when one of the split's words is a whole word of it, words being separated by `/`, `-`, `_`,
    /// `.`, spaces or digits (the `datasets` library's split patterns).
    static func names(_ path: String, split: String) -> Bool {
        let words = path.lowercased().split(whereSeparator: { "/-_. ".contains($0) || $0.isNumber }).map(String.init)
        let keywords = splitKeywords[split] ?? [split.lowercased()]
        // The last word is the suffix (jsonl, gz, parquet), never a split.
        let withoutSuffix = words.dropLast(path.lowercased().hasSuffix(".gz") ? 2 : 1)
        return withoutSuffix.contains { keywords.contains($0) }
    }

    /// The README's front matter `configs:` as config → split → patterns.
    static func configs(in readme: String) throws -> [String: [String: [String]]] {
        guard readme.hasPrefix("---") else { return [:] }
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else { return [:] }
        let yaml = lines[1..<end].joined(separator: "\n")
        let header: Any?
        do { header = try Yams.load(yaml: yaml) } catch {
            throw HubError("README.md: its YAML header cannot be read: \(String(describing: error).prefix(200))")
        }
        guard let list = (header as? [String: Any])?["configs"] else { return [:] }
        guard let entries = list as? [[String: Any]] else { throw HubError("README.md: 'configs' must be a list of mappings") }
        var configs: [String: [String: [String]]] = [:]
        for (index, entry) in entries.enumerated() {
            let name = entry["config_name"] as? String ?? "default"
            let place = "README.md: configs[\(index)] ('\(name)')"
            var splits: [String: [String]] = [:]
            switch entry["data_files"] {
            case let path as String: splits["train"] = [path]
            case let paths as [String]: splits["train"] = paths
            case let items as [[String: Any]]:
                for item in items {
                    guard let split = item["split"] as? String else { throw HubError("\(place): a data_files entry has no 'split'") }
                    switch item["path"] {
                    case let path as String: splits[split, default: []].append(path)
                    case let paths as [String]: splits[split, default: []].append(contentsOf: paths)
                    default: throw HubError("\(place), split '\(split)': 'path' must be a path or a list of paths")
                    }
                }
            case nil: throw HubError("\(place): no 'data_files' (evalbench reads data files, not loading scripts)")
            default: throw HubError("\(place): 'data_files' must be a path, a list of paths, or split/path entries")
            }
            configs[name] = splits
        }
        return configs
    }
}

/// Glob patterns as the Hub's data_files use them: `*` within a path component, `**` across components, `?` one
/// character.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.utf8), 0, Array(path.utf8), 0)
    }

    private static func match(_ p: [UInt8], _ i: Int, _ s: [UInt8], _ j: Int) -> Bool {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        if i == p.count { return j == s.count }
        if p[i] == star {
            let double = i + 1 < p.count && p[i + 1] == star
            var next = i + (double ? 2 : 1)
            if double, next < p.count, p[next] == slash { next += 1 }  // `**/` also matches no folder
            var k = j
            while true {
                if match(p, next, s, k) { return true }
                if k == s.count || (!double && s[k] == slash) { return false }
                k += 1
            }
        }
        guard j < s.count else { return false }
        if p[i] == UInt8(ascii: "?") ? s[j] != slash : p[i] == s[j] { return match(p, i + 1, s, j + 1) }
        return false
    }
}
