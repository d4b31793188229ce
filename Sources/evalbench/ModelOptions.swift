import ArgumentParser
import Encoders
import Foundation
import Hub

/// The options every command that loads a native model shares.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A sentence-transformers folder, or a Hugging Face id ORG/NAME[@REVISION], downloaded from the Hub when the cache lacks it.",
                               discussion: "Default: EVALBENCH_MODEL, else \(ModelOptions.defaultModel)."))
    var model = ProcessInfo.processInfo.environment["EVALBENCH_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? ModelOptions.defaultModel

    /// EmbeddingGemma: 768 dimensions with Matryoshka 512/256/128, task prompts (`make run` provisions it).
    static let defaultModel = "google/embeddinggemma-300m"

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
        let location = try Self.locate(model)
        let encoder = try SentenceTransformer(location: modelName.map(location.named) ?? location, variant: variant)
        encoder.batchSize = batchSize
        encoder.threads = threads
        return encoder
    }
}

extension ModelOptions {
    /// The model's folder: a path, or a Hub id found in the cache, or else downloaded from the Hub (unless offline).
    static func locate(_ model: String) throws -> ModelLocator.Location {
        let locator = ModelLocator()
        do {
            return try locator.locate(model)
        } catch let notFound as EncoderError {
            let environment = HubEnvironment()
            guard let repo = try? HubRepository(parsing: model), !FileManager.default.fileExists(atPath: model) else { throw notFound }
            guard !environment.offline else { throw EncoderError("\(notFound.description)\nHF_HUB_OFFLINE is set, so it was not downloaded from the Hub.") }
            do {
                let folder = try HubClient(environment: environment, progress: DownloadProgress.report).model(repo)
                return ModelLocator.Location(folder: folder, name: repo.id, revision: folder.lastPathComponent)
            } catch let error as HubError {
                throw EncoderError("model '\(model)' is not in the Hugging Face cache and the Hub did not give it: \(error.description)")
            }
        }
    }
}
