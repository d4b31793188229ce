import Common
import Foundation

/// The task definitions of a folder (`Tasks/*.json`, and `Tasks/<group>/*.json` such as `Tasks/mteb/`), checked when
/// read, looked up by name, suite or benchmark (`Tasks/benchmarks/*.json`).
public struct TaskRegistry {
    public let folder: URL
    public let tasks: [TaskDefinition]
    public let benchmarks: [Benchmark]

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
        for file in Self.definitionFiles(in: folder, files) {
            let url = folder.appendingPathComponent(file)
            let task = try Self.read(url)
            if let other = tasks.first(where: { $0.name.lowercased() == task.name.lowercased() }) {
                throw EvalBenchError("\(url.path): a task named '\(other.name)' is already defined")
            }
            tasks.append(task)
        }
        self.tasks = tasks
        benchmarks = try Benchmark.read(folder.appendingPathComponent("benchmarks"), tasks: tasks.map(\.name))
    }

    /// `NAME.json` in the folder, then in each group folder (every subfolder but `data` and `benchmarks`).
    static func definitionFiles(in folder: URL, _ files: [String]) -> [String] {
        let isDefinition = { (name: String) in name.hasSuffix(".json") && !name.hasPrefix(".") }
        var found = files.sorted().filter(isDefinition)
        for group in files.sorted() where !group.hasPrefix(".") && group != "data" && group != "benchmarks" && !isDefinition(group) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(group).path, isDirectory: &isFolder), isFolder.boolValue,
                  let members = try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(group).path) else { continue }
            found += members.sorted().filter(isDefinition).map { "\(group)/\($0)" }
        }
        return found
    }

    /// The tasks of the benchmark named `name` (case-insensitive), in its order.
    public func benchmark(_ name: String) throws -> [TaskDefinition] {
        guard let benchmark = benchmarks.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw EvalBenchError("no benchmark named '\(name.prefix(80))'; benchmarks: \(benchmarks.map(\.name).joined(separator: ", "))")
        }
        return try benchmark.tasks.map(task(named:))
    }

    /// One definition file, decoded and validated; every error names the file.
    static func read(_ url: URL) throws -> TaskDefinition {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw EvalBenchError("\(url.path) cannot be read (a broken link?): remove it or point it at a task definition")
        }
        guard !isDirectory.boolValue else { throw EvalBenchError("\(url.path) is a folder, not a task definition: rename or remove it") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalBenchError("\(url.path) cannot be read") }
        do {
            let task = try JSONDecoder().decode(TaskDefinition.self, from: data)
            try task.validate()
            return task
        } catch let error as DecodingError {
            throw EvalBenchError("\(url.path): \(error.summary)")
        } catch let error as EvalBenchError {
            throw EvalBenchError("\(url.path): \(error.description)")
        }
    }

    /// The task named `name` (case-insensitive), or an error listing the known names.
    public func task(named name: String) throws -> TaskDefinition {
        if let task = tasks.first(where: { $0.name.lowercased() == name.lowercased() }) { return task }
        let shown = name.count > 80 ? "\(name.prefix(80))…" : name
        throw EvalBenchError("no task named '\(shown)' in \(folder.path); known tasks: \(tasks.map(\.name).joined(separator: ", "))")
    }

    /// The tasks of suite `name`.
    public func suite(_ name: String) throws -> [TaskDefinition] {
        let members = tasks.filter { $0.suites?.contains(name) ?? false }
        guard !members.isEmpty else {
            let suites = Set(tasks.flatMap { $0.suites ?? [] }).sorted()
            throw EvalBenchError("no suite named '\(name.prefix(80))'; suites: \(suites.joined(separator: ", "))")
        }
        return members
    }

    /// Where a task's data is: the bundled folder, or the dataset folder under `dataDirectory`.
    public func dataFolder(of task: TaskDefinition, dataDirectory: URL?) throws -> URL {
        if let path = task.data.path { return folder.appendingPathComponent(path) }
        let name = task.data.dataset ?? ""
        guard let dataDirectory else {
            throw EvalBenchError("task \(task.name) needs its data: put the dataset folder '\(name)' under a folder given with --data-dir or EVALBENCH_DATA"
                + (task.source.map { " (source: \($0))" } ?? ""))
        }
        return dataDirectory.appendingPathComponent(name)
    }
}
