import Foundation

/// Finds a task's files and has its kind read them, with errors that name the file, the line and what was expected.
public struct TaskLoader {
    public let registry: TaskRegistry
    public let dataDirectory: URL?
    /// Where tasks with a Hub dataset get their data when `dataDirectory` does not hold it; nil: nowhere.
    public let hub: HubData?

    public init(registry: TaskRegistry, dataDirectory: URL?, hub: HubData? = nil) {
        self.registry = registry
        self.dataDirectory = dataDirectory
        self.hub = hub
    }

    /// The task's data folder: bundled, the user's dataset folder when it is there, else the task's Hub dataset
    /// (downloaded and written in the kind's layout when `download` allows it and no earlier run did).
    public func dataFolder(_ task: TaskDefinition, download: Bool) throws -> URL {
        if let reason = task.unsupported { throw EvalBenchError("task \(task.name) cannot be evaluated by evalbench yet: \(reason)") }
        let placed = task.data.dataset.flatMap { name in dataDirectory?.appendingPathComponent(name) }.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
        if task.data.hub != nil, let hub, !placed {
            if download { return try hub.prepare(task) }
            if let folder = hub.existingFolder(for: task) { return folder }
            throw EvalBenchError("task \(task.name): its data comes from the Hub (\(task.data.hub!.repo)) and is not downloaded yet")
        }
        return try registry.dataFolder(of: task, dataDirectory: dataDirectory)
    }

    /// The files a task needs, for listings and for the error when they are missing; Hub data is downloaded first
    /// when `download` allows it.
    public func expectedFiles(_ task: TaskDefinition, split: String, download: Bool = true) throws -> [URL] {
        task.kind.files(in: try dataFolder(task, download: download), format: task.format, split: split)
    }

    /// Whether every file the task needs is present (nothing is downloaded to tell).
    public func isAvailable(_ task: TaskDefinition) -> Bool {
        guard let files = try? expectedFiles(task, split: task.splits[0], download: false) else { return false }
        return files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The files a split needs, each checked to be there; the error names the missing ones and where they belong.
    public func presentFiles(_ task: TaskDefinition, split: String) throws -> [URL] {
        let files = try expectedFiles(task, split: split)
        let missing = files.filter { !FileManager.default.fileExists(atPath: $0.path) }
        if !missing.isEmpty {
            throw EvalBenchError("task \(task.name) (split \(split)) is missing data: expected " + missing.map(\.path).joined(separator: ", ")
                + (task.data.dataset.map { "; put the dataset folder '\($0)' under --data-dir or EVALBENCH_DATA" } ?? "")
                + (task.source.map { " (source: \($0))" } ?? ""))
        }
        return files
    }

    /// One split's examples as `kind` reads them (the task's own kind).
    public func load<K: TaskKind>(_ task: TaskDefinition, kind: K, split: String) throws -> K.Examples {
        let files = try presentFiles(task, split: split)
        let examples = try kind.load(files, format: task.format, task: task, split: split)
        // One check for every kind: each role has texts to embed.
        if examples.texts.contains(where: { $0.texts.isEmpty }) { throw EvalBenchError("task \(task.name): split '\(split)' has no examples") }
        return examples
    }

    /// The size of a split, for listings.
    public func size(_ task: TaskDefinition, split: String) throws -> String {
        try task.kind.size(of: task, split: split, loader: self)
    }
}
