import Encoders
import Foundation
import Hummingbird
import Kernels
import Logging
import NIOCore

/// `evalbench serve`: one encoder behind OpenAI-compatible `POST /v1/embeddings`, TEI-compatible `POST /embed` and
/// Ollama-compatible `POST /api/embed`, with `GET /health`, `GET /info`, `GET /v1/models` and Prometheus `GET /metrics`.
public struct EmbeddingServer: Sendable {
    public var host: String
    public var port: Int
    /// Most texts one request may carry.
    public var maxBatch = 2048
    /// Largest request body.
    public var maxBodyBytes = 64 << 20
    let queue: EncoderQueue
    let metrics = ServerMetrics()

    public init(encoder: Encoder, host: String = "127.0.0.1", port: Int = 8080) {
        queue = EncoderQueue(encoder)
        self.host = host
        self.port = port
    }

    var encoder: Encoder { queue.encoder }

    /// Serves until SIGINT or SIGTERM; `onListening` receives the bound port (the one chosen when `port` is 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router()
        router.get("health") { _, _ in Self.json(["status": "ok"]) }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text)))
        }
        router.get("info") { _, _ in
            Self.json(["model_id": encoder.identity.name, "model_sha": encoder.identity.weightsSHA256, "model_dtype": encoder.identity.weights,
                       "max_input_length": encoder.maxTokens,
                       "max_client_batch_size": maxBatch, "version": "evalbench"])
        }
        router.get("v1/models") { _, _ in
            Self.json(["object": "list", "data": [["id": encoder.identity.name, "object": "model", "owned_by": "evalbench"]]])
        }
        router.post("v1/embeddings") { request, _ in await handle(request, dialect: .openai, answer: openAI) }
        router.post("embed") { request, _ in await handle(request, dialect: .tei, answer: tei) }
        router.post("api/embed") { request, _ in await handle(request, dialect: .ollama, answer: ollama) }
        var logger = Logger(label: "evalbench.serve")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "evalbench"),
                              onServerRunning: { onListening($0.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }

    /// A request that cannot be answered: its status and the sentence saying why.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    /// Which API's error body to answer with.
    enum Dialect: String {
        case openai = "/v1/embeddings", tei = "/embed", ollama = "/api/embed"
    }

    func handle(_ request: Request, dialect: Dialect, answer: (Data) async throws -> (Data, Int)) async -> Response {
        metrics.started()
        let started = Date()
        do {
            let body = try await collectBody(request)
            let (data, texts) = try await answer(Data(body.readableBytesView))
            metrics.finished(route: dialect.rawValue, status: 200, texts: texts, seconds: Date().timeIntervalSince(started))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            let refusal = error as? Refusal ?? Refusal(status: .internalServerError, message: "\(error)")
            metrics.finished(route: dialect.rawValue, status: Int(refusal.status.code))
            let body: [String: Any]
            switch dialect {
            case .openai: body = ["error": ["message": refusal.message, "type": refusal.status.code < 500 ? "invalid_request_error" : "server_error"]]
            case .tei: body = ["error": refusal.message, "error_type": refusal.status.code < 500 ? "Validation" : "Backend"]
            case .ollama: body = ["error": refusal.message]
            }
            var response = Self.json(body)
            response.status = refusal.status
            return response
        }
    }

    /// The request body, at most `maxBodyBytes`: a larger one is refused with 413, one that cannot be read (a
    /// malformed chunked encoding, a dropped connection) with 400; neither is the server's fault.
    func collectBody(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Refusal(status: .contentTooLarge, message: "the request body is larger than \(maxBodyBytes) bytes")
        } catch is NIOTooManyBytesError {
            throw Refusal(status: .contentTooLarge, message: "the request body is larger than \(maxBodyBytes) bytes")
        } catch {
            throw Refusal(status: .badRequest, message: "the request body cannot be read: \(error)")
        }
    }

    func openAI(_ body: Data) async throws -> (Data, Int) {
        let request = try decode(EmbeddingAPI.OpenAI.Request.self, body)
        let format = request.encoding_format ?? "float"
        guard format == "float" || format == "base64" else {
            throw Refusal(status: .badRequest, message: "encoding_format must be 'float' or 'base64', not '\(format)'")
        }
        let texts = try check(request.input.texts)
        let embeddings = try await embed(texts, prompt: nil, dimensions: request.dimensions, normalize: false)
        let items = (0..<embeddings.rows).map { i in
            let row = embeddings.row(i)
            return EmbeddingAPI.OpenAI.Item(index: i, embedding: format == "base64" ? .base64(EmbeddingAPI.base64(row)) : .floats(row))
        }
        let tokens = tokenCount(texts)
        let response = EmbeddingAPI.OpenAI.Response(data: items, model: encoder.identity.name,
                                                    usage: .init(prompt_tokens: tokens, total_tokens: tokens))
        return (try JSONEncoder().encode(response), texts.count)
    }

    func tei(_ body: Data) async throws -> (Data, Int) {
        let request = try decode(EmbeddingAPI.TEI.Request.self, body)
        let texts = try check(request.inputs.texts)
        var prompt: String?
        if let name = request.prompt_name {
            guard let text = encoder.prompts[name] else {
                let known = encoder.prompts.keys.sorted().joined(separator: ", ")
                throw Refusal(status: .unprocessableContent, message: "prompt_name '\(name)' is not one of the model's prompts (\(known.isEmpty ? "it has none" : known))")
            }
            prompt = text
        }
        if request.truncate != true, let limit = tokenLimit, let long = texts.firstIndex(where: { tokens($0, prompt, limit: limit + 1) > limit }) {
            throw Refusal(status: .contentTooLarge,
                          message: "input \(long) has more than \(limit) tokens; send truncate: true to have it truncated")
        }
        let embeddings = try await embed(texts, prompt: prompt, dimensions: request.dimensions, normalize: request.normalize ?? true)
        return (try JSONEncoder().encode((0..<embeddings.rows).map(embeddings.row)), texts.count)
    }

    func ollama(_ body: Data) async throws -> (Data, Int) {
        let request = try decode(EmbeddingAPI.Ollama.Request.self, body)
        let texts = try check(request.input.texts)
        if request.truncate == false, let limit = tokenLimit, let long = texts.firstIndex(where: { tokens($0, nil, limit: limit + 1) > limit }) {
            throw Refusal(status: .badRequest, message: "input \(long) exceeds the context length of \(limit) tokens")
        }
        let embeddings = try await embed(texts, prompt: nil, dimensions: request.dimensions, normalize: true)
        let response = EmbeddingAPI.Ollama.Response(model: encoder.identity.name, embeddings: (0..<embeddings.rows).map(embeddings.row),
                                                    prompt_eval_count: tokenCount(texts))
        return (try JSONEncoder().encode(response), texts.count)
    }

    func decode<T: Decodable>(_ type: T.Type, _ body: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw Refusal(status: .badRequest, message: "the request body is not the JSON this route expects: \(EmbeddingAPI.reason(error))")
        }
    }

    func check(_ texts: [String]) throws -> [String] {
        guard !texts.isEmpty else { throw Refusal(status: .unprocessableContent, message: "input is empty: send at least one text") }
        guard texts.count <= maxBatch else {
            throw Refusal(status: .contentTooLarge, message: "\(texts.count) texts in one request; at most \(maxBatch)")
        }
        return texts
    }

    /// The encoder's embeddings, cut to `dimensions` and L2-normalised again when asked, and normalised when asked
    /// (a vector already of unit length is left bit for bit as the model made it).
    func embed(_ texts: [String], prompt: String?, dimensions: Int?, normalize: Bool) async throws -> EmbeddingMatrix {
        var embeddings = try await queue.embed(texts, prompt: prompt)
        if let dimensions {
            guard dimensions >= 1 && dimensions <= embeddings.dimension else {
                throw Refusal(status: .badRequest, message: "dimensions must be between 1 and \(embeddings.dimension), not \(dimensions)")
            }
            if dimensions < embeddings.dimension { embeddings = embeddings.truncated(to: dimensions) }
        }
        if normalize {
            let width = embeddings.dimension
            embeddings.values.withUnsafeMutableBufferPointer { values in
                for r in 0..<embeddings.rows {
                    let row = values.baseAddress! + r * width
                    if abs(VectorMath.dot(row, row, count: width) - 1) > 1e-6 { VectorMath.l2Normalize(row, count: width) }
                }
            }
        }
        return embeddings
    }

    /// The model's token limit, when the encoder knows it.
    var tokenLimit: Int? { encoder.maxTokens > 0 ? encoder.maxTokens : nil }

    /// Tokens of `text` up to `limit` (default: as the model truncates), or 0 when the encoder does not say.
    func tokens(_ text: String, _ prompt: String?, limit: Int? = nil) -> Int {
        encoder.tokenCount(text, prompt: prompt, limit: limit) ?? 0
    }

    func tokenCount(_ texts: [String]) -> Int { texts.reduce(0) { $0 + tokens($1, nil) } }

    static func json(_ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
