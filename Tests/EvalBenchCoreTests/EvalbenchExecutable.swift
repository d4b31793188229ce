import Foundation
@testable import EvalBenchCore

/// The `evalbench` command the package builds, run as a separate process.
enum EvalbenchExecutable {
    /// The built `evalbench`, beside the test bundle (Linux: the folder of the test runner; macOS: of the .xctest).
    /// Its children default to all-MiniLM-L6-v2 (`EVALBENCH_MODEL`), the model `make test` provisions, rather than
    /// EmbeddingGemma, which only `make run` downloads.
    static func url() throws -> URL {
        setenv("EVALBENCH_MODEL", "sentence-transformers/all-MiniLM-L6-v2", 0)
        let folders = [Bundle.main.bundleURL] + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            + [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for folder in folders {
            let candidate = folder.appendingPathComponent("evalbench")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw EvalBenchError("no evalbench executable beside the tests (looked in \(Set(folders.map(\.path)).sorted().joined(separator: ", "))); "
            + "build it with `swift build --product evalbench`")
    }

    /// This process's environment with `changes` made: a nil value removes the variable.
    static func inherited(changing changes: [String: String?]) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        for (name, value) in changes { variables[name] = value }
        return variables
    }

    /// Runs `evalbench` with `arguments` to the end: exit status, standard output and standard error. `environment`
    /// changes the inherited environment: a nil value removes the variable.
    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.environment = inherited(changing: environment)
        let (output, error) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let (out, err) = (output.fileHandleForReading.readDataToEndOfFile(), error.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
