import Foundation

/// Finds a task's files and has its kind read them, with errors that name the file, the line and what was expected.
public struct TaskLoader {
    public let registry: TaskRegistry
    public let dataDirectory: URL?

    public init(registry: TaskRegistry, dataDirectory: URL?) {
        self.registry = registry
        self.dataDirectory = dataDirectory
    }

    /// The files a task needs, for listings and for the error when they are missing.
    public func expectedFiles(_ task: TaskDefinition, split: String) throws -> [URL] {
        task.kind.files(in: try registry.dataFolder(of: task, dataDirectory: dataDirectory), format: task.format, split: split)
    }

    /// Whether every file the task needs is present.
    public func isAvailable(_ task: TaskDefinition) -> Bool {
        guard let files = try? expectedFiles(task, split: task.splits[0]) else { return false }
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
