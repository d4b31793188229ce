import ArgumentParser
import Encoders
import EvalBenchCore
import Foundation

/// `evalbench run`: evaluate a model on tasks at several dimensions and precisions from one encode per
/// weights variant.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Evaluate a model on tasks; write MTEB-layout results and a leaderboard.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Where embeddings come from: native (the default), openai:URL, tei:URL or ollama:URL; several replicas: openai:URL,URL,… or openai:@FILE.")
    var backend = "native"

    @OptionGroup var remote: RemoteOptions

    @OptionGroup var tasks: TaskOptions

    @Option(help: "Matryoshka dimensions, comma-separated (default: the model's full dimension plus its family's).")
    var dims: String?

    @Option(help: "Stored-vector precisions, comma-separated: float32, int8, binary.")
    var precision = "float32"

    @Flag(help: "Binary retrieval: rescore the top k × 2 Hamming candidates with the float32 query.")
    var rescore = false

    @Option(help: "Results folder.")
    var output = "Results"

    @Flag(help: "No progress on stderr (results and the summary still go to stdout).")
    var quiet = false

    @Flag(name: .customLong("stream-corpus"),
          help: ArgumentParser.ArgumentHelp("Read, encode and search every BEIR corpus a block at a time, in bounded memory (corpus files of 512 MiB or more always are)."))
    var streamCorpus = false

    @OptionGroup var prompts: PromptOptions

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        if backend != "native" && model.weights.weights != "f32" {
            throw ValidationError("--weights applies to the native backend; a server's weights are its own")
        }
    }

    func run() throws {
        try OutputFolder.check(output)
        let cache = try self.cache.open()
        let definitions = try tasks.definitions(), loader = try tasks.loader()
        let precisions = try parsePrecisions(precision)
        let started = Date()
        var summary = RunSummary()
        // Each native weights variant is its own model in memory and its own encode.
        for choice in try BackendChoice.resolve(backend, model: model, remote: remote) {
            let encoder = choice.encoder, variant = encoder.identity.weights
            let dimensions = try dims.map(parseDimensions) ?? encoder.defaultDimensions
            var configuration = RunConfiguration(
                tasks: definitions, dimensions: dimensions, precisions: precisions, rescore: rescore, output: URL(fileURLWithPath: output),
                limit: tasks.limit, prompts: try prompts.override(), threads: model.threads, progress: quiet ? .quiet : .automatic)
            configuration.streamCorpus = streamCorpus
            // Eight batches per cache commit: a killed run loses at most that much encoding.
            let runner = Runner(encoder: encoder, loader: loader, configuration: configuration, cache: cache, cacheChunkSize: 8 * model.batchSize)
            runner.onWarning = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
            runner.onResult = { result in
                let score = result.mainScore.map { String(format: "%.5f", $0) } ?? "n/a"
                print("\(result.task.name) [\(result.split)] \(choice.label) weights \(variant) dim \(result.dimension) \(result.precision.rawValue): "
                    + "\(result.task.main_score) = \(score)" + String(format: "  (evaluation %.2f s)", result.evaluationSeconds))
            }
            summary.add(try runner.run(), backend: choice.label, weights: variant)
            print("\(choice.label) weights \(variant): \(encoder.weightBytes.map { "\($0) bytes in memory, " } ?? "")encoded \(runner.encodedTexts) texts in "
                + String(format: "%.1f s", runner.encodingSeconds)
                + (cache.map { ", reused \(runner.reusedTexts) from the cache (\($0.file.path))" } ?? ", no cache"))
            encoder.usageReport.forEach { print($0) }
        }
        let results = URL(fileURLWithPath: output)
        let leaderboard = try Leaderboard(root: results)
        for skipped in leaderboard.skipped { FileHandle.standardError.write(Data("warning: not in the leaderboard: \(skipped)\n".utf8)) }
        try leaderboard.write(to: results)
        print("\n" + summary.markdown)
        print("total \(String(format: "%.1f", Date().timeIntervalSince(started))) s; results in \(results.path); the leaderboard of the folder "
            + "in leaderboard.md and leaderboard.html there")
    }
}

/// Prompt choice on the command line.
struct PromptOptions: ParsableArguments {
    @Option(name: .customLong("prompt-name"), help: "Use this declared prompt for every task and role.")
    var promptName: String?

    @Option(help: "Prepend this text to every input.")
    var prompt: String?

    @Flag(name: .customLong("no-prompts"), help: "Prepend no prompt at all.")
    var noPrompts = false

    func override() throws -> PromptSelector.Override {
        if [promptName != nil, prompt != nil, noPrompts].filter({ $0 }).count > 1 {
            throw ValidationError("--prompt-name, --prompt and --no-prompts exclude each other")
        }
        if noPrompts { return .disabled }
        if let promptName { return .name(promptName) }
        if let prompt { return .text(prompt) }
        return .none
    }
}
