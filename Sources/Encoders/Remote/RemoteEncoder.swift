import Common
import Foundation
import Kernels

/// An embedding server behind an HTTP API (OpenAI-compatible, Text Embeddings Inference, Ollama) as an
/// `Encoder`: texts go in batches, a bounded number of requests in flight, and every reply is checked (count
/// of vectors, their width, finite values) before a vector is used, so a misbehaving server is an error,
/// never a wrong score.
public final class RemoteEncoder: Encoder {
    public let backend: RemoteBackend
    public let identity: ModelIdentity
    public private(set) var dimension = 0
    /// Unknown for a server: 0.
    public let maxTokens = 0
    /// The prompts of the same model's local folder, when there is one, so prompts are chosen as for the native
    /// backend; TEI is sent the prompt's name, the others the prompt text prepended to each input.
    public let prompts: [String: String]
    public let weightBytes: Int? = nil
    public let cacheKey: String
    /// The same model's local folder's similarity function and default prompt, when there is one (else cosine, none).
    public let similarity: SimilarityFunction
    public let defaultPromptName: String?
    public var defaultDimensions: [Int] { [dimension] }
    public let runtime: RuntimeFacts? = nil
    let client: HTTPClient

    /// Connects to `backend` and learns the width of its embeddings from one request, sent by `probeClient` (default:
    /// `client`; a server that loads its model on the first request may need a longer timeout there).
    public init(_ backend: RemoteBackend, client: HTTPClient, probeClient: HTTPClient? = nil, prompts: [String: String] = [:],
                defaultPromptName: String? = nil, similarity: SimilarityFunction = .cosine) throws {
        self.backend = backend
        self.client = client
        self.prompts = prompts
        self.defaultPromptName = defaultPromptName
        self.similarity = similarity
        identity = ModelIdentity(name: backend.model, revision: nil, weightsSHA256: "", path: backend.endpoint.absoluteString,
                                 weights: "served", backend: backend.label)
        let options = [backend.api.rawValue, backend.endpoint.absoluteString, backend.model, backend.dimensions.map(String.init) ?? "full"]
        cacheKey = SHA256.hex(of: Data((["remote"] + options).joined(separator: "\n").utf8))
        let probe = try request(["evalbench: dimension probe"], prompt: nil, expectedWidth: nil, client: probeClient ?? client)
        dimension = probe.count
        guard dimension > 0 else { throw EncoderError("\(backend.endpoint.absoluteString): the server returned an empty embedding") }
    }

    /// A server's tokenizer is not visible from here.
    public func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int? { nil }

    public func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix {
        let batches = stride(from: 0, to: texts.count, by: backend.batchSize).map { $0..<min($0 + backend.batchSize, texts.count) }
        let collected = Collected(EmbeddingMatrix(rows: texts.count, dimension: dimension), batches: batches, progress: progress)
        // Threads of their own, not Dispatch's pool: a request blocks its thread until the reply, and on Linux a
        // pool of two cores' width with two blocked threads would starve URLSession of the thread it answers on.
        let group = DispatchGroup()
        for _ in 0..<min(backend.maxInFlight, batches.count) {
            group.enter()
            Thread { [self] in
                while let batch = collected.next() {
                    collected.finish(batch, Result { try request(Array(texts[batch]), prompt: prompt, expectedWidth: dimension) })
                }
                group.leave()
            }.start()
        }
        group.wait()
        return try collected.matrix()
    }

    /// One request: the vectors of `texts`, concatenated, each checked to be `expectedWidth` wide (when known).
    func request(_ texts: [String], prompt: String?, expectedWidth: Int?, client: HTTPClient? = nil) throws -> [Float] {
        let endpoint = backend.endpoint.absoluteString
        let reply = try (client ?? self.client).post(backend.endpoint, json: try requestBody(texts, prompt: prompt))
        let vectors: [[Float]]
        do {
            vectors = try decode(reply)
        } catch let error as EncoderError {
            throw error
        } catch {
            let start = String(decoding: reply.prefix(120), as: UTF8.self)
            throw EncoderError("\(endpoint): the reply is not the JSON \(backend.api.rawValue) answers with (\(EmbeddingAPI.reason(error))); it starts: \(start)")
        }
        guard vectors.count == texts.count else {
            throw EncoderError("\(endpoint): sent \(texts.count) texts, got \(vectors.count) vectors back")
        }
        let width = expectedWidth ?? vectors[0].count
        var flat: [Float] = []
        flat.reserveCapacity(texts.count * width)
        for (i, vector) in vectors.enumerated() {
            guard vector.count == width else {
                throw EncoderError("\(endpoint): vector \(i) of a batch has \(vector.count) dimensions, expected \(width)")
            }
            if let problem = EmbeddingCheck.problem(vector) {
                throw EncoderError("\(endpoint): vector \(i) of a batch \(problem) (text: \(texts[i].prefix(60).debugDescription)\(prompt != nil ? ", with a prompt" : ""))")
            }
            flat += vector
        }
        return flat
    }

