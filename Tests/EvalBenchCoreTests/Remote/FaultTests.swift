import Encoders
import EvalBenchCore
import Foundation
import Testing

/// The remote backends against a misbehaving server in its own process (FakeServer/fake_embedding_server.py):
/// retries where a retry is right (timeouts, 5xx, 429 with Retry-After), then a clear error; replies that would
/// give wrong vectors are errors, never scores.
@Suite struct FaultTests {
    /// Delays the client asked to sleep, recorded instead of slept.
    final class Delays: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        var recorded: [Double] { lock.withLock { values } }
        func record(_ seconds: Double) { lock.withLock { values.append(seconds) } }
    }

    /// The requests' timeout is a minute, so that a loaded machine cannot turn an answer into a retry and change the
    /// counts these tests expect; the one test of timeouts sets its own against a server that never answers in time.
    func encoder(_ server: ServerProcess, api: String = "openai", retries: Int = 2, timeout: Double = 60, delays: Delays = Delays(),
                 batch: Int = 4) async throws -> RemoteEncoder {
        var backend = try #require(try RemoteBackend(spec: "\(api):\(server.url)", model: "fake"))
        backend.batchSize = batch
        backend.maxInFlight = 2
        let client = HTTPClient(timeout: timeout, retry: RetryPolicy(retries: retries, initialDelay: 0.25, sleep: delays.record))
        // The dimension probe has time to spare on a loaded machine; the test's own timeout applies to the requests after it.
        let probe = HTTPClient(timeout: 60, retry: RetryPolicy(retries: 0))
        return try await offloaded { try RemoteEncoder(backend, client: client, probeClient: probe) }
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
        let server = try ServerProcess.fake("500-twice")
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        let embeddings = try await offloaded { try encoder.embed(Self.texts) }
        #expect(embeddings.row(2) == fakeVector("ccc"))
        #expect(delays.recorded == [0.25, 0.5])
        #expect(server.requests == 4)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let server = try ServerProcess.fake("429")
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        _ = try await offloaded { try encoder.embed(Self.texts) }
        #expect(delays.recorded == [7])
    }

    @Test func persistentServerErrorsEndInAClearError() async throws {
        let server = try ServerProcess.fake("502")
        let encoder = try await encoder(server, retries: 2)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("HTTP 502 after 3 attempts: upstream down"), "\(message)")
        #expect(message.contains("/v1/embeddings"))
    }

    @Test func slowAnswersTimeOutAndAreRetried() async throws {
        let server = try ServerProcess.fake("slow")
        let delays = Delays()
        let encoder = try await encoder(server, retries: 1, timeout: 0.5, delays: delays, batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("no answer within 0.5 s after 2 attempts"), "\(message)")
        #expect(delays.recorded == [0.25])
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try ServerProcess.fake("400")
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("HTTP 400: input too long"), "\(message)")
        #expect(delays.recorded.isEmpty)
    }

    @Test(arguments: [
        ("truncated JSON", "is not the JSON openai answers with"),
        ("one vector short", "sent 6 texts, got 5 vectors back"),
        ("wrong width", "has 3 dimensions, expected 4"),
        ("NaN", "holds NaN or infinity"),
        ("not JSON", "is not the JSON openai answers with"),
        ("bad indices", "indices are not 0..<6"),
    ])
    func badRepliesAreErrors(fault: String, expected: String) async throws {
        let server = try ServerProcess.fake(fault)
        let delays = Delays()
        let encoder = try await encoder(server, delays: delays, batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains(expected), "\(fault): \(message)")
        #expect(delays.recorded.isEmpty, "\(fault) was retried")
    }

    @Test func teiRepliesAreCheckedToo() async throws {
        let server = try ServerProcess.fake("one vector short")
        let encoder = try await encoder(server, api: "tei", batch: 8)
        let message = await failure { _ = try encoder.embed(Self.texts) }
        #expect(message.contains("sent 6 texts, got 5 vectors back"), "\(message)")
    }

    /// A run through a server that fails midway stops with the error and writes neither a result nor a vector.
    @Test func aFailedRunWritesNoResult() async throws {
        let server = try ServerProcess.fake("500-from-3")
        let encoder = try await encoder(server, retries: 1)
        let registry = try TaskRegistry(folder: RunnerTests.tasksFolder)
        let folder = TemporaryFolder("fault")
        defer { folder.remove() }
        let output = folder.url.appendingPathComponent("results")
        let cache = try EmbeddingCache(directory: folder.url.appendingPathComponent("cache"))
        let configuration = RunConfiguration(tasks: [try registry.task(named: "EvalBenchSTS")], dimensions: [4], precisions: [.float32],
                                             rescore: false, output: output, limit: 20, threads: 1)
        let runner = Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration,
                            cache: cache)
        let message = await failure { _ = try runner.run() }
        #expect(message.contains("HTTP 500 after 2 attempts: crashed"), "\(message)")
        let written = FileManager.default.enumerator(atPath: output.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix("EvalBenchSTS.json") } ?? []
        #expect(written.isEmpty)
        #expect(try cache.stats().models.allSatisfy { $0.embeddings == 0 })
    }
}
