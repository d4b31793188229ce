import Foundation
import Hummingbird
import Testing

/// Runs blocking work (the remote encoder's synchronous HTTP calls) on a thread of its own, so it never holds one
/// of the few pool threads that an in-process server and URLSession answer on.
func offloaded<T>(_ work: @escaping () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// The `evalbench` executable SwiftPM built beside the test bundle.
func evalbenchExecutable() throws -> URL {
    let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    for folder in candidates {
        let url = folder.appendingPathComponent("evalbench")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw TestFailure("no evalbench executable beside the tests (looked in \(candidates.map(\.path))): run `swift build` first")
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `evalbench serve` started as a child process on a free loopback port, stopped when released.
final class ServeProcess {
    let process = Process()
    let port: Int

    init(arguments: [String] = []) throws {
        process.executableURL = try evalbenchExecutable()
        process.arguments = ["serve", "--port", "0", "--threads", "2"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The server prints one line once it listens: "… listening on http://127.0.0.1:PORT".
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw TestFailure("evalbench serve exited before listening") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw TestFailure("evalbench serve said: \(text)")
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A misbehaving embedding server in this process: `reply` sees the request's number (from 0) and texts and says what
/// to answer. Vectors of well-behaved answers are `FakeServer.vector(for:)`.
final class FakeServer: @unchecked Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [:]
        var body: String
        var delay: Double = 0
    }

    private let lock = NSLock()
    private var count = 0
    private var task: Task<Void, Error>?
    private(set) var port = 0

    var requests: Int { lock.withLock { count } }

    /// Starts serving POST /v1/embeddings (OpenAI's shape) and POST /embed (TEI's) on a free loopback port.
    static func start(_ reply: @escaping @Sendable (Int, [String]) -> Reply) async throws -> FakeServer {
        let server = FakeServer()
        let router = Router()
        for path in ["v1/embeddings", "embed"] {
            router.post(RouterPath(stringLiteral: path)) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 24)
                let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
                let texts = (object["input"] ?? object["inputs"]) as? [String] ?? []
                let number = server.lock.withLock { server.count += 1; return server.count - 1 }
                let answer = reply(number, texts)
                if answer.delay > 0 { try await Task.sleep(for: .seconds(answer.delay)) }
                var headers = answer.headers
                headers[.contentType] = "application/json"
                return Response(status: answer.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
            }
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        server.task = Task { try await app.run() }
        for await port in ports {
            server.port = port
            break
        }
        return server
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() { task?.cancel() }

    /// A deterministic 4-dimensional vector per text.
    static func vector(for text: String) -> [Float] {
        let n = Float(text.count)
        return [1, n, n * n, 0.5]
    }

    /// OpenAI's answer for `texts`, with `transform` applied to each vector.
    static func openAI(_ texts: [String], transform: ([Float]) -> [Float] = { $0 }) -> String {
        let data = texts.enumerated().map { i, text in
            "{\"object\":\"embedding\",\"index\":\(i),\"embedding\":[\(transform(vector(for: text)).map { "\($0)" }.joined(separator: ","))]}"
        }
        return "{\"object\":\"list\",\"model\":\"fake\",\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0},\"data\":[\(data.joined(separator: ","))]}"
    }
}
