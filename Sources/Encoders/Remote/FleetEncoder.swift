import Common
import Foundation
import Kernels

/// Replicas of one model behind one API (TEI, vLLM, Ollama or `evalbench serve` servers) as one `Encoder`. A call's
/// batches, cut as one `RemoteEncoder` cuts them, wait in one queue that every replica's request threads draw from at
/// their own pace. A batch whose request fails goes back to be re-sent, to another replica where one can take it; a
/// replica failing again and again is taken out for a while, then tried again. Every reply is checked as
/// `RemoteEncoder` checks it and placed at its batch's rows, so the embeddings are the same whichever replica
/// encoded what.
public final class FleetEncoder: Encoder {
    /// When a failing replica is taken out, and for how long.
    public struct BackOff: Sendable {
        /// Failures in a row that take a replica out.
        public var failures: Int
        /// Seconds out the first time; doubled each further time without a success between, up to `maxDelay`.
        public var initialDelay: Double
        /// The longest time out, in seconds.
        public var maxDelay: Double

        /// Out after 3 failures in a row, for 2 s, then 4, 8, … up to 60 s.
        public init(failures: Int = 3, initialDelay: Double = 2, maxDelay: Double = 60) {
            self.failures = failures
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
        }
    }

    /// What one replica did over this encoder's life.
    public struct Usage: Sendable, Equatable {
        /// The replica's base address.
        public var address: String
        /// Texts it encoded, in replies that passed the checks.
        public var texts = 0
        /// Seconds spent in its successful requests.
        public var seconds = 0.0
        /// Requests that failed (a failed probe included): an error, a timeout or a reply that failed the checks.
        public var failures = 0
        /// Times it was taken out.
        public var takenOut = 0
    }

    /// The replicas' addresses, API, model and request options (batch size, requests in flight per replica).
    public let fleet: RemoteFleet
    /// The model and every replica's address; `backend` is `openai fleet of 3` and the like.
    public let identity: ModelIdentity
    /// The width every answering replica reported.
    public let dimension: Int
    /// Unknown for a server: 0.
    public let maxTokens = 0
    /// As `RemoteEncoder.prompts`: the same model's local folder's, so prompts are chosen as for the native backend.
    public let prompts: [String: String]
    /// A server's weights are not visible from here.
    public let weightBytes: Int? = nil
    /// SHA-256 of the API, model, requested dimensions and every replica's address, sorted.
    public let cacheKey: String
    /// The same model's local folder's similarity function (else cosine).
    public let similarity: SimilarityFunction
    /// The same model's local folder's default prompt, when there is one.
    public let defaultPromptName: String?
    /// The full width only: the servers' Matryoshka dimensions are not visible from here.
    public var defaultDimensions: [Int] { [dimension] }
    /// Nil for servers.
    public let runtime: RuntimeFacts? = nil
    private let connect: (RemoteBackend) throws -> RemoteEncoder
    private let scheduler: FleetScheduler

