import Encoders
import EvalBenchCore
import Foundation
import Hummingbird
import Testing

/// The remote backends against a misbehaving server: retries where a retry is right (timeouts, 5xx, 429 with
/// Retry-After), then a clear error; replies that would give wrong vectors are errors, never scores.
@Suite struct FaultTests {
    /// Delays the client asked to sleep, recorded instead of slept.
    final class Delays: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        var recorded: [Double] { lock.withLock { values } }
        func record(_ seconds: Double) { lock.withLock { values.append(seconds) } }
    }

    func encoder(_ server: FakeServer, api: String = "openai", retries: Int = 2, timeout: Double = 5, delays: Delays = Delays(),
                 batch: Int = 4) async throws -> RemoteEncoder {
        var backend = try #require(try RemoteBackend(spec: "\(api):\(server.url)", model: "fake"))
        backend.batchSize = batch
        backend.maxInFlight = 2
        let client = HTTPClient(timeout: timeout, retry: RetryPolicy(retries: retries, initialDelay: 0.25, sleep: delays.record))
        return try await offloaded { try RemoteEncoder(backend, client: client) }
    }

    /// The error `work` throws, as text; records an issue when it throws none.
    func failure(_ work: @escaping () throws -> Void) async -> String {
        do {
            try await offloaded(work)
            Issue.record("expected an error")
            return ""
        } catch {
            return "\(error)"
        }
    }

    static let texts = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff"]

    @Test func serverErrorsAreRetriedWithBackoffThenSucceed() async throws {
        let server = try await FakeServer.start { n, texts in
            n == 1 || n == 2 ? .init(status: .internalServerError, body: "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}")
                : .init(body: FakeServer.openAI(texts))
        }
        defer { server.stop() }
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        let embeddings = try await offloaded { try encoder.embed(Self.texts) }
        #expect(embeddings.row(2) == FakeServer.vector(for: "ccc"))
        #expect(delays.recorded == [0.25, 0.5])
        #expect(server.requests == 4)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let server = try await FakeServer.start { n, texts in
            n == 1 ? .init(status: .tooManyRequests, headers: [.retryAfter: "7"], body: "{\"error\":{\"message\":\"slow down\",\"type\":\"rate\"}}")
                : .init(body: FakeServer.openAI(texts))
        }
        defer { server.stop() }
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        _ = try await offloaded { try encoder.embed(Self.texts) }
        #expect(delays.recorded == [7])
    }

    @Test func persistentServerErrorsEndInAClearError() async throws {
        let server = try await FakeServer.start { n, texts in
            n == 0 ? .init(body: FakeServer.openAI(texts)) : .init(status: .badGateway, body: "{\"error\":{\"message\":\"upstream down\",\"type\":\"x\"}}")
        }
        defer { server.stop() }
        let encoder = try await encoder(server, retries: 2)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("HTTP 502 after 3 attempts: upstream down"), "\(message)")
        #expect(message.contains("/v1/embeddings"))
    }

    @Test func slowAnswersTimeOutAndAreRetried() async throws {
        let server = try await FakeServer.start { n, texts in
            .init(body: FakeServer.openAI(texts), delay: n == 0 ? 0 : 3)
        }
        defer { server.stop() }
        let delays = Delays()
        let encoder = try await encoder(server, retries: 1, timeout: 0.5, delays: delays, batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("no answer within 0.5 s after 2 attempts"), "\(message)")
        #expect(delays.recorded == [0.25])
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try await FakeServer.start { n, texts in
            n == 0 ? .init(body: FakeServer.openAI(texts)) : .init(status: .badRequest, body: "{\"error\":{\"message\":\"input too long\",\"type\":\"invalid\"}}")
        }
        defer { server.stop() }
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("HTTP 400: input too long"), "\(message)")
        #expect(delays.recorded.isEmpty)
    }

    @Test(arguments: [
        ("truncated JSON", "is not the JSON openai answers with"),
        ("one vector short", "sent 4 texts, got 3 vectors back"),
        ("wrong width", "has 3 dimensions, expected 4"),
        ("NaN", "holds NaN or infinity"),
        ("not JSON", "is not the JSON openai answers with"),
        ("bad indices", "indices are not 0..<4"),
    ])
    func badRepliesAreErrors(fault: String, expected: String) async throws {
        let server = try await FakeServer.start { n, texts in
            guard n > 0 else { return .init(body: FakeServer.openAI(texts)) }
            switch fault {
            case "truncated JSON": return .init(body: String(FakeServer.openAI(texts).dropLast(25)))
            case "one vector short": return .init(body: FakeServer.openAI(Array(texts.dropLast())))
            case "wrong width": return .init(body: FakeServer.openAI(texts) { Array($0.prefix(3)) })
            case "NaN":
                let nan = EmbeddingAPI.base64([1, .nan, 0, 0])
                return .init(body: "{\"object\":\"list\",\"model\":\"f\",\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0},\"data\":["
                    + texts.indices.map { "{\"object\":\"embedding\",\"index\":\($0),\"embedding\":\"\(nan)\"}" }.joined(separator: ",") + "]}")
            case "bad indices": return .init(body: FakeServer.openAI(texts).replacingOccurrences(of: "\"index\":0", with: "\"index\":7"))
            default: return .init(body: "<html>gateway error</html>")
            }
        }
        defer { server.stop() }
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains(expected), "\(fault): \(message)")
        #expect(delays.recorded.isEmpty, "\(fault) was retried")
    }

    @Test func teiRepliesAreCheckedToo() async throws {
        let server = try await FakeServer.start { n, texts in
            .init(body: "[" + texts.dropFirst(n == 0 ? 0 : 1).map { "[\(FakeServer.vector(for: $0).map { "\($0)" }.joined(separator: ","))]" }
                .joined(separator: ",") + "]")
        }
        defer { server.stop() }
        let encoder = try await encoder(server, api: "tei")
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("sent 4 texts, got 3 vectors back"), "\(message)")
    }

    /// A run through a server that fails midway stops with the error and writes no result.
    @Test func aFailedRunWritesNoResult() async throws {
        let server = try await FakeServer.start { n, texts in
            n < 3 ? .init(body: FakeServer.openAI(texts)) : .init(status: .internalServerError, body: "{\"error\":{\"message\":\"crashed\",\"type\":\"x\"}}")
        }
        defer { server.stop() }
        let encoder = try await encoder(server, retries: 1)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tasks").standardizedFileURL
        let registry = try TaskRegistry(folder: root)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-fault-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let configuration = RunConfiguration(tasks: [try registry.task(named: "EvalBenchSTS")], dimensions: [4], precisions: [.float32],
                                             rescore: false, output: output, limit: 20, threads: 1)
        let runner = Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration)
        let message = await failure { _ = try runner.run() }
        #expect(message.contains("HTTP 500 after 2 attempts: crashed"), "\(message)")
        let written = FileManager.default.enumerator(atPath: output.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix("EvalBenchSTS.json") } ?? []
        #expect(written.isEmpty)
    }
}
