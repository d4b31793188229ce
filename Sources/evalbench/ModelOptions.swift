import ArgumentParser
import Encoders
import Foundation
import Kernels

/// The options every command that loads a native model shares.
struct ModelOptions: ParsableArguments {
    @Option(help: "A sentence-transformers folder, or a Hugging Face id in the local cache.")
    var model = "sentence-transformers/all-MiniLM-L6-v2"

    @Option(name: .customLong("batch-size"), help: "Texts per forward pass.")
    var batchSize = 32

    @Option(help: "Threads for the encoder (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weights, comma-separated: f32, q8, q4, int8-channel (linear layers quantized at load time).")
    var weights = "f32"

    @Flag(name: .customLong("quantize-embeddings"), help: "Quantize the token-embedding table and the Dense head too.")
    var quantizeEmbeddings = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        _ = try variants()
    }

    /// The weights variants asked for, in order, each once.
    func variants() throws -> [WeightsVariant] {
        do {
            var seen = Set<String>()
            let formats = try WeightFormat.list(weights)
            guard !formats.isEmpty else { throw ValidationError("--weights needs at least one of f32, q8, q4, int8-channel") }
            return formats.map { WeightsVariant($0, quantizeEmbeddings: quantizeEmbeddings) }.filter { seen.insert($0.name).inserted }
        } catch let error as KernelError {
            throw ValidationError("--weights: \(error.description)")
        }
    }

    func load(_ variant: WeightsVariant = .f32) throws -> SentenceTransformer {
        let encoder = try SentenceTransformer(model, variant: variant)
        encoder.batchSize = batchSize
        encoder.threads = threads
        return encoder
    }
}
