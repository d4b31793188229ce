import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench benchmarks`: the benchmarks the task folder defines, with their task counts by type.
struct BenchmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks", abstract: "List the benchmarks (named task sets such as \"MTEB(eng, v2)\"); run one with `run --benchmark NAME`.")

    @Option(name: .customLong("tasks-dir"), help: "Folder of task definitions (default: EVALBENCH_TASKS, else ./Tasks).")
    var tasksDir: String?

    func run() throws {
        let registry = try TaskRegistry(folder: tasksDir.map { URL(fileURLWithPath: $0) } ?? TaskRegistry.defaultFolder)
        for benchmark in registry.benchmarks {
            let types = Dictionary(grouping: try registry.benchmark(benchmark.name), by: \.type).mapValues(\.count)
            print("\(benchmark.name): \(benchmark.tasks.count) tasks (" + types.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")")
            print("  \(benchmark.description)")
        }
    }
}
