import ArgumentParser
import Encoders
import EvalBenchCore
import Foundation

/// `evalbench embed`: texts in, embeddings out.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Embed the texts of a file and write the matrix as .npy or .safetensors.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Texts: .txt (one per line) or .jsonl (with --field).")
    var input: String

    @Option(help: "The JSONL field holding the text.")
    var field: String?

    @Option(help: "Where to write the embeddings: .npy or .safetensors.")
    var output: String

    @Option(name: .customLong("prompt-name"), help: "A prompt the model declares, by name (e.g. query).")
    var promptName: String?

    @Option(help: "A prompt text to prepend to every input.")
    var prompt: String?

    func validate() throws {
        if promptName != nil && prompt != nil { throw ValidationError("give --prompt-name or --prompt, not both") }
        if try model.weights.variants().count != 1 { throw ValidationError("embed takes one --weights format") }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        if ext != "npy" && ext != "safetensors" { throw ValidationError("--output must end in .npy or .safetensors") }
    }

    func run() throws {
        let encoder = try model.load(model.weights.variants()[0])
        let texts = try TextInput.read(URL(fileURLWithPath: input), field: field)
        // No prompt chosen: the model's default_prompt_name, as sentence-transformers' encode applies it.
        var promptText = prompt ?? encoder.defaultPromptName.flatMap { encoder.prompts[$0] }
        if let promptName {
            guard let text = encoder.prompts[promptName] else {
                let known = encoder.prompts.keys.sorted().joined(separator: ", ")
                throw ValidationError("the model has no prompt named '\(promptName)' (it has: \(known.isEmpty ? "none" : known))")
            }
            promptText = text
        }
        let progress = ProgressReporter("embedding", total: texts.count)
        let started = Date()
        let embeddings = try encoder.embed(texts, prompt: promptText, progress: progress.update)
        progress.finish()
        try EmbeddingFiles.write(embeddings, to: URL(fileURLWithPath: output))
        let seconds = Date().timeIntervalSince(started)
        print("wrote \(embeddings.rows) × \(embeddings.dimension) embeddings to \(output) in \(String(format: "%.2f", seconds)) s")
    }
}
