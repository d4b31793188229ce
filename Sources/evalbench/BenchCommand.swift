import ArgumentParser
import Encoders
import EvalBenchCore
import Foundation
import Kernels

/// `evalbench bench`: encoder throughput on short and long texts, beside peers run on the same texts in the same
/// session (sentence-transformers on PyTorch, the model exported to ONNX Runtime in f32 and int8), with each
/// backend's per-text cosine to a reference.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure encoder throughput (texts/s, tokens/s) against PyTorch and ONNX Runtime peers.")

    @Option(help: "A sentence-transformers folder, or a Hugging Face id in the local cache.")
    var model = "sentence-transformers/all-MiniLM-L6-v2"

    @Option(help: "Thread counts to measure, comma-separated.")
    var threads = "1,2"

    @Option(name: .customLong("batch-size"), help: "Texts per forward pass, for every backend.")
    var batchSize = 32

    @Option(name: .customLong("data-dir"), help: "Folder with STSBenchmark/ and SciFact/ (the real benchmark data).")
    var dataDir = ProcessInfo.processInfo.environment["EVALBENCH_DATA"] ?? "../shared/data"

    @Option(help: "Python interpreter with the peers' packages (scripts/requirements.txt).")
    var python = ProcessInfo.processInfo.environment["EVALBENCH_PYTHON"] ?? "python3"

    @Option(help: "Peers, comma-separated: pytorch (sentence-transformers), onnx-fp32, onnx-int8 (ONNX Runtime).")
    var peers = BenchPeer.all.map(\.name).joined(separator: ",")

    @Option(name: .customLong("peer-scripts"), help: "The folder of the peer scripts.")
    var peerScripts = "scripts"

    @Option(help: "At most this many texts of each corpus, the first ones (a large model's quicker run).")
    var limit: Int?

    @Flag(name: .customLong("no-peer"), help: "Measure the native encoder only.")
    var noPeer = false

    @OptionGroup var weights: WeightsOptions

    func validate() throws {
        do { _ = try BenchPeer.list(peers) } catch { throw ValidationError("--peers: \(error)") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() throws {
        let threadCounts = threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !threadCounts.isEmpty, threadCounts.allSatisfy({ (1...1024).contains($0) }) else {
            throw ValidationError("--threads takes numbers from 1 to 1024, e.g. 1,2")
        }
        let chosenPeers = noPeer ? [] : try BenchPeer.list(peers)
        let variants = try weights.variants()
        let encoders = try variants.map { variant -> SentenceTransformer in
            let encoder = try SentenceTransformer(model, variant: variant)
            encoder.batchSize = batchSize
            return encoder
        }
        let first = encoders[0]
        let corpora = try BenchmarkCorpus.standard(dataDirectory: URL(fileURLWithPath: dataDir), limit: limit ?? .max, maxTokens: first.maxTokens)
        print("model \(first.identity.name) (\(first.identity.path)), batch size \(batchSize), max \(first.maxTokens) tokens")
        // f32 speed, and so every ratio to it, depends on which kernels OpenBLAS picked (OPENBLAS_CORETYPE overrides).
        let chosen = OpenBLASRestart.happened ? " (chosen by evalbench: OpenBLAS fell back to Prescott on this CPU)" : ""
        print("OpenBLAS kernels: \(BLAS.coreName)\(chosen); quantized kernels: \(QuantKernel.best.name); attention: \(AttentionKernel.best.name)")
        for encoder in encoders {
            let bytes = encoder.weightBytes ?? 0, baseline = first.weightBytes ?? bytes
            print("weights \(encoder.identity.weights): \(bytes) bytes in memory (\(String(format: "%.3f", Double(bytes) / Double(max(1, baseline))))× the first)")
        }
        print("native/peer: native speed over the fastest peer of the run (for f32 weights, the fastest f32 peer)")
        print(row(["corpus", "backend", "threads", "texts", "tokens", "seconds", "texts/s", "tokens/s", "native/peer"]))
        for corpus in corpora {
            let tokens = corpus.texts.reduce(0) { $0 + first.tokenize($1).count }
            let input = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-bench-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: input) }
            try (corpus.texts.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            for count in threadCounts {
                var ran: [(peer: BenchPeer, result: BenchPeer.Result)] = []
                for peer in chosenPeers {
                    do {
                        let result = try peer.run(input: input, python: python, scriptsDirectory: peerScripts,
                                                  modelPath: first.identity.path, threads: count, batchSize: batchSize)
                        ran.append((peer, result))
                        print(row([corpus.name, result.backend, "\(count)", "\(result.texts)", "\(result.tokens)", fmt(result.seconds),
                                   fmt(Double(result.texts) / result.seconds), fmt(Double(result.tokens) / result.seconds), ""]))
                    } catch {
                        print("    peer \(peer.name) unavailable: \(error)")
                    }
                }
                var embedded = ran.map { Embedded($0.result.backend, $0.result.embeddings) }
                var nativeF32: Embedded?
                var firstSeconds: Double?
                for (variant, encoder) in zip(variants, encoders) {
                    encoder.threads = count
                    _ = try encoder.embed(Array(corpus.texts.prefix(64)))
                    encoder.phaseTimer.reset()
                    let start = Date()
                    let embeddings = try encoder.embed(corpus.texts)
                    let native = Date().timeIntervalSince(start)
                    firstSeconds = firstSeconds ?? native
                    let name = "evalbench native \(encoder.identity.weights)"
                    embedded.append(Embedded(name, embeddings))
                    if variant.format == .f32 { nativeF32 = nativeF32 ?? Embedded(name, embeddings) }
                    let pace = ran.filter { variant.format != .f32 || $0.peer.isFullPrecision }.min { $0.result.seconds < $1.result.seconds }
                    let ratio = pace.map { String(format: "%.2f× %@", $0.result.seconds / native, $0.peer.name) } ?? "-"
                    print(row([corpus.name, name, "\(count)", "\(corpus.texts.count)", "\(tokens)",
                               fmt(native), fmt(Double(corpus.texts.count) / native), fmt(Double(tokens) / native), ratio]))
                    if encoder !== first { print(String(format: "    %@ / %@ speed: %.2f×", encoder.identity.weights, first.identity.weights, firstSeconds! / native)) }
                    print(profileLine(encoder.phaseTimer, total: native))
                }
                let pytorch = ran.first { $0.peer.name == "pytorch" }.map { Embedded($0.result.backend, $0.result.embeddings) }
                printCosines(embedded, pytorch: pytorch, nativeF32: nativeF32)
            }
        }
    }

    /// A backend's embeddings of a corpus, by the name its row shows.
    struct Embedded {
        let name: String
        let embeddings: EmbeddingMatrix
        init(_ name: String, _ embeddings: EmbeddingMatrix) { (self.name, self.embeddings) = (name, embeddings) }
    }

    /// Each backend's per-text cosine to the reference: the PyTorch peer's embeddings when it ran, else native f32's.
    func printCosines(_ backends: [Embedded], pytorch: Embedded?, nativeF32: Embedded?) {
        guard backends.count > 1 else { return }
        guard let reference = pytorch ?? nativeF32 else {
            print("    no cosines: neither the PyTorch peer nor native f32 weights ran")
            return
        }
        print("    per-text cosine to \(reference.name)" + (pytorch == nil ? " (the reference: the PyTorch peer did not run):" : " (the reference):"))
        for backend in backends where backend.name != reference.name {
            do {
                let agreement = try EmbeddingAgreement(reference.embeddings, backend.embeddings)
                print("      " + backend.name.padding(toLength: max(50, backend.name.count), withPad: " ", startingAt: 0)
                      + String(format: "worst %.6f, mean %.6f", agreement.minimumCosine, agreement.meanCosine))
            } catch {
                print("      \(backend.name): \(error)")
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

    func fmt(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }

    func row(_ cells: [String]) -> String {
        let widths = [44, 50, 8, 7, 9, 9, 9, 10, 11]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined()
    }
}
