import EvalBenchCore
import Foundation
import Kernels

/// A peer of `evalbench bench`: another implementation of the same model, timed by a Python script in the
/// scripts folder over the same texts, which prints one JSON line and writes its embeddings for the cosine check.
struct BenchPeer {
    /// The name `--peers` takes.
    let name: String
    let script: String
    let arguments: [String]
    /// Whether it computes in f32: only such peers set the pace for native f32 weights.
    let isFullPrecision: Bool

    static let all = [
        BenchPeer(name: "pytorch", script: "bench_sentence_transformers.py", arguments: [], isFullPrecision: true),
        BenchPeer(name: "onnx-fp32", script: "bench_onnxruntime.py", arguments: ["--variant", "fp32"], isFullPrecision: true),
        BenchPeer(name: "onnx-int8", script: "bench_onnxruntime.py", arguments: ["--variant", "int8"], isFullPrecision: false),
    ]

    /// Peers by name, comma-separated, in the order given.
    static func list(_ names: String) throws -> [BenchPeer] {
        try names.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let peer = all.first(where: { $0.name == name }) else {
                throw EvalBenchError("unknown peer \(name); the peers are \(all.map(\.name).joined(separator: ", "))")
            }
            return peer
        }
    }

    /// The JSON line a peer script prints, and the embeddings it wrote.
    struct Result: Decodable {
        var backend: String
        var texts: Int
        var tokens: Int
        var seconds: Double
        var dimension: Int
        var embeddings = EmbeddingMatrix(rows: 0, dimension: 0)

        enum CodingKeys: String, CodingKey { case backend, texts, tokens, seconds, dimension }

        /// The last line of a script's stdout.
        static func parse(_ stdout: Data) throws -> Result {
            guard let line = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last else {
                throw EvalBenchError("it printed nothing on stdout")
            }
            return try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        }
    }

    /// Runs the script on `input` (one text per line). Throws a one-line reason when the peer is unavailable:
    /// the interpreter or a module missing, or the script failing.
    func run(input: URL, python: String, scriptsDirectory: String, modelPath: String, threads: Int, batchSize: Int) throws -> Result {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-peer-\(UUID().uuidString)")
        let embeddingsFile = temporary.appendingPathExtension("f32"), stderrFile = temporary.appendingPathExtension("log")
        defer {
            try? FileManager.default.removeItem(at: embeddingsFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        let scriptPath = URL(fileURLWithPath: scriptsDirectory).appendingPathComponent(script).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, scriptPath, "--model", modelPath, "--input", input.path, "--threads", "\(threads)",
                             "--batch-size", "\(batchSize)", "--embeddings-out", embeddingsFile.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        // A file, not a pipe: the export and library logs may fill a pipe nobody reads until stdout ends.
        guard FileManager.default.createFile(atPath: stderrFile.path, contents: nil) else {
            throw EvalBenchError("cannot create \(stderrFile.path)")
        }
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            let last = log.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "no message"
            throw EvalBenchError("\(python) \(scriptPath) exited with \(process.terminationStatus): \(last) "
                + "(pip install -r scripts/requirements.txt)")
        }
        var result = try Result.parse(stdout)
        result.embeddings = try Self.readEmbeddings(embeddingsFile, rows: result.texts, dimension: result.dimension)
        return result
    }

    /// Raw little-endian float32, rows × dimension, as the scripts' --embeddings-out writes them.
    static func readEmbeddings(_ file: URL, rows: Int, dimension: Int) throws -> EmbeddingMatrix {
        guard (0...(1 << 26)).contains(rows), (1...(1 << 16)).contains(dimension) else {
            throw EvalBenchError("the peer reported \(rows) texts of dimension \(dimension), outside what a bench run holds")
        }
        let data = try Data(contentsOf: file)
        guard data.count == rows * dimension * 4 else {
            throw EvalBenchError("\(file.path) holds \(data.count) bytes, not \(rows) × \(dimension) float32")
        }
        let values = data.withUnsafeBytes { raw in
            (0..<rows * dimension).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return EmbeddingMatrix(rows: rows, dimension: dimension, values: values)
    }
}
