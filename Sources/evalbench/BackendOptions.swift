import ArgumentParser
import Encoders
import Foundation

/// How a command reaches a remote embedding server (`--backend openai:URL`, `tei:URL`, `ollama:URL`), or several
/// replicas of one (`openai:URL,URL,…`, `openai:@FILE`).
struct RemoteOptions: ParsableArguments {
    @Option(name: .customLong("remote-model"), help: "Model name sent to the server (default: --model).")
    var remoteModel: String?

    @Option(name: .customLong("api-key-env"), help: "Environment variable holding the server's API key (sent as a Bearer token, never printed).")
    var apiKeyEnv: String?

    @Option(name: .customLong("request-batch"), help: "Texts per request.")
    var requestBatch = 32

    @Option(name: .customLong("max-in-flight"), help: "Requests in flight at once (to each replica, when the backend names several).")
    var maxInFlight = 4

    @Option(help: "Seconds to wait for one reply.")
    var timeout = 60.0

    @Option(help: "Retries of a request after a timeout, 429 or 5xx.")
    var retries = 3

    @Option(name: .customLong("request-dimensions"), help: "`dimensions` sent to the server (default: its full width; evalbench slices Matryoshka dimensions itself).")
    var requestDimensions: Int?

    @Option(help: "OpenAI encoding_format: base64 or float.")
    var encoding = "base64"

    func validate() throws {
        guard (1...65_536).contains(requestBatch), (1...1024).contains(maxInFlight) else {
            throw ValidationError("--request-batch must be between 1 and 65536, --max-in-flight between 1 and 1024")
        }
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout takes seconds, more than 0 and at most 86400 (a day)") }
        guard (0...100).contains(retries) else { throw ValidationError("--retries must be between 0 and 100") }
        guard ["base64", "float"].contains(encoding) else { throw ValidationError("--encoding is base64 or float") }
        if let requestDimensions, requestDimensions < 1 { throw ValidationError("--request-dimensions must be positive") }
    }

    /// The remote encoder for `spec`, or nil when `spec` names no remote API: a `RemoteEncoder` for one address, a
    /// `FleetEncoder` for several (`openai:URL,URL,…` or `openai:@FILE`). Prompts come from the model's local folder
    /// when it has one, so the server is given what the native backend would be.
    func encoder(_ spec: String, model: String) throws -> Encoder? {
        guard var fleet = try RemoteFleet(spec: spec, model: remoteModel ?? model) else { return nil }
        fleet.backend.batchSize = requestBatch
        fleet.backend.maxInFlight = maxInFlight
        fleet.backend.dimensions = requestDimensions
        fleet.backend.encoding = encoding
        var apiKey: String?
        if let apiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[apiKeyEnv], !value.isEmpty else {
                throw ValidationError("--api-key-env \(apiKeyEnv): that environment variable is not set")
            }
            apiKey = value
        }
        let folder = (try? ModelLocator().locate(model)).flatMap { try? SentenceTransformerFolder(folder: $0.folder) }
        let client = HTTPClient(timeout: timeout, retry: RetryPolicy(retries: retries), apiKey: apiKey)
        let prompts = folder?.prompts ?? [:], similarity = folder?.similarity ?? .cosine
        guard fleet.addresses.count > 1 else {
            return try RemoteEncoder(fleet.backend, client: client, prompts: prompts, defaultPromptName: folder?.defaultPromptName, similarity: similarity)
        }
        return try FleetEncoder(fleet, client: client, prompts: prompts, defaultPromptName: folder?.defaultPromptName, similarity: similarity)
    }
}

/// One backend of a run or comparison: its label and its encoder (native backends one per weights variant).
struct BackendChoice {
    var label: String
    var encoder: Encoder

    /// The encoders `spec` stands for: `native` gives one per --weights variant.
    static func resolve(_ spec: String, model: ModelOptions, remote: RemoteOptions) throws -> [BackendChoice] {
        if spec == "native" {
            let variants = try model.weights.variants()
            return try variants.map {
                BackendChoice(label: variants.count == 1 ? "native" : "native-\($0.name)", encoder: try model.load($0))
            }
        }
        guard let encoder = try remote.encoder(spec, model: model.model) else {
            throw ValidationError("unknown backend '\(spec)': native, openai:URL, tei:URL or ollama:URL (several: openai:URL,URL,… or openai:@FILE)")
        }
        // The backend's label for one server (`tei:http://…`), `openai fleet of 3` for several.
        return [BackendChoice(label: encoder.identity.backend, encoder: encoder)]
    }
}
