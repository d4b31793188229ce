import Common
import Foundation
import Hub

/// Brings a task's Hub dataset into the layout its kind reads: the repository's files are downloaded into the
/// Hugging Face cache at the task's pinned revision, and each mapped config and split is written once as the
/// kind's file (JSON lines or TSV) in evalbench's cache, `hub-data/<task>/<revision>-<mapping digest>/`. The folder
/// appears whole (written beside it, then renamed), so a later run, offline too, reads it without the Hub.
public struct HubData: Sendable {
    public let client: HubClient
    /// evalbench's cache folder.
    public let cacheFolder: URL

    public init(client: HubClient, cacheFolder: URL) {
        self.client = client
        self.cacheFolder = cacheFolder
    }

    /// The folder the task's files were written to, when an earlier run wrote them.
    public func existingFolder(for task: TaskDefinition) -> URL? {
        guard let folder = try? folder(for: task), FileManager.default.fileExists(atPath: folder.path) else { return nil }
        return folder
    }

    /// The task's data folder, written from the Hub unless an earlier run wrote it.
    public func prepare(_ task: TaskDefinition) throws -> URL {
        guard let source = task.data.hub else { throw EvalBenchError("task \(task.name) has no Hub dataset") }
        let target = try folder(for: task)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let dataset: HubClient.Dataset
        do { dataset = try client.dataset(try source.repository) } catch let error as HubError {
            throw EvalBenchError("task \(task.name): \(error.description)")
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).partial")
        try? FileManager.default.removeItem(at: partial)
        defer { try? FileManager.default.removeItem(at: partial) }
        for mapping in Self.mappings(of: task, source) {
            let files: [URL]
            do { files = try client.files(of: dataset, config: mapping.config, split: mapping.split) } catch let error as HubError {
                throw EvalBenchError("task \(task.name), \(source.repo) config '\(mapping.config ?? "default")' split '\(mapping.split)': \(error.description)")
            }
            try write(mapping, from: files, to: partial.appendingPathComponent(mapping.file))
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
            mapping.file.contains("{split}") || mapping.split.contains("{split}") ? task.splits.map(mapping.expanded(for:)) : [mapping]
        }.filter { seen.insert($0.file).inserted }
    }

    /// `hub-data/<task>/<revision>-<digest of the mappings>`: a changed mapping is a new folder.
    func folder(for task: TaskDefinition) throws -> URL {
        guard let source = task.data.hub else { throw EvalBenchError("task \(task.name) has no Hub dataset") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let digest = SHA256.hex(of: try encoder.encode(source.files) + Data(task.splits.joined(separator: ",").utf8)).prefix(12)
        return cacheFolder.appendingPathComponent("hub-data/\(task.name)/\(source.revision.prefix(12))-\(digest)")
    }

    /// The rows of `files`, filtered and renamed, as JSON lines or TSV.
    func write(_ mapping: HubSource.FileMapping, from files: [URL], to target: URL) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: target.path, contents: nil), let output = FileHandle(forWritingAtPath: target.path) else {
            throw EvalBenchError("cannot write \(target.path)")
        }
        defer { try? output.close() }
        let tsv = target.pathExtension == "tsv"
        var buffer = Data()
        if tsv, let columns = mapping.columns { buffer.append(Data((columns.joined(separator: "\t") + "\n").utf8)) }
        for file in files {
            try DataRows.forEach(file) { row in
                if let filter = mapping.filter, !filter.allSatisfy({ key, value in (row.object[key] as? String) == value }) { return true }
                let names = mapping.columns ?? row.object.keys.sorted()
                var object: [String: Any] = [:]
                for name in names {
                    let source = mapping.rename?[name] ?? name
                    guard let value = row.object[source] else {
                        throw EvalBenchError("\(row.file):\(row.line): no column '\(source)' (columns: \(row.object.keys.sorted().joined(separator: ", ")))")
                    }
                    object[name] = value
                }
                if tsv {
                    let fields = try names.map { name -> String in
                        let text = try JSONLines.Row(object: object, file: row.file, line: row.line).identifier(name)
                        guard !text.contains("\t"), !text.contains("\n") else { throw EvalBenchError("\(row.file):\(row.line): '\(name)' holds a tab or line break") }
                        return text
                    }
                    buffer.append(Data((fields.joined(separator: "\t") + "\n").utf8))
                } else {
                    buffer.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
                    buffer.append(0x0A)
                }
                if buffer.count >= 1 << 20 {
                    try output.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
        }
        try output.write(contentsOf: buffer)
    }
}
