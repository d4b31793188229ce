import ArgumentParser
import EvalBenchCore
import Foundation
import Hub

/// Which tasks a command evaluates, where their definitions and data live, and how much of each to use.
struct TaskOptions: ParsableArguments {
    @Option(help: "Tasks to run, comma-separated (see `evalbench tasks`).")
    var task: String?

    @Option(help: "A suite of tasks (e.g. default).")
    var suite: String?

    @Option(help: "A benchmark's tasks (e.g. \"MTEB(eng, v2)\", NanoBEIR; see `evalbench benchmarks`).")
    var benchmark: String?

    @Option(name: .customLong("data-dir"), help: "Folder holding user-supplied datasets (default: EVALBENCH_DATA).")
    var dataDir: String?

    @Option(name: .customLong("tasks-dir"), help: "Folder of task definitions (default: EVALBENCH_TASKS, else ./Tasks).")
    var tasksDir: String?

    @Option(help: "Evaluate only the first N queries, pairs or test texts of each task (a quick look).")
    var limit: Int?

    func validate() throws {
        if [task, suite, benchmark].compactMap({ $0 }).count != 1 { throw ValidationError("give one of --task, --suite or --benchmark") }
        if let task, parseList(task).isEmpty { throw ValidationError("--task names no task: give one or more names, comma-separated") }
        if let limit, limit < 1 { throw ValidationError("--limit must be positive") }
    }

    func registry() throws -> TaskRegistry {
        try TaskRegistry(folder: tasksDir.map { URL(fileURLWithPath: $0) } ?? TaskRegistry.defaultFolder)
    }

    /// The tasks named by --task, or the suite's, or the benchmark's.
    func definitions() throws -> [TaskDefinition] {
        let registry = try registry()
        if let task { return try parseList(task).map(registry.task(named:)) }
        if let benchmark { return try registry.benchmark(benchmark) }
        return try registry.suite(suite ?? "")
    }

    func loader() throws -> TaskLoader {
        let dataDirectory = (dataDir ?? ProcessInfo.processInfo.environment["EVALBENCH_DATA"]).map { URL(fileURLWithPath: $0) }
        return TaskLoader(registry: try registry(), dataDirectory: dataDirectory, hub: Self.hubData())
    }

    /// Task data from the Hub, written into evalbench's cache folder.
    static func hubData() -> HubData {
        HubData(client: HubClient(progress: DownloadProgress.report), cacheFolder: EmbeddingCache.defaultDirectory())
    }
}

/// The items of a comma-separated list, trimmed, empty ones dropped, each once.
func parseList(_ text: String) -> [String] {
    var seen = Set<String>()
    return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
}

/// `--dims 384,256,128`.
func parseDimensions(_ text: String) throws -> [Int] {
    let items = parseList(text)
    guard !items.isEmpty else { throw ValidationError("--dims names no dimension: give positive integers, e.g. 384,256,128") }
    return try items.map {
        guard let d = Int($0), (1...65_536).contains(d) else { throw ValidationError("--dims takes integers from 1 to 65536, e.g. 384,256,128; got '\($0.prefix(40))'") }
        return d
    }
}

/// `--precision float32,int8,binary`.
func parsePrecisions(_ text: String) throws -> [Precision] {
    let items = parseList(text)
    guard !items.isEmpty else { throw ValidationError("--precision names no precision: give float32, int8 or binary, comma-separated") }
    return try items.map { name -> Precision in
        guard let p = Precision(rawValue: name) else { throw ValidationError("unknown precision '\(name.prefix(40))' (float32, int8, binary)") }
        return p
    }
}

/// Where results go: a folder, or a path where one can be made.
enum OutputFolder {
    static func check(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            throw ValidationError("--output \(path) is a file; give a folder for the results")
        }
    }
}
