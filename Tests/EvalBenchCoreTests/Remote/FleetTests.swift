import Encoders
import EvalBenchCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Kernels
import Testing

/// A fleet of `evalbench serve` replicas, each its own process: embeddings equal one replica's bit for bit whichever
/// replica encoded what, also with one replica killed and another stopped midway; a fleet all down is an error in
/// bounded time; `--backend` lists and files are parsed with clear errors.
@Suite(.serialized) struct FleetTests {
    static let model = "sentence-transformers/all-MiniLM-L6-v2"

    /// Values handed over by other threads (warnings, progress), in order.
    final class Recorder<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Value] = []
        var recorded: [Value] { lock.withLock { values } }
        func record(_ value: Value) { lock.withLock { values.append(value) } }
    }

    /// A fleet over `urls`, 16 texts a request, 2 requests in flight per replica, no retries by the client (a failed
    /// request is re-sent by the fleet), taken out for 0.05 s, doubling up to 0.4 s.
    static func fleet(_ urls: [String], timeout: Double = 120, warnings: Recorder<String> = Recorder()) async throws -> FleetEncoder {
        var fleet = try #require(try RemoteFleet(spec: "openai:" + urls.joined(separator: ","), model: model))
        fleet.backend.batchSize = 16
        fleet.backend.maxInFlight = 2
        let configured = fleet
        let client = HTTPClient(timeout: timeout, retry: RetryPolicy(retries: 0))
        let probe = HTTPClient(timeout: 120, retry: RetryPolicy(retries: 0))
        let backOff = FleetEncoder.BackOff(initialDelay: 0.05, maxDelay: 0.4)
        return try await offloaded { try FleetEncoder(configured, client: client, probeClient: probe, backOff: backOff, warn: warnings.record) }
    }

    /// One replica alone, with the fleet's batch size: the reference.
    static func single(_ server: ServerProcess) async throws -> RemoteEncoder {
        var backend = try #require(try RemoteBackend(spec: "openai:\(server.url)", model: model))
        backend.batchSize = 16
        let configured = backend
        return try await offloaded { try RemoteEncoder(configured, client: HTTPClient(timeout: 120)) }
    }

    /// The bundled STS sentences and retrieval queries (558 texts).
    static func texts() throws -> [String] {
        let data = RunnerTests.tasksFolder.appendingPathComponent("data")
        let sts = data.appendingPathComponent("evalbench-sts/test.jsonl")
        return try TextInput.read(sts, field: "sentence1") + TextInput.read(sts, field: "sentence2")
            + TextInput.read(data.appendingPathComponent("evalbench-retrieval/queries.jsonl"), field: "text")
    }

    /// The main score of each task of a run of STS and retrieval through `encoder`, and the texts it encoded.
    static func mainScores(_ encoder: Encoder) throws -> (scores: [String: Double], texts: Int) {
        let registry = try TaskRegistry(folder: RunnerTests.tasksFolder)
        let output = TemporaryFolder("fleet")
        defer { output.remove() }
        let configuration = RunConfiguration(tasks: try ["EvalBenchSTS", "EvalBenchRetrieval"].map(registry.task(named:)), dimensions: [384],
                                             precisions: [.float32], rescore: false, output: output.url, threads: 2, progress: .quiet)
        let runner = Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration)
        let results = try runner.run()
        return (Dictionary(uniqueKeysWithValues: results.map { ("\($0.task.name) [\($0.split)]", $0.mainScore ?? .nan) }), runner.encodedTexts)
    }

    /// Rows of `a` that differ from `b`'s in any bit of any value (all of them when the shapes differ).
    static func differingRows(_ a: EmbeddingMatrix, _ b: EmbeddingMatrix) -> Int {
        guard a.rows == b.rows, a.dimension == b.dimension else { return max(a.rows, b.rows) }
        return (0..<a.rows).filter { a.row($0).map(\.bitPattern) != b.row($0).map(\.bitPattern) }.count
    }

    @Test func threeReplicasEqualOneBitForBit() async throws {
        let servers = try (0..<3).map { _ in try ServerProcess.serve() }
        let texts = try Self.texts()
        let single = try await Self.single(servers[0])
        let reference = try await offloaded { try single.embed(texts) }
        let warnings = Recorder<String>()
        let fleet = try await Self.fleet(servers.map(\.url), warnings: warnings)
        #expect(fleet.dimension == 384 && fleet.identity.backend == "openai fleet of 3" && fleet.identity.weights == "served")
        #expect(servers.allSatisfy { fleet.identity.path.contains($0.url) })
        let progress = Recorder<Int>()
        let embedded = try await offloaded { try fleet.embed(texts, prompt: nil, progress: progress.record) }
        #expect(Self.differingRows(embedded, reference) == 0)
        #expect(zip(progress.recorded, progress.recorded.dropFirst()).allSatisfy { $0 < $1 } && progress.recorded.last == texts.count)
        let usage = fleet.usage
        #expect(usage.map(\.address) == servers.map(\.url))
        #expect(usage.allSatisfy { $0.texts > 0 && $0.failures == 0 && $0.takenOut == 0 }, "\(usage)")
        #expect(usage.map(\.texts).reduce(0, +) == texts.count)
        #expect(zip(fleet.usageReport, servers).allSatisfy { line, server in
            line.hasPrefix("\(server.url): ") && line.contains(" texts/s, 0 failures, taken out 0 times")
        }, "\(fleet.usageReport)")
        #expect(warnings.recorded.isEmpty)
    }

    /// One replica is SIGKILLed once the fleet has encoded 30% of a run's texts; another is SIGSTOPped (it accepts
    /// connections and never answers) at 10%, so each request it holds times out after 3 s and its batch is re-sent.
    /// The run's scores, and the embeddings, equal one healthy replica's exactly.
    @Test func aKilledAndAStoppedReplicaChangeNoScore() async throws {
        let servers = try (0..<3).map { _ in try ServerProcess.serve() }
        let (killed, stopped, healthy) = (servers[0], servers[1], servers[2])
        let single = try await Self.single(healthy)
        let reference = try await offloaded { try Self.mainScores(single) }
        let warnings = Recorder<String>()
        let fleet = try await Self.fleet(servers.map(\.url), timeout: 3, warnings: warnings)
        let killedPID = killed.process.processIdentifier, stoppedPID = stopped.process.processIdentifier
        defer { kill(stoppedPID, SIGCONT) }
        // `over` is recorded once the run is over, so that the faults' thread stops waiting for shares it will not see.
        let over = Recorder<Bool>(), faults = DispatchSemaphore(value: 0)
        Thread {
            func reached(_ share: Double) -> Bool {
                over.recorded.isEmpty == false || Double(fleet.usage.map(\.texts).reduce(0, +)) >= share * Double(reference.texts)
            }
            while !reached(0.1) { Thread.sleep(forTimeInterval: 0.005) }
            if over.recorded.isEmpty { kill(stoppedPID, SIGSTOP) }
            while !reached(0.3) { Thread.sleep(forTimeInterval: 0.005) }
            if over.recorded.isEmpty { kill(killedPID, SIGKILL) }
            faults.signal()
        }.start()
        let run: Result<(scores: [String: Double], texts: Int), Error>
        do {
            run = .success(try await offloaded { try Self.mainScores(fleet) })
        } catch {
            run = .failure(error)
        }
        over.record(true)
        try await offloaded { faults.wait() }
        let served = try run.get()
        #expect(served.scores == reference.scores)
        #expect(served.texts == reference.texts)

        // Killed and stopped still: the same texts' vectors through the fleet equal the healthy replica's alone.
        let texts = try Self.texts()
        let expected = try await offloaded { try single.embed(texts) }
        let embedded = try await offloaded { try fleet.embed(texts) }
        #expect(Self.differingRows(embedded, expected) == 0)

        let usage = fleet.usage
        #expect(usage[0].failures > 0 && usage[1].failures > 0 && usage[2].texts > 0, "\(usage)")
        #expect(usage[0].takenOut > 0, "\(usage)")
        #expect(fleet.usageReport[0].hasPrefix("\(killed.url): ") && !fleet.usageReport[0].contains(" 0 failures"), "\(fleet.usageReport)")
        #expect(warnings.recorded.contains { $0.hasPrefix("replica \(killed.url) taken out after 3 failures (last: ") }, "\(warnings.recorded)")
        #expect(warnings.recorded.contains { $0 == "replica \(killed.url) put back" }, "\(warnings.recorded)")
        print("fleet with a killed and a stopped replica: \(fleet.usageReport.joined(separator: "; "))")
    }

    /// A replica down at the start starts out and the others serve; with every replica down a call ends in an error
    /// naming each address, within bounded time, and a new fleet over them is refused.
    @Test func aFleetAllDownIsAnErrorNamingEveryAddress() async throws {
        let servers = try (0..<2).map { _ in try ServerProcess.serve() }
        let urls = servers.map(\.url)
        let texts = Array(try Self.texts().prefix(64))
        let single = try await Self.single(servers[0])
        let expected = try await offloaded { try single.embed(texts) }
        kill(servers[1].process.processIdentifier, SIGKILL)
        servers[1].process.waitUntilExit()
        let warnings = Recorder<String>()
        let fleet = try await Self.fleet(urls, warnings: warnings)
        #expect(warnings.recorded.first?.hasPrefix("replica \(urls[1]) taken out after a failed probe (last: ") == true, "\(warnings.recorded)")
        let embedded = try await offloaded { try fleet.embed(texts) }
        #expect(Self.differingRows(embedded, expected) == 0)
        #expect(fleet.usage[0].texts == texts.count && fleet.usage[1].texts == 0)

        kill(servers[0].process.processIdentifier, SIGKILL)
        servers[0].process.waitUntilExit()
        let started = Date()
        do {
            _ = try await offloaded { try fleet.embed(texts) }
            Issue.record("a fleet with every replica down returned embeddings")
        } catch {
            let message = "\(error)"
            #expect(urls.allSatisfy { message.contains($0) } && message.contains("failed") && message.contains("(the first: \""), "\(message)")
        }
        #expect(Date().timeIntervalSince(started) < 60)
        do {
            _ = try await Self.fleet(urls)
            Issue.record("a fleet of which no replica answers was made")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("no replica of the fleet answered: ") && urls.allSatisfy { message.contains($0) }, "\(message)")
        }
    }

    @Test func replicasOfAnotherModelAreRefused() async throws {
        let fixture = RunnerTests.tasksFolder.appendingPathComponent("../Tests/EncodersTests/Fixtures/gemma-h64").standardizedFileURL
        let servers = [try ServerProcess.serve(), try ServerProcess.serve(["--model", fixture.path])]
        do {
            _ = try await Self.fleet(servers.map(\.url))
            Issue.record("replicas of 384 and 64 dimensions made one fleet")
        } catch {
            let message = "\(error)"
            #expect(message.contains("\(servers[0].url) answers with 384 dimensions, \(servers[1].url) with 64"), "\(message)")
        }
    }

    @Test func specsNameEveryReplica() throws {
        let list = try #require(try RemoteFleet(spec: "openai:http://h1:8080, http://h2:8080/v1,https://h3", model: "m"))
        #expect(list.addresses.map(\.absoluteString) == ["http://h1:8080", "http://h2:8080/v1", "https://h3"])
        #expect(list.replicas.map(\.endpoint.absoluteString) == ["http://h1:8080/v1/embeddings", "http://h2:8080/v1/embeddings", "https://h3/v1/embeddings"])
        #expect(list.label == "openai fleet of 3" && list.replicas.allSatisfy { $0.model == "m" && $0.api == .openai })
        let one = try #require(try RemoteFleet(spec: "tei:http://h1:8080", model: "m"))
        #expect(one.addresses.count == 1 && one.label == "tei:http://h1:8080")
        let alone = try RemoteBackend(spec: "tei:http://h1:8080", model: "m")
        #expect(one.backend == alone)
        #expect(try RemoteFleet(spec: "native", model: "m") == nil)

        let folder = TemporaryFolder("fleet-spec")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.url.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let good = try file("good.txt", "# the fleet\nhttp://h1:8080\n\n  http://h2:8080   # the second\r\n#http://h9\nhttps://h3\n")
        let listed = try #require(try RemoteFleet(spec: "ollama:@\(good)", model: "m"))
        #expect(listed.addresses.map(\.absoluteString) == ["http://h1:8080", "http://h2:8080", "https://h3"] && listed.backend.api == .ollama)

        let bad = try file("bad.txt", "http://h1:8080\n# a comment\nh2:8080\n")
        let twice = try file("twice.txt", "http://h1:8080\nhttp://h2:8080\nhttp://h1:8080/\n")
        let empty = try file("empty.txt", "# nothing yet\n\n")
        for (spec, expected) in [
            ("openai:http://h1:8080,,http://h2:8080", "address 2 of 3 is empty"),
            ("openai:http://h1:8080,http://h1:8080/", "address 2 of 2: http://h1:8080/ is given twice (also at address 1 of 2)"),
            ("openai:http://h1:8080,ftp://h2", "address 2 of 2: backend 'openai:ftp://h2': after 'openai:' comes the server's http:// or https:// address"),
            ("tei:http://h1:8080,http://user:secret@h2", "address 2 of 2: backend 'tei:…': put the API key in an environment variable"),
            ("openai:@\(bad)", "backend list '\(bad)' line 3: backend 'openai:h2:8080': after 'openai:' comes"),
            ("openai:@\(twice)", "backend list '\(twice)' line 3: http://h1:8080/ is given twice (also at backend list '\(twice)' line 1)"),
            ("openai:@\(empty)", "backend list '\(empty)' names no address"),
            ("openai:@\(folder.url.path)/missing.txt", "backend list '\(folder.url.path)/missing.txt' cannot be read"),
        ] {
            do {
                _ = try RemoteFleet(spec: spec, model: "m")
                Issue.record("\(spec) was accepted")
            } catch {
                #expect("\(error)".contains(expected) && !"\(error)".contains("secret"), "\(spec): \(error)")
            }
        }
    }
}