    /// The request body for `texts` with `prompt`.
    func requestBody(_ texts: [String], prompt: String?) throws -> Data {
        let encoder = JSONEncoder()
        let prefixed = prompt.map { p in texts.map { p + $0 } } ?? texts
        switch backend.api {
        case .openai:
            return try encoder.encode(EmbeddingAPI.OpenAI.Request(input: .many(prefixed), model: backend.model, encoding_format: backend.encoding,
                                                                   dimensions: backend.dimensions))
        case .tei:
            // TEI applies a prompt it knows by name itself (pooling may leave the prompt's tokens out); any other is prepended.
            let name = prompt.flatMap { p in prompts.filter { $0.value == p }.keys.sorted().first }
            return try encoder.encode(EmbeddingAPI.TEI.Request(inputs: .many(name == nil ? prefixed : texts), normalize: true, truncate: true,
                                                                prompt_name: name, dimensions: backend.dimensions))
        case .ollama:
            return try encoder.encode(EmbeddingAPI.Ollama.Request(model: backend.model, input: .many(prefixed), truncate: true,
                                                                   dimensions: backend.dimensions))
        }
    }

    func decode(_ reply: Data) throws -> [[Float]] {
        let decoder = JSONDecoder()
        switch backend.api {
        case .openai:
            let response = try decoder.decode(EmbeddingAPI.OpenAI.Response.self, from: reply)
            let sorted = response.data.sorted { $0.index < $1.index }
            guard sorted.map(\.index) == Array(0..<sorted.count) else {
                throw EncoderError("\(backend.endpoint.absoluteString): the reply's indices are not 0..<\(sorted.count): \(response.data.map(\.index).prefix(10))")
            }
            return try sorted.map { item in
                switch item.embedding {
                case .floats(let values): return values
                case .base64(let text):
                    guard let values = EmbeddingAPI.floats(base64: text) else {
                        throw EncoderError("\(backend.endpoint.absoluteString): embedding \(item.index) is not base64 of float32 values")
                    }
                    return values
                }
            }
        case .tei:
            return try decoder.decode([[Float]].self, from: reply)
        case .ollama:
            return try decoder.decode(EmbeddingAPI.Ollama.Response.self, from: reply).embeddings
        }
    }
}

/// The batches of one `embed` call, handed out to the request threads and collected as they come back: their
/// vectors in place, the count finished, and the first error (after which no further batch is handed out).
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var output: EmbeddingMatrix
    private var pending: ArraySlice<Range<Int>>
    private var finished = 0
    private var error: Error?
    private let progress: ((Int) -> Void)?

    init(_ output: EmbeddingMatrix, batches: [Range<Int>], progress: ((Int) -> Void)?) {
        self.output = output
        pending = batches[...]
        self.progress = progress
    }

    /// The next batch to send, or nil when all are sent or one has failed.
    func next() -> Range<Int>? { lock.withLock { error == nil ? pending.popFirst() : nil } }

    func finish(_ batch: Range<Int>, _ result: Result<[Float], Error>) {
        lock.withLock {
            switch result {
            case .success(let vectors):
                let width = output.dimension
                output.values.replaceSubrange((batch.lowerBound * width)..<(batch.upperBound * width), with: vectors)
                finished += batch.count
                progress?(finished)
            case .failure(let failure):
                if error == nil { error = failure }
            }
        }
    }

    func matrix() throws -> EmbeddingMatrix {
        try lock.withLock {
            if let error { throw error }
            return output
        }
    }
}
