import ArgumentParser
import Encoders
import Foundation

/// The options every command that loads a native model shares.
struct ModelOptions: ParsableArguments {
    @Option(help: "A sentence-transformers folder, or a Hugging Face id in the local cache.")
    var model = "sentence-transformers/all-MiniLM-L6-v2"

    @Option(name: .customLong("model-name"),
            help: "The Hugging Face id (ORG/NAME[@REVISION]) results are filed under, for a model folder that does not say it.")
    var modelName: String?

    @Option(name: .customLong("batch-size"), help: "Texts per forward pass.")
    var batchSize = 32

    @Option(help: "Threads for the encoder (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var weights: WeightsOptions

    func validate() throws {
        guard (1...65_536).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 65536") }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
        if let modelName {
            let id = modelName.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") }), !modelName.hasSuffix("@") else {
                throw ValidationError("--model-name takes a Hugging Face id, ORG/NAME or ORG/NAME@REVISION; got '\(modelName.prefix(80))'")
            }
        }
    }

    func load(_ variant: WeightsVariant = .f32) throws -> SentenceTransformer {
        let location = try ModelLocator().locate(model)
        let encoder = try SentenceTransformer(location: modelName.map(location.named) ?? location, variant: variant)
        encoder.batchSize = batchSize
        encoder.threads = threads
        return encoder
    }
}
