import Common
import Foundation
import Hub

/// Brings a task's Hub dataset into the layout its kind reads: the repository's files are downloaded into the
/// Hugging Face cache at the task's revision, and each mapped config and split is written once as the kind's file
/// (JSON lines or TSV) in evalbench's cache, `hub-data/<task>/<commit>-<mapping digest>/`. The folder
/// appears whole (written beside it, then renamed), so a later run, offline too, reads it without the Hub.
public struct HubData: Sendable {
    public let client: HubClient
    /// evalbench's cache folder.
    public let cacheFolder: URL

    public init(client: HubClient, cacheFolder: URL) {
        self.client = client
        self.cacheFolder = cacheFolder
    }

    /// The folder the task's files were written to, when an earlier run wrote them: for a branch revision, at the
    /// commit the cache last resolved it to (nothing is asked of the Hub).
    public func existingFolder(for task: TaskDefinition) -> URL? {
        guard let source = task.data.hub, let repo = try? source.repository,
              let commit = repo.isCommit ? repo.revision : client.cache.commit(of: repo),
              let folder = try? folder(for: task, commit: commit), FileManager.default.fileExists(atPath: folder.path) else { return nil }
        return folder
    }

    /// The task's data folder, written from the Hub unless an earlier run wrote it at the revision's commit. A pinned
    /// commit needs no Hub once written; a branch is resolved again (from the cache when offline), so a moved branch
    /// gets its new rows.
    public func prepare(_ task: TaskDefinition) throws -> URL {
        guard let source = task.data.hub else { throw EvalBenchError("task \(task.name) has no Hub dataset") }
        if try source.repository.isCommit, let folder = existingFolder(for: task) { return folder }
        let dataset: HubClient.Dataset
        do { dataset = try client.dataset(try source.repository) } catch let error as HubError {
            // A branch whose rows an earlier run wrote still reads them when the Hub cannot be asked where it is now.
            if let folder = existingFolder(for: task) { return folder }
            throw EvalBenchError("task \(task.name) needs \(source.repo) from the Hub (\(client.environment.endpoint.absoluteString)), which did not give it: "
                + "\(error.description); once downloaded it is read from the cache, offline too"
                + (task.data.dataset.map { ", or put the folder \($0)/ under --data-dir" } ?? ""))
        }
        let target = try folder(for: task, commit: dataset.commit)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).partial")
        try? FileManager.default.removeItem(at: partial)
        defer { try? FileManager.default.removeItem(at: partial) }
        for mapping in Self.mappings(of: task, source) {
            let place = "task \(task.name), \(source.repo) config '\(mapping.config ?? "default")' split '\(mapping.split ?? "(its only one)")'"
            let paths: [String]
            do { paths = try dataset.layout.paths(config: mapping.config, split: mapping.split) } catch let error as HubError {
                throw EvalBenchError("\(place): \(error.description)")
            }
            // Each file is downloaded only when the rows before it did not reach the limit.
            try write(mapping, from: paths, to: partial.appendingPathComponent(mapping.file)) { path in
                do { return try client.fetch(path, of: dataset) } catch let error as HubError { throw EvalBenchError("\(place): \(error.description)") }
            }
        }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(partial.path, target.path) == 0 || FileManager.default.fileExists(atPath: target.path) else {
            throw EvalBenchError("cannot rename \(partial.path) to \(target.path): \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// Each mapping once per task split it names, each file once.
    static func mappings(of task: TaskDefinition, _ source: HubSource) -> [HubSource.FileMapping] {
        var seen = Set<String>()
        return source.files.flatMap { mapping in
            mapping.file.contains("{split}") || mapping.split?.contains("{split}") == true ? task.splits.map(mapping.expanded(for:)) : [mapping]
        }.filter { seen.insert($0.file).inserted }
    }

    /// `hub-data/<task>/<commit>-<digest of the mappings>`: a changed mapping or commit is a new folder.
    func folder(for task: TaskDefinition, commit: String) throws -> URL {
        guard let source = task.data.hub else { throw EvalBenchError("task \(task.name) has no Hub dataset") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let digest = SHA256.hex(of: try encoder.encode(source.files) + Data(task.splits.joined(separator: ",").utf8)).prefix(12)
        return cacheFolder.appendingPathComponent("hub-data/\(task.name)/\(commit.prefix(12))-\(digest)")
    }

    /// The rows of `files`, filtered, renamed, exploded and cut as the mapping says, as JSON lines or TSV.
    /// `fetch` gives the local copy of each path, asked for only when the path is reached.
    func write(_ mapping: HubSource.FileMapping, from paths: [String], to target: URL, fetch: (String) throws -> URL) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: target.path, contents: nil), let output = FileHandle(forWritingAtPath: target.path) else {
            throw EvalBenchError("cannot write \(target.path)")
        }
        defer { try? output.close() }
        let tsv = target.pathExtension == "tsv"
        var buffer = Data()
        if tsv, let columns = mapping.columns { buffer.append(Data((columns.joined(separator: "\t") + "\n").utf8)) }
        var written = 0
        func emit(_ row: JSONLines.Row) throws {
            let object = try Self.reshape(row, mapping, index: written)
            if tsv {
                let fields = try (mapping.columns ?? []).map { name -> String in
                    let text = try JSONLines.Row(object: object, file: row.file, line: row.line).identifier(name)
                    guard !text.contains("\t"), !text.contains("\n") else { throw EvalBenchError("\(row.file):\(row.line): '\(name)' holds a tab or line break") }
                    return text
                }
                buffer.append(Data((fields.joined(separator: "\t") + "\n").utf8))
            } else {
                buffer.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
                buffer.append(0x0A)
            }
            written += 1
            if buffer.count >= 1 << 20 {
                try output.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let limit = mapping.limit ?? Int.max
        for path in paths {
            guard written < limit else { break }
            try DataRows.forEach(try fetch(path), columns: Self.columnsRead(by: mapping)) { row in
                if let filter = mapping.filter, !filter.allSatisfy({ key, value in (row.object[key] as? String) == value }) { return true }
                for item in try mapping.explode == true ? Self.exploded(row) : [row] where written < limit { try emit(item) }
                return written < limit
            }
        }
        try output.write(contentsOf: buffer)
    }

    /// The source columns a mapping reads (nil: every column).
    static func columnsRead(by mapping: HubSource.FileMapping) -> Set<String>? {
        guard let columns = mapping.columns else { return nil }
        var names = Set(columns.filter { mapping.row_id?.contains($0) != true }.flatMap { name in
            (mapping.rename?[name] ?? name).split(separator: "|").map(String.init)
        })
        names.formUnion(mapping.filter?.keys ?? [:].keys)
        return names
    }

    /// The row with the mapping's columns, renamed, and its place in the ids that ask for it.
    static func reshape(_ row: JSONLines.Row, _ mapping: HubSource.FileMapping, index: Int) throws -> [String: Any] {
        let names = mapping.columns ?? row.object.keys.sorted()
        var object: [String: Any] = [:]
        for name in names {
            if mapping.row_id?.contains(name) == true {
                object[name] = "\(mapping.split ?? "row")-\(index)"
                continue
            }
            let sources = (mapping.rename?[name] ?? name).split(separator: "|").map(String.init)
            if let value = sources.lazy.compactMap({ row.object[$0] }).first {
                object[name] = value
            } else if mapping.optional?.contains(name) != true {
                throw EvalBenchError("\(row.file):\(row.line): no column \(sources.map { "'\($0)'" }.joined(separator: " or ")) "
                    + "(columns: \(row.object.keys.sorted().joined(separator: ", ")))")
            }
        }
        return object
    }

    /// One row per item of a row whose list columns run in parallel; other columns are repeated.
    static func exploded(_ row: JSONLines.Row) throws -> [JSONLines.Row] {
        let lists = row.object.compactMapValues { $0 as? [Any] }
        guard let count = lists.first?.value.count else { return [row] }
        guard lists.values.allSatisfy({ $0.count == count }) else {
            throw EvalBenchError("\(row.file):\(row.line): the list columns \(lists.keys.sorted().joined(separator: ", ")) differ in length")
        }
        return (0..<count).map { item in
            var object = row.object
            for (name, list) in lists { object[name] = list[item] }
            return JSONLines.Row(object: object, file: row.file, line: row.line)
        }
    }
}
