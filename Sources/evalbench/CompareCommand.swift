import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench compare`: the same model through several backends, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Evaluate one model through several backends: scores and deltas, embedding agreement, top-10 overlap, texts/s.")

    @OptionGroup var model: ModelOptions

    @Option(name: .customLong("backend"), help: "A backend, given twice or more: native (one per --weights variant), openai:URL, tei:URL, ollama:URL.")
    var backends: [String] = []

    @OptionGroup var remote: RemoteOptions

    @OptionGroup var tasks: TaskOptions

    @Option(help: "Matryoshka dimensions, comma-separated (default: the model's full dimension).")
    var dims: String?

    @Option(help: "Stored-vector precisions, comma-separated: float32, int8, binary.")
    var precision = "float32"

    @Option(help: "Folder for the report (compare.md, compare.json) and each backend's results.")
    var output = "Comparison"

    @OptionGroup var prompts: PromptOptions

    func validate() throws {
        if backends.isEmpty { throw ValidationError("give --backend at least once (twice for two servers)") }
    }

    func run() throws {
        let list = try backends.flatMap { try BackendChoice.resolve($0, model: model, remote: remote) }
            .map { BackendComparison.Backend(label: $0.label, encoder: $0.encoder) }
        try OutputFolder.check(output)
        let dimensions = try dims.map(parseDimensions) ?? [list[0].encoder.dimension]
        let configuration = RunConfiguration(
            tasks: try tasks.definitions(), dimensions: dimensions, precisions: try parsePrecisions(precision), rescore: false,
            output: URL(fileURLWithPath: output), limit: tasks.limit, prompts: try prompts.override(), threads: model.threads)
        let comparison = try BackendComparison(backends: list, loader: try tasks.loader(), configuration: configuration)
        comparison.onResult = { label, result in
            print("\(label): \(result.task.name) [\(result.split)] dim \(result.dimension) \(result.precision.rawValue): "
                + "\(result.task.main_score) = \(ComparisonReport.format(result.mainScore))")
        }
        let report = try comparison.run()
        let folder = URL(fileURLWithPath: output)
        try AtomicFile.write(try report.json, to: folder.appendingPathComponent("compare.json"))
        try AtomicFile.write(Data(report.markdown.utf8), to: folder.appendingPathComponent("compare.md"))
        print("\n" + report.markdown)
        print("report in \(folder.appendingPathComponent("compare.md").path) and compare.json")
    }
}
