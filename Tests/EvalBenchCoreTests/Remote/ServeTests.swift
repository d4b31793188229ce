import Encoders
import EvalBenchCore
import Foundation
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
            for (a, b) in zip(reference, served) {
                #expect(a.task.name == b.task.name && a.dimension == b.dimension && a.precision == b.precision)
                // The server batches the texts differently from the native run (its own length sorting per request), so
                // OpenBLAS may sum in another order: vectors agree to cosine ≥ 0.99999, not bit for bit. Measured
                // identical so far; 1e-4 leaves room for a swap of two near-tied documents' float noise in one query.
                #expect(a.scores.keys == b.scores.keys)
                for (metric, value) in a.scores {
                    #expect(abs(value - (b.scores[metric] ?? .nan)) <= 1e-4, "\(spec) \(a.task.name) dim \(a.dimension) \(a.precision) \(metric)")
                }
            }
            let agreement = try EmbeddingAgreement(nativeEmbeddings, try await offloaded { try encoder.embed(texts) })
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
            #expect(try EmbeddingAgreement(expected, served).minimumCosine >= 0.99999, "\(spec)")
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
