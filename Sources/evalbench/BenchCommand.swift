import ArgumentParser
import Encoders
import EvalBenchCore
import Foundation
import Kernels

/// `evalbench bench`: encoder throughput on short and long texts, beside sentence-transformers (PyTorch)
/// run on the same texts in the same session.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure encoder throughput (texts/s, tokens/s) against sentence-transformers on PyTorch.")

    @Option(help: "A sentence-transformers folder, or a Hugging Face id in the local cache.")
    var model = "sentence-transformers/all-MiniLM-L6-v2"

    @Option(help: "Thread counts to measure, comma-separated.")
    var threads = "1,2"

    @Option(name: .customLong("batch-size"), help: "Texts per forward pass, for both backends.")
    var batchSize = 32

    @Option(name: .customLong("data-dir"), help: "Folder with STSBenchmark/ and SciFact/ (the real benchmark data).")
    var dataDir = ProcessInfo.processInfo.environment["EVALBENCH_DATA"] ?? "../shared/data"

    @Option(help: "Python interpreter with sentence-transformers and torch, for the peer.")
    var python = ProcessInfo.processInfo.environment["EVALBENCH_PYTHON"] ?? "python3"

    @Option(name: .customLong("peer-script"), help: "The PyTorch peer script.")
    var peerScript = "scripts/bench_sentence_transformers.py"

    @Flag(name: .customLong("no-peer"), help: "Measure the native encoder only.")
    var noPeer = false

    @OptionGroup var weights: WeightsOptions

    func run() throws {
        let threadCounts = threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !threadCounts.isEmpty, threadCounts.allSatisfy({ (1...1024).contains($0) }) else {
            throw ValidationError("--threads takes numbers from 1 to 1024, e.g. 1,2")
        }
        let variants = try weights.variants()
        let corpora = try BenchmarkCorpus.standard(dataDirectory: URL(fileURLWithPath: dataDir))
        let encoders = try variants.map { variant -> SentenceTransformer in
            let encoder = try SentenceTransformer(model, variant: variant)
            encoder.batchSize = batchSize
            return encoder
        }
        let first = encoders[0]
        print("model \(first.identity.name) (\(first.identity.path)), batch size \(batchSize), max \(first.maxTokens) tokens")
        // f32 speed, and so every ratio to it, depends on which kernels OpenBLAS picked (OPENBLAS_CORETYPE overrides).
        let chosen = OpenBLASRestart.happened ? " (chosen by evalbench: OpenBLAS fell back to Prescott on this CPU)" : ""
        print("OpenBLAS kernels: \(BLAS.coreName)\(chosen); quantized kernels: \(QuantKernel.best.name)")
        for encoder in encoders {
            let bytes = encoder.weightBytes ?? 0, baseline = first.weightBytes ?? bytes
            print("weights \(encoder.identity.weights): \(bytes) bytes in memory (\(String(format: "%.3f", Double(bytes) / Double(max(1, baseline))))× the first)")
        }
        print(row(["corpus", "backend", "threads", "texts", "tokens", "seconds", "texts/s", "tokens/s", "native/peer"]))
        for corpus in corpora {
            let tokens = corpus.texts.reduce(0) { $0 + first.tokenize($1).count }
            for count in threadCounts {
                let peer = noPeer ? nil : runPeer(corpus, threads: count, modelPath: first.identity.path)
                if let peer {
                    print(row([corpus.name, peer.backend, "\(count)", "\(peer.texts)", "\(peer.tokens)", fmt(peer.seconds),
                               fmt(Double(peer.texts) / peer.seconds), fmt(Double(peer.tokens) / peer.seconds), ""]))
                }
                var firstSeconds: Double?
                for encoder in encoders {
                    encoder.threads = count
                    _ = try encoder.embed(Array(corpus.texts.prefix(64)))
                    encoder.phaseTimer.reset()
                    let start = Date()
                    _ = try encoder.embed(corpus.texts)
                    let native = Date().timeIntervalSince(start)
                    firstSeconds = firstSeconds ?? native
                    let ratio = peer.map { String(format: "%.2f×", $0.seconds / native) } ?? "-"
                    print(row([corpus.name, "evalbench native \(encoder.identity.weights)", "\(count)", "\(corpus.texts.count)", "\(tokens)",
                               fmt(native), fmt(Double(corpus.texts.count) / native), fmt(Double(tokens) / native), ratio]))
                    if encoder !== first { print(String(format: "    %@ / %@ speed: %.2f×", encoder.identity.weights, first.identity.weights, firstSeconds! / native)) }
                    print(profileLine(encoder.phaseTimer, total: native))
                }
            }
        }
    }

    /// Where the native encoder's time went: share per phase and GFLOP/s of the matrix products.
    func profileLine(_ timer: PhaseTimer, total: Double) -> String {
        let phases = timer.seconds.sorted { $0.value > $1.value }.map { name, seconds -> String in
            let rate = (timer.flops[name] ?? 0) > 0 ? String(format: ", %.1f GFLOP/s", timer.flops[name]! / seconds / 1e9) : ""
            return "\(name) \(String(format: "%.0f%%", 100 * seconds / total))\(rate)"
        }
        return "    native time: " + phases.joined(separator: "; ")
    }

    struct PeerResult: Decodable {
        var backend: String
        var texts: Int
        var tokens: Int
        var seconds: Double
    }

    func runPeer(_ corpus: BenchmarkCorpus, threads: Int, modelPath: String) -> PeerResult? {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-bench-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: input) }
        do {
            try (corpus.texts.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, peerScript, "--model", modelPath, "--input", input.path,
                                 "--threads", "\(threads)", "--batch-size", "\(batchSize)"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
                print("    peer unavailable: \(python) \(peerScript) exited with \(process.terminationStatus) (pip install -r scripts/requirements.txt)")
                return nil
            }
            return try JSONDecoder().decode(PeerResult.self, from: Data(line.utf8))
        } catch {
            print("    peer unavailable: \(error)")
            return nil
        }
    }

    func fmt(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }

    func row(_ cells: [String]) -> String {
        let widths = [44, 36, 8, 7, 9, 9, 9, 10, 11]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined()
    }
}
