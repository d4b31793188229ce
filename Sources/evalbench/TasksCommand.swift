import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench tasks`: list the task definitions, or describe one.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List tasks (name, type, size, main score, whether data is present), or `tasks show NAME`.")

    @Argument(help: "`show NAME` to describe one task.")
    var words: [String] = []

    @Option(name: .customLong("data-dir"), help: "Folder holding user-supplied datasets (default: EVALBENCH_DATA).")
    var dataDir: String?

    @Option(name: .customLong("tasks-dir"), help: "Folder of task definitions.")
    var tasksDir: String?

    @Option(help: "Only the tasks of this benchmark, in its order (e.g. \"MTEB(eng, v2)\").")
    var benchmark: String?

    func validate() throws {
        if !words.isEmpty && (words.count != 2 || words[0] != "show") { throw ValidationError("usage: evalbench tasks [show NAME]") }
    }

    func run() throws {
        let registry = try TaskRegistry(folder: tasksDir.map { URL(fileURLWithPath: $0) } ?? TaskRegistry.defaultFolder)
        let loader = TaskLoader(registry: registry, dataDirectory: (dataDir ?? ProcessInfo.processInfo.environment["EVALBENCH_DATA"]).map { URL(fileURLWithPath: $0) },
                                hub: TaskOptions.hubData())
        if words.count == 2 {
            let task = try registry.task(named: words[1])
            print("\(task.name) (\(task.type))\n  \(task.description)")
            print("  main score: \(task.main_score); splits: \(task.splits.joined(separator: ", ")); suites: \((task.suites ?? []).joined(separator: ", "))")
            print("  languages: \((task.languages ?? []).joined(separator: ", ")); domains: \((task.domains ?? []).joined(separator: ", "))")
            for file in (try? loader.expectedFiles(task, split: task.splits[0], download: false)) ?? [] {
                print("  \(FileManager.default.fileExists(atPath: file.path) ? "present" : "missing"): \(file.path)")
            }
            if let source = task.source { print("  source: \(source)") }
            if let reason = task.unsupported { print("  not supported yet: \(reason)") }
            if loader.isAvailable(task), let size = try? loader.size(task, split: task.splits[0]) { print("  size: \(size)") }
            return
        }
        let widths = [30, 20, 36, 18]
        func row(_ cells: [String]) -> String { zip(cells, widths).map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }.joined() + "" }
        let tasks = try benchmark.map(registry.benchmark) ?? registry.tasks
        print(row(["task", "type", "size", "main score"]) + "data")
        for task in tasks {
            let available = loader.isAvailable(task)
            let size = available ? ((try? loader.size(task, split: task.splits[0])) ?? "unreadable") : "-"
            let missing = task.unsupported != nil ? "not supported yet (tasks show \(task.name))" : task.data.hub.map { "on the Hub (\($0.repo)), downloaded when run" } ?? "missing (\(task.data.dataset ?? task.data.path ?? ""))"
            print(row([task.name, task.type, size, task.main_score]) + (available ? "present" : missing))
        }
        if let benchmark { print("\(tasks.count) tasks in \(benchmark)") }
    }
}
