import Foundation
import Tokenizers

/// The task definitions of a folder (`Tasks/*.json`), checked when read, looked up by name or suite.
public struct TaskRegistry {
    public let folder: URL
    public let tasks: [TaskDefinition]

    /// The folder to read when none is given: `EVALBENCH_TASKS`, else `Tasks` in the working directory.
    public static var defaultFolder: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["EVALBENCH_TASKS"] ?? "Tasks")
    }

    public init(folder: URL = TaskRegistry.defaultFolder) throws {
        self.folder = folder
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw EvalBenchError("the task folder \(folder.path) cannot be read (run from the evalbench checkout, or set EVALBENCH_TASKS)")
        }
        var tasks: [TaskDefinition] = []
        for file in files.sorted() where file.hasSuffix(".json") {
            let url = folder.appendingPathComponent(file)
            let task: TaskDefinition
            do { task = try JSONDecoder().decode(TaskDefinition.self, from: Data(contentsOf: url)) } catch let error as DecodingError {
                throw EvalBenchError("\(url.path): \(error.summary)")
            }
            try Self.validate(task, file: url.path)
            if tasks.contains(where: { $0.name.lowercased() == task.name.lowercased() }) {
                throw EvalBenchError("\(url.path): a task named '\(task.name)' is already defined")
            }
            tasks.append(task)
        }
        self.tasks = tasks
    }

    static func validate(_ task: TaskDefinition, file: String) throws {
        guard (task.data.path == nil) != (task.data.dataset == nil) else {
            throw EvalBenchError("\(file): 'data' needs exactly one of 'path' (bundled) or 'dataset' (user-supplied)")
        }
        guard !task.splits.isEmpty else { throw EvalBenchError("\(file): 'splits' is empty") }
        let compatible: [TaskDefinition.Kind: [TaskDefinition.Format]] = [
            .retrieval: [.beir, .questionPassage], .reranking: [.rerankingRows], .sts: [.stsPairs],
            .classification: [.labelledTexts], .clustering: [.labelledTexts], .pairClassification: [.pairs],
        ]
        guard compatible[task.type]!.contains(task.format) else {
            throw EvalBenchError("\(file): format '\(task.format.rawValue)' does not fit a \(task.type.rawValue) task")
        }
    }

    /// The task named `name` (case-insensitive), or an error listing the known names.
    public func task(named name: String) throws -> TaskDefinition {
        if let task = tasks.first(where: { $0.name.lowercased() == name.lowercased() }) { return task }
        throw EvalBenchError("no task named '\(name)' in \(folder.path); known tasks: \(tasks.map(\.name).joined(separator: ", "))")
    }

    /// The tasks of suite `name`.
    public func suite(_ name: String) throws -> [TaskDefinition] {
        let members = tasks.filter { $0.suites?.contains(name) ?? false }
        guard !members.isEmpty else {
            let suites = Set(tasks.flatMap { $0.suites ?? [] }).sorted()
            throw EvalBenchError("no suite named '\(name)'; suites: \(suites.joined(separator: ", "))")
        }
        return members
    }

    /// Where a task's data is: the bundled folder, or the dataset folder under `dataDirectory`.
    public func dataFolder(of task: TaskDefinition, dataDirectory: URL?) throws -> URL {
        if let path = task.data.path { return folder.appendingPathComponent(path) }
        let name = task.data.dataset!
        guard let dataDirectory else {
            throw EvalBenchError("task \(task.name) needs its data: put the dataset folder '\(name)' under a folder given with --data-dir or EVALBENCH_DATA"
                + (task.source.map { " (source: \($0))" } ?? ""))
        }
        return dataDirectory.appendingPathComponent(name)
    }
}
