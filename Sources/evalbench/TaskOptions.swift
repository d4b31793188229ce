import ArgumentParser
import EvalBenchCore
import Foundation

/// Which tasks a command evaluates, where their definitions and data live, and how much of each to use.
struct TaskOptions: ParsableArguments {
    @Option(help: "Tasks to run, comma-separated (see `evalbench tasks`).")
    var task: String?

    @Option(help: "A suite of tasks (e.g. default).")
    var suite: String?

    @Option(name: .customLong("data-dir"), help: "Folder holding user-supplied datasets (default: EVALBENCH_DATA).")
    var dataDir: String?

    @Option(name: .customLong("tasks-dir"), help: "Folder of task definitions (default: EVALBENCH_TASKS, else ./Tasks).")
    var tasksDir: String?

    @Option(help: "Evaluate only the first N queries, pairs or test texts of each task (a quick look).")
    var limit: Int?

    func validate() throws {
        if (task == nil) == (suite == nil) { throw ValidationError("give --task or --suite (one of them)") }
        if let limit, limit < 1 { throw ValidationError("--limit must be positive") }
    }

    func registry() throws -> TaskRegistry {
        try TaskRegistry(folder: tasksDir.map { URL(fileURLWithPath: $0) } ?? TaskRegistry.defaultFolder)
    }

    /// The tasks named by --task, or the suite's.
    func definitions() throws -> [TaskDefinition] {
        let registry = try registry()
        return try task.map { try $0.split(separator: ",").map { try registry.task(named: String($0).trimmingCharacters(in: .whitespaces)) } }
            ?? registry.suite(suite!)
    }

    func loader() throws -> TaskLoader {
        let dataDirectory = (dataDir ?? ProcessInfo.processInfo.environment["EVALBENCH_DATA"]).map { URL(fileURLWithPath: $0) }
        return TaskLoader(registry: try registry(), dataDirectory: dataDirectory)
    }
}

/// `--dims 384,256,128`.
func parseDimensions(_ text: String) throws -> [Int] {
    try text.split(separator: ",").map {
        guard let d = Int($0.trimmingCharacters(in: .whitespaces)), d > 0 else { throw ValidationError("--dims takes positive integers, e.g. 384,256,128") }
        return d
    }
}

/// `--precision float32,int8,binary`.
func parsePrecisions(_ text: String) throws -> [Precision] {
    try text.split(separator: ",").map { name -> Precision in
        guard let p = Precision(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("unknown precision '\(name)' (float32, int8, binary)")
        }
        return p
    }
}
