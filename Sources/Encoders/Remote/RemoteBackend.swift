import Foundation

/// Where and how a remote embedding server is reached: `openai:URL`, `tei:URL` or `ollama:URL`, with the
/// request options every call sends.
public struct RemoteBackend: Sendable, Equatable {
    /// The API a server speaks.
    public enum API: String, Sendable, CaseIterable {
        /// OpenAI-compatible `POST /v1/embeddings` (vLLM, LiteLLM, llama.cpp's server, …).
        case openai
        /// Text Embeddings Inference's `POST /embed`.
        case tei
        /// Ollama's `POST /api/embed`.
        case ollama
    }

    public var api: API
    /// The server's base address, as given (`http://127.0.0.1:8080`, or for OpenAI also `…/v1`).
    public var baseURL: URL
    /// The model name sent with each request (OpenAI and Ollama need one).
    public var model: String
    /// Texts per request.
    public var batchSize = 32
    /// Requests in flight at once.
    public var maxInFlight = 4
    /// `dimensions` sent to the server (it truncates); nil asks for the full width, which evalbench slices itself.
    public var dimensions: Int?
    /// OpenAI's `encoding_format`: `base64` (compact, exact) or `float`.
    public var encoding = "base64"

    public init(api: API, baseURL: URL, model: String) {
        self.api = api
        self.baseURL = baseURL
        self.model = model
    }

    /// Parses `openai:URL`, `tei:URL` or `ollama:URL`; nil for any other spelling (such as `native`).
    public init?(spec: String, model: String) throws {
        guard let colon = spec.firstIndex(of: ":"), let api = API(rawValue: String(spec[..<colon])) else { return nil }
        try self.init(api: api, address: String(spec[spec.index(after: colon)...]), model: model)
    }

    /// The server at `address`, which must be an http:// or https:// address with a host and without credentials.
    public init(api: API, address: String, model: String) throws {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw EncoderError("backend '\(api.rawValue):\(address)': after '\(api.rawValue):' comes the server's http:// or https:// address, e.g. \(api.rawValue):http://127.0.0.1:8080")
        }
        guard url.user == nil, url.password == nil else {
            throw EncoderError("backend '\(api.rawValue):…': put the API key in an environment variable (--api-key-env), not in the address")
        }
        self.init(api: api, baseURL: url, model: model)
    }

    /// The address requests are posted to.
    public var endpoint: URL {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        switch api {
        case .openai: return URL(string: base.hasSuffix("/v1") ? base + "/embeddings" : base + "/v1/embeddings")!
        case .tei: return URL(string: base + "/embed")!
        case .ollama: return URL(string: base + "/api/embed")!
        }
    }

    /// `tei:http://127.0.0.1:8080`: how results and reports name this backend.
    public var label: String { "\(api.rawValue):\(baseURL.absoluteString)" }
}
