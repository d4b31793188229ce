import Encoders
import Foundation
import Testing
@testable import EvalBenchCore

/// End to end on the real default model: one encode serves every dimension and precision, results land in
/// MTEB's layout, and the leaderboard reads them back.
@Suite(.serialized) struct RunnerTests {
    static let tasksFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tasks").standardizedFileURL

    func run(_ names: [String], dims: [Int], precisions: [Precision], output: URL, limit: Int? = nil,
             weights: WeightsVariant = .f32, cache: EmbeddingCache? = nil) throws -> (Runner, [TaskResult]) {
        let encoder = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: weights)
        let registry = try TaskRegistry(folder: Self.tasksFolder)
        let configuration = RunConfiguration(tasks: try names.map(registry.task(named:)), dimensions: dims, precisions: precisions,
                                             rescore: true, output: output, limit: limit, threads: 2)
        let runner = Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration,
                            cache: cache)
        return (runner, try runner.run())
    }

    @Test func everyVariantFromOneEncodeInMTEBLayout() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-results-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let (runner, results) = try run(["EvalBenchSTS", "EvalBenchRetrieval"], dims: [384, 128], precisions: [.float32, .int8, .binary], output: output, limit: 40)
        #expect(results.count == 12)
        // Each distinct text was encoded once: STS sentences + retrieval queries and documents.
        let loader = TaskLoader(registry: try TaskRegistry(folder: Self.tasksFolder), dataDirectory: nil)
        let pairs = try loader.load(loader.registry.task(named: "EvalBenchSTS"), kind: STSTask(options: .init()), split: "test").limited(to: 40).pairs
        let r = try loader.load(loader.registry.task(named: "EvalBenchRetrieval"), kind: RetrievalTask(options: .init()), split: "test").limited(to: 40)
        // all-MiniLM-L6-v2 has no prompts, so every role shares one store.
        let distinct = Set(pairs.flatMap { [$0.first, $0.second] } + r.queries.map(\.text) + r.corpus.map(\.text)).count
        #expect(runner.encodedTexts == distinct)
        let model = output.appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        let revision = try FileManager.default.contentsOfDirectory(atPath: model.path).first!
        let folder = model.appendingPathComponent(revision)
        for name in ["EvalBenchSTS.json", "EvalBenchRetrieval.json", "model_meta.json", "details/EvalBenchSTS.json",
                     "experiments/embed_dim_128__output_dtypes_binary/EvalBenchRetrieval.json",
                     "experiments/embed_dim_384__output_dtypes_int8/EvalBenchSTS.json", "experiments/embed_dim_384__output_dtypes_int8/model_meta.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        let file = try ResultFile.read(folder.appendingPathComponent("EvalBenchRetrieval.json"))
        let entry = try #require(file.scores["test"]?.first)
        #expect(entry.main_score == entry.metrics["ndcg_at_10"])
        #expect(entry.hf_subset == "default")
        #expect(file.evalbench.data_sha256.count == 64)
        #expect(file.evalbench.model.weights_sha256.count == 64)
        let int8 = try ResultFile.read(folder.appendingPathComponent("experiments/embed_dim_384__output_dtypes_int8/EvalBenchRetrieval.json"))
        #expect(int8.evalbench.notes.quantization?.calibration_source == "corpus documents of EvalBenchRetrieval")

        let leaderboard = try Leaderboard(root: output)
        #expect(leaderboard.rows.count == 6)
        #expect(leaderboard.tasks == ["EvalBenchRetrieval", "EvalBenchSTS"])
        #expect(leaderboard.rows.first { $0.dimension == 128 && $0.precision == "binary" }?.bytesPerVector == 16)
        #expect(leaderboard.markdown.contains("| 384 | float32 | 1536 |"))
        #expect(leaderboard.rows.allSatisfy { $0.weights == "f32" && $0.modelBytes == 90_261_504 && ($0.textsPerSecond ?? 0) > 0 })
    }

    /// Quantized weights are their own encode, written under experiments/…__weights_W, with their own
    /// leaderboard rows beside the f32 ones.
    @Test func weightsVariantsGetTheirOwnFoldersAndRows() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-results-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try run(["EvalBenchSTS"], dims: [384], precisions: [.float32], output: output, limit: 20)
        _ = try run(["EvalBenchSTS"], dims: [384, 128], precisions: [.float32], output: output, limit: 20, weights: WeightsVariant(.q8))
        let model = output.appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        let folder = model.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: model.path).first!)
        let q8 = folder.appendingPathComponent("experiments/embed_dim_384__output_dtypes_float32__weights_q8/EvalBenchSTS.json")
        let info = try ResultFile.read(q8).evalbench
        #expect(info.model.weights == "q8")
        #expect(info.model.quantized == ["linear layers"])
        #expect(info.model_bytes == 59_738_112)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("experiments/embed_dim_128__output_dtypes_float32__weights_q8/EvalBenchSTS.json").path))
        let leaderboard = try Leaderboard(root: output)
        #expect(leaderboard.rows.map(\.weights) == ["f32", "q8", "q8"])
        let (f32, q8Row) = (leaderboard.rows[0], leaderboard.rows[1])
        #expect(abs(f32.scores["EvalBenchSTS"]! - q8Row.scores["EvalBenchSTS"]!) < 0.05)
        // The q8 file holds q8's own evaluation, not a copy of f32's: Spearman over 20 pairs may keep every rank, but
        // Pearson moves with the similarities (0.004 apart on this machine; q8's quality has its own tests).
        func pearson(_ file: URL) throws -> Double { try #require(ResultFile.read(file).scores["test"]?.first?.metrics["cosine_pearson"] ?? nil) }
        let difference = abs(try pearson(folder.appendingPathComponent("EvalBenchSTS.json")) - pearson(q8))
        print("bound EvalBenchSTS q8 vs f32 (20 pairs): cosine_pearson difference \(difference) (bounds above 0, below 0.05)")
        #expect(difference > 0 && difference < 0.05)
    }
}
