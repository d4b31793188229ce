import ArgumentParser
import Encoders
import Kernels

/// `--weights` and `--quantize-embeddings`: which weights variants a command loads.
struct WeightsOptions: ParsableArguments {
    @Option(help: "Weights, comma-separated: f32, q8, q4, int8-channel (linear layers quantized at load time).")
    var weights = "f32"

    @Flag(name: .customLong("quantize-embeddings"), help: "Quantize the token-embedding table and the Dense head too.")
    var quantizeEmbeddings = false

    func validate() throws { _ = try variants() }

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
}
