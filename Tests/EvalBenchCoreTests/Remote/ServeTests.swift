import Encoders
import EvalBenchCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernels
import Testing

/// `evalbench serve` as a real server, started as its own process, evaluated through the openai, tei and ollama
/// backends: scores identical to the native backend's, embeddings agreeing to cosine 0.99999 or better.
@Suite(.serialized) struct ServeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardizedFileURL
    static let model = "sentence-transformers/all-MiniLM-L6-v2"

    func results(_ encoder: Encoder, tasks: [String]) throws -> [TaskResult] {
        let registry = try TaskRegistry(folder: Self.root.appendingPathComponent("Tasks"))
        let output = TemporaryFolder("serve")
        defer { output.remove() }
        let configuration = RunConfiguration(tasks: try tasks.map(registry.task(named:)), dimensions: [384, 128], precisions: [.float32, .int8],
                                             rescore: false, output: output.url, limit: 40, threads: 2)
        return try Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration).run()
    }

    func remote(_ spec: String, model: String = Self.model, encoding: String = "base64", prompts: [String: String] = [:]) async throws -> RemoteEncoder {
        var backend = try #require(try RemoteBackend(spec: spec, model: model))
        backend.encoding = encoding
        backend.batchSize = 16
        return try await offloaded { try RemoteEncoder(backend, client: HTTPClient(timeout: 120), prompts: prompts) }
    }

    @Test func everyAPIScoresAsTheNativeBackend() async throws {
        let server = try ServerProcess.serve()
        let native = try SentenceTransformer(Self.model)
        native.threads = 2
        let tasks = ["EvalBenchSTS", "EvalBenchRetrieval", "EvalBenchClassification"]
        let reference = try results(native, tasks: tasks)
        let texts = try TextInput.read(Self.root.appendingPathComponent("Tasks/data/evalbench-sts/test.jsonl"), field: "sentence1")
        let nativeEmbeddings = try native.embed(texts)
        // Retrieval's corpus is the slow part: the two APIs the issue names run every task, the others STS.
        for (spec, encoding, all) in [("openai:\(server.url)", "base64", true), ("tei:\(server.url)", "base64", true),
                                      ("openai:\(server.url)/v1", "float", false), ("ollama:\(server.url)", "base64", false)] {
            let encoder = try await remote(spec, encoding: encoding)
            #expect(encoder.dimension == 384)
            let served = try await offloaded { try self.results(encoder, tasks: all ? tasks : ["EvalBenchSTS"]) }
            #expect(served.count == (all ? reference.count : 4))
            var worstScore = 0.0
            for (a, b) in zip(reference, served) {
                #expect(a.task.name == b.task.name && a.dimension == b.dimension && a.precision == b.precision)
                // The server batches the texts differently from the native run (its own length sorting per request), so
                // OpenBLAS may sum in another order: vectors agree to cosine ≥ 0.99999, not bit for bit. Measured
                // identical so far; 1e-4 leaves room for a swap of two near-tied documents' float noise in one query.
                #expect(a.scores.keys == b.scores.keys)
                for (metric, value) in a.scores {
                    let difference = abs(value - (b.scores[metric] ?? .nan))
                    worstScore = max(worstScore, difference)
                    #expect(difference <= 1e-4, "\(spec) \(a.task.name) dim \(a.dimension) \(a.precision) \(metric): \(value) vs \(b.scores[metric] ?? .nan)")
                }
            }
            let agreement = try EmbeddingAgreement(nativeEmbeddings, try await offloaded { try encoder.embed(texts) })
            print("bound serve \(spec) (\(encoding)) vs native: largest score difference \(worstScore) (bound 1e-4), minimum cosine \(agreement.minimumCosine) (bound 0.99999)")
            #expect(agreement.minimumCosine >= 0.99999, "\(spec) (\(encoding))")
            #expect(served.allSatisfy { $0.encodedTexts > 0 })
        }
    }

    /// A model with prompts: TEI is sent the prompt's name and the server applies it; OpenAI is sent the prompt text.
    @Test func promptsReachTheServedModel() async throws {
        let folder = Self.root.appendingPathComponent("Tests/EncodersTests/Fixtures/gemma-h64").path
        let server = try ServerProcess.serve(["--model", folder])
        let native = try SentenceTransformer(folder)
        let texts = ["a query about rivers", "  spaced out  ", "数字 123"]
        let prompt = try #require(native.prompts["query"])
        let expected = try native.embed(texts, prompt: prompt)
        for spec in ["tei:\(server.url)", "openai:\(server.url)"] {
            let encoder = try await remote(spec, model: folder, prompts: native.prompts)
            let served = try await offloaded { try encoder.embed(texts, prompt: prompt) }
            let cosine = try EmbeddingAgreement(expected, served).minimumCosine
            // Another process, batching on its own: float rounding only (the bar of the reference tests).
            print("bound serve \(spec) prompted Gemma vs native: minimum cosine \(cosine) (bound 0.99999)")
            #expect(cosine >= 0.99999, "\(spec)")
        }
        // A prompt name the model does not declare is refused with the server's sentence, and not retried.
        let body = try JSONEncoder().encode(EmbeddingAPI.TEI.Request(inputs: .one("x"), normalize: true, truncate: true, prompt_name: "nope", dimensions: nil))
        let client = HTTPClient(timeout: 30, retry: RetryPolicy(retries: 3, sleep: { _ in Issue.record("a 422 was retried") }))
        do {
            _ = try client.post(URL(string: "\(server.url)/embed")!, json: body)
            Issue.record("an unknown prompt_name was accepted")
        } catch {
            #expect("\(error)".contains("HTTP 422") && "\(error)".contains("prompt_name 'nope'"))
        }
    }

    /// The first line of the server's answer to `request`, sent as raw bytes on a fresh connection.
    static func rawStatusLine(port: Int, _ request: [UInt8]) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(connected == 0)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var reply = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket, &reply, reply.count, 0)
        return String(decoding: reply.prefix(max(0, count)), as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }

    /// ../shared/fuzz-findings 25: a malformed chunked body is the client's fault (400), a body over the limit is 413;
    /// neither is answered 500.
    @Test func malformedAndOversizedBodiesAreClientErrors() async throws {
        let server = try ServerProcess.serve()
        let chunked = "POST /embed HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"
        let status = try Self.rawStatusLine(port: server.port, Array(chunked.utf8))
        #expect(status.hasPrefix("HTTP/1.1 400"), "\(status)")
        let client = HTTPClient(timeout: 120, retry: RetryPolicy(retries: 0))
        let huge = Data("{\"inputs\": \"".utf8) + Data(repeating: 0x61, count: 65 << 20) + Data("\"}".utf8)
        do {
            _ = try await offloaded { try client.post(URL(string: "\(server.url)/embed")!, json: huge) }
            Issue.record("a 65 MB body was accepted")
        } catch {
            #expect("\(error)".contains("HTTP 413"), "\(error)")
        }
        #expect(try String(contentsOf: URL(string: server.url + "/health")!, encoding: .utf8).contains("\"ok\""))
    }

    @Test func healthInfoAndMetrics() async throws {
        let server = try ServerProcess.serve()
        func get(_ path: String) throws -> String { try String(contentsOf: URL(string: server.url + path)!, encoding: .utf8) }
        #expect(try get("/health").contains("\"ok\""))
        #expect(try get("/info").contains("\"max_input_length\":256"))
        let encoder = try await remote("tei:\(server.url)")
        _ = try await offloaded { try encoder.embed(["one", "two", "three"]) }
        let metrics = try get("/metrics")
        #expect(metrics.contains("evalbench_requests_total{route=\"/embed\",status=\"200\"} 2"))
        #expect(metrics.contains("evalbench_texts_embedded_total 4"))
    }
}
