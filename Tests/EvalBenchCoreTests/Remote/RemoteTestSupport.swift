import EvalBenchCore
import Foundation
import Kernels

/// Runs blocking work (the remote encoder's synchronous HTTP calls) on a thread of its own, so it never holds one
/// of the few pool threads that an in-process server and URLSession answer on.
func offloaded<T>(_ work: @escaping () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A server started as a child process that prints one line once it listens, ending in its port; stopped when
/// released. In a process of its own, the tests' load cannot delay its answers.
final class ServerProcess {
    let process = Process()
    let port: Int

    init(_ executable: URL, _ arguments: [String], environment: [String: String?] = [:]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = EvalbenchExecutable.inherited(changing: environment)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw EvalBenchError("\(executable.lastPathComponent) exited before listening") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw EvalBenchError("\(executable.lastPathComponent) said: \(text)")
        }
        self.port = port
    }

    /// `evalbench serve` on a free loopback port ("… listening on http://127.0.0.1:PORT"), its f32 products on the
    /// OpenBLAS kernels of this test process, so that its embeddings can equal the in-process encoder's bit for bit.
    static func serve(_ arguments: [String] = []) throws -> ServerProcess {
        try ServerProcess(EvalbenchExecutable.url(), ["serve", "--port", "0", "--threads", "2"] + arguments,
                          environment: ["OPENBLAS_CORETYPE": BLAS.coreName])
    }

    /// The misbehaving server of FakeServer/fake_embedding_server.py, answering as `fault` says.
    static func fake(_ fault: String) throws -> ServerProcess {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FakeServer/fake_embedding_server.py")
        return try ServerProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, fault])
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Embedding requests the fake server has received.
    var requests: Int { (try? String(contentsOf: URL(string: url + "/count")!, encoding: .utf8)).flatMap { Int($0) } ?? -1 }

    deinit {
        // SIGKILL: a child of the test runner may inherit SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The fake server's vector for `text`.
func fakeVector(_ text: String) -> [Float] {
    let n = Float(text.count)
    return [1, n, n * n, 0.5]
}
