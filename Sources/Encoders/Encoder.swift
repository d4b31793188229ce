import Kernels

/// Anything that turns texts into embeddings: the native models and remote servers.
/// The evaluation core depends only on this protocol.
public protocol Encoder: AnyObject {
    /// What exactly is being evaluated, for result files.
    var identity: ModelIdentity { get }
    /// Width of the returned embeddings.
    var dimension: Int { get }
    /// Longest input in tokens (including special tokens); longer inputs are truncated. 0 when unknown (a server).
    var maxTokens: Int { get }
    /// The prompts the model declares, by name (from config_sentence_transformers.json).
    var prompts: [String: String] { get }
    /// Bytes the model's parameters take in memory, where known (a remote server's are not).
    var weightBytes: Int? { get }
    /// Everything that decides the embeddings apart from the prompt and the text: two encoders with the same key
    /// return the same vectors, so an embedding cache may reuse them (native: weights, weights variant,
    /// configuration and tokenizer files, length limit; a server: its kind, address, model and options).
    var cacheKey: String { get }
    /// The similarity function the model declares (`similarity_fn_name`; cosine when it declares none), which every
    /// evaluator that ranks or correlates applies, as sentence-transformers' `similarity` does.
    var similarity: SimilarityFunction { get }
    /// The prompt sentence-transformers' `encode` applies when no prompt is chosen (`default_prompt_name`).
    var defaultPromptName: String? { get }
    /// The dimensions evaluated when none are asked for: the full one plus the Matryoshka dimensions the model's
    /// family declares.
    var defaultDimensions: [Int] { get }
    /// Facts of this process that the encoding speed depends on (kernels, threads), for result files; nil for a server.
    var runtime: RuntimeFacts? { get }
    /// Tokens of `text` with `prompt` as the model sees it, at most `limit` (default: the model's own limit); nil when
    /// the encoder cannot tell (a server).
    func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int?
    /// Embeds `texts` with `prompt` prepended to each, in input order; `progress` receives the
    /// number of texts finished so far.
    func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix
    /// Lines on how the work was shared out so far (a fleet: one per replica), printed after a run; none by default.
    var usageReport: [String] { get }
}

/// The kernels and threads a native encoder ran on: its encoding time depends on them.
public struct RuntimeFacts: Sendable, Equatable, Codable {
    /// OpenBLAS's kernel family for the f32 products (`SkylakeX`, `Haswell`, ...).
    public var openblas: String
    /// The quantized products' kernel (`AVX-512 VNNI`, ...).
    public var quantized: String
    /// The attention kernel (`AVX-512`, ...); absent from files written before it was recorded.
    public var attention: String?
    public var threads: Int

    public init(openblas: String, quantized: String, attention: String, threads: Int) {
        self.openblas = openblas
        self.quantized = quantized
        self.attention = attention
        self.threads = threads
    }
}

extension Encoder {
    /// None: a single encoder has no share-out to report.
    public var usageReport: [String] { [] }

    public func embed(_ texts: [String], prompt: String? = nil) throws -> EmbeddingMatrix {
        try embed(texts, prompt: prompt, progress: nil)
    }
}

/// The identity of an evaluated model: enough to tell two models, or two revisions, apart.
public struct ModelIdentity: Sendable, Equatable, Codable {
    /// Hugging Face style name (`org/name`), or the folder name for a local model.
    public var name: String
    /// Snapshot revision from the Hugging Face cache, or nil for a plain folder.
    public var revision: String?
    /// SHA-256 of the weight files, in module order, joined by "+" when there are several.
    public var weightsSHA256: String
    /// The folder the model was loaded from.
    public var path: String
    /// How the weights were held: `f32`, `q8`, `q4`, `int8-channel`, with `+embeddings` when the embedding
    /// table and Dense head were quantized too; `served` for a remote server, whose weights evalbench cannot see.
    public var weights: String
    /// Which parts were quantized (empty for f32).
    public var quantized: [String]
    /// `native`, or the server that computed the embeddings (`tei:http://127.0.0.1:8080`).
    public var backend: String

    public init(name: String, revision: String?, weightsSHA256: String, path: String, weights: String = "f32", quantized: [String] = [],
                backend: String = "native") {
        self.name = name
        self.revision = revision
        self.weightsSHA256 = weightsSHA256
        self.path = path
        self.weights = weights
        self.quantized = quantized
        self.backend = backend
    }
}

/// Why a model could not be found, loaded or run. The message names the file, field or tensor.
public struct EncoderError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
