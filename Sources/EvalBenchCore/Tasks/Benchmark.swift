import Common
import Foundation

/// A named set of tasks, as mteb defines its benchmarks (`MTEB(eng, v2)`, `NanoBEIR`): `Tasks/benchmarks/*.json`
/// holding `{name, description, tasks, source}`. Its leaderboard aggregates over exactly these tasks.
public struct Benchmark: Decodable, Equatable, Sendable {
    public var name: String
    public var description: String
    public var tasks: [String]
    /// Where the list comes from.
    public var source: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, description, tasks, source }

    public init(from decoder: Swift.Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), in: "the benchmark")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        tasks = try container.decode([String].self, forKey: .tasks)
        source = try container.decodeIfPresent(String.self, forKey: .source)
    }

    /// Every benchmark file of `folder` (none when it is absent), each naming only tasks in `tasks`.
    static func read(_ folder: URL, tasks: [String]) throws -> [Benchmark] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        let known = Set(tasks.map { $0.lowercased() })
        return try files.sorted().filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { file in
            let url = folder.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalBenchError("\(url.path) cannot be read") }
            let benchmark: Benchmark
            do { benchmark = try JSONDecoder().decode(Benchmark.self, from: data) } catch let error as DecodingError {
                throw EvalBenchError("\(url.path): \(error.summary)")
            }
            guard !benchmark.tasks.isEmpty, Set(benchmark.tasks).count == benchmark.tasks.count else {
                throw EvalBenchError("\(url.path): 'tasks' must name each task once, and at least one")
            }
            if let unknown = benchmark.tasks.first(where: { !known.contains($0.lowercased()) }) {
                throw EvalBenchError("\(url.path): benchmark '\(benchmark.name)' names the task '\(unknown)', which no definition declares")
            }
            return benchmark
        }
    }
}
