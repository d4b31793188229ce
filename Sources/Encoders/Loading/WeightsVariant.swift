import Kernels

/// Which weights of a model are quantized at load time, and how: the linear layers of the transformer in
/// `format`, and with `quantizeEmbeddings` also the token-embedding table and the Dense head.
public struct WeightsVariant: Sendable, Equatable, Codable {
    public var format: WeightFormat
    public var quantizeEmbeddings: Bool

    public init(_ format: WeightFormat = .f32, quantizeEmbeddings: Bool = false) {
        self.format = format
        self.quantizeEmbeddings = quantizeEmbeddings
    }

    public static let f32 = WeightsVariant()

    /// The format of the embedding table and the Dense head.
    public var embeddingFormat: WeightFormat { quantizeEmbeddings ? format : .f32 }

    /// `q8`, or `q8+embeddings` when the embeddings and the Dense head are quantized too: the name used in
    /// result folders, leaderboards and cache keys.
    public var name: String { format == .f32 || !quantizeEmbeddings ? format.rawValue : format.rawValue + "+embeddings" }

    /// What is quantized, for result files.
    public var quantizedParts: [String] {
        format == .f32 ? [] : quantizeEmbeddings ? ["linear layers", "token embeddings", "dense head"] : ["linear layers"]
    }
}