    /// Probes every replica of `fleet` at once (through `probeClient`, default `client`); a replica that does not answer
    /// starts out, with a warning. At least one must answer, and all that answer with the same width. `warn` receives
    /// each replica taken out or put back (default: a `warning:` line on stderr).
    public init(_ fleet: RemoteFleet, client: HTTPClient, probeClient: HTTPClient? = nil, prompts: [String: String] = [:],
                defaultPromptName: String? = nil, similarity: SimilarityFunction = .cosine, backOff: BackOff = BackOff(),
                warn: @escaping (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }) throws {
        let connect = { (backend: RemoteBackend) in
            try RemoteEncoder(backend, client: client, probeClient: probeClient, prompts: prompts, defaultPromptName: defaultPromptName,
                              similarity: similarity)
        }
        let replicas = fleet.replicas.map(Replica.init)
        onThreads(replicas.count) { i in
            do { replicas[i].encoder = try connect(replicas[i].backend) } catch { replicas[i].lastError = "\(error)" }
        }
        let answering = replicas.filter { $0.encoder != nil }
        guard let first = answering.first, let width = first.encoder?.dimension else {
            throw EncoderError("no replica of the fleet answered: " + replicas.map { "\($0.address): \($0.lastError ?? "")" }.joined(separator: "; "))
        }
        if let other = answering.first(where: { $0.encoder?.dimension != width }), let otherWidth = other.encoder?.dimension {
            throw EncoderError("the replicas serve different models: \(first.address) answers with \(width) dimensions, \(other.address) "
                + "with \(otherWidth); give addresses of one model")
        }
        self.fleet = fleet
        self.prompts = prompts
        self.defaultPromptName = defaultPromptName
        self.similarity = similarity
        self.connect = connect
        dimension = width
        let endpoints = replicas.map(\.backend.endpoint.absoluteString)
        identity = ModelIdentity(name: fleet.backend.model, revision: nil, weightsSHA256: "", path: endpoints.joined(separator: ", "),
                                 weights: "served", backend: fleet.label)
        let options = [fleet.backend.api.rawValue, fleet.backend.model, fleet.backend.dimensions.map(String.init) ?? "full"]
        cacheKey = SHA256.hex(of: Data((["fleet"] + options + endpoints.sorted()).joined(separator: "\n").utf8))
        scheduler = FleetScheduler(replicas, backOff: backOff, warn: warn)
    }

    /// A server's tokenizer is not visible from here.
    public func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int? { nil }

    /// `texts` in batches of the fleet's batch size, each sent by whichever replica's thread (`maxInFlight` a replica) is
    /// free first and re-sent where it fails; `progress` receives the texts finished so far (under the fleet's lock).
    public func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix {
        let call = FleetCall(texts, dimension: dimension, batchSize: fleet.backend.batchSize, progress: progress)
        let replicas = scheduler.replicas.count, perReplica = min(fleet.backend.maxInFlight, call.waiting.count)
        onThreads(replicas * perReplica) { [self] worker in
            let r = worker % replicas
            while let batch = scheduler.next(for: r, in: call) {
                let started = Date()
                let result = Result { try connection(r).request(Array(texts[batch.rows]), prompt: prompt, expectedWidth: dimension) }
                scheduler.finish(batch, on: r, result, seconds: Date().timeIntervalSince(started), in: call)
            }
        }
        if let error = call.error { throw error }
        return call.output
    }

    /// What each replica did so far, in the order of the fleet's addresses.
    public var usage: [Usage] { scheduler.locked { scheduler.replicas.map(\.usage) } }

    /// One line per replica: `URL: N texts, X texts/s, F failures, taken out T times` (texts/s of its requests' time).
    public var usageReport: [String] {
        usage.map { replica in
            let rate = replica.seconds > 0 ? Double(replica.texts) / replica.seconds : 0
            return "\(replica.address): \(replica.texts) texts, \(String(format: "%.1f", rate)) texts/s, \(replica.failures) failures, "
                + "taken out \(replica.takenOut) times"
        }
    }

    /// Replica `r`'s connection; one that did not answer before is probed now, and must answer with the fleet's width.
    private func connection(_ r: Int) throws -> RemoteEncoder {
        let replica = scheduler.replicas[r]
        if let known = scheduler.locked({ replica.encoder }) { return known }
        let encoder = try connect(replica.backend)
        guard encoder.dimension == dimension else {
            throw EncoderError("\(replica.address) answers with \(encoder.dimension) dimensions, the fleet with \(dimension): it serves another model")
        }
        scheduler.locked { replica.encoder = encoder }
        return encoder
    }
}

/// Runs `work(i)` for each i in 0..<count on a thread of its own and returns when all are done. Threads, not Dispatch's
/// pool: each blocks on requests (see `RemoteEncoder.embed`).
private func onThreads(_ count: Int, _ work: @escaping (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread {
            work(i)
            group.leave()
        }.start()
    }
    group.wait()
}
