import Encoders
import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// `evalbench compare`'s core: agreement statistics checked by hand and against NumPy's percentile, and a real
/// comparison of all-MiniLM-L6-v2 in f32 with itself and with q8 weights.
@Suite(.serialized) struct BackendComparisonTests {
    @Test func agreementStatistics() throws {
        let a = EmbeddingMatrix(rows: 3, dimension: 2, values: [1, 0, 0, 1, 3, 4])
        let b = EmbeddingMatrix(rows: 3, dimension: 2, values: [1, 0, 1, 1, -3, -4])
        let agreement = try EmbeddingAgreement(a, b)
        #expect(agreement.texts == 3)
        #expect(agreement.minimumCosine == -1)
        #expect(abs(agreement.meanCosine - (1 + 0.5.squareRoot() - 1) / 3) < 1e-12)
        // numpy.percentile([-1, 0.70710678, 1], 1) = -0.9658578643762691
        #expect(abs(agreement.firstPercentileCosine - -0.9658578643762691) < 1e-12)
        #expect(EmbeddingAgreement.percentile([5], 1) == 5)
        #expect(EmbeddingAgreement.cosine([0, 0], [0, 0]) == 1 && EmbeddingAgreement.cosine([0, 0], [1, 0]) == 0)
        #expect(throws: EvalBenchError.self) { try EmbeddingAgreement(a, EmbeddingMatrix(rows: 2, dimension: 2, values: [1, 0, 0, 1])) }
        let overlap = EmbeddingAgreement.topKOverlap(["q1": ["a": 1, "b": 1], "q2": ["c": 1]], ["q1": ["a": 1, "x": 1], "q2": ["c": 1]], k: 10)
        #expect(abs(overlap - (0.5 + 1) / 2) < 1e-12)
    }

    @Test func nativeWeightsVariantsSideBySide() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-compare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let registry = try TaskRegistry(folder: RunnerTests.tasksFolder)
        let configuration = RunConfiguration(tasks: try ["EvalBenchRetrieval", "EvalBenchSTS"].map(registry.task(named:)), dimensions: [384, 128],
                                             precisions: [.float32], rescore: false, output: output, limit: 30, threads: 2)
        let f32 = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
        let backends: [BackendComparison.Backend] = [
            .init(label: "native", encoder: f32), .init(label: "again", encoder: f32),
            .init(label: "native q8", encoder: try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: WeightsVariant(.q8))),
        ]
        let comparison = try BackendComparison(backends: backends, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration)
        let report = try comparison.run()

        #expect(report.tasks.map(\.task) == ["EvalBenchRetrieval", "EvalBenchSTS"])
        for task in report.tasks {
            #expect(task.scores.count == 2)
            // The same encoder twice gives the same score; q8 stays close. The q8 bounds are looser than
            // QuantizedWeightsTests' per-kernel ones (worst cosine ≥ 0.992 on AVX2's 7-bit path, 0.995 on VNNI): this test
            // checks that compare reports them, not q8's quality.
            for row in task.scores {
                #expect(row.scores[0] != nil && row.scores[0] == row.scores[1])
                print("bound compare \(task.task) dim \(row.dimension) q8 vs f32: score difference \(abs(row.scores[2]! - row.scores[0]!)) (bound 0.05)")
                #expect(abs(row.scores[2]! - row.scores[0]!) < 0.05)
            }
            for row in task.agreement where row.backend == "again" { #expect(row.agreement.minimumCosine > 0.999999) }
            for row in task.agreement where row.backend == "native q8" {
                print("bound compare \(task.task) \(row.role) q8 vs f32: minimum cosine \(row.agreement.minimumCosine) (bound 0.99), mean \(row.agreement.meanCosine) (bound 0.998)")
                #expect(row.agreement.minimumCosine > 0.99 && row.agreement.meanCosine > 0.998)
                #expect(row.agreement.firstPercentileCosine >= row.agreement.minimumCosine)
            }
        }
        let retrieval = report.tasks[0]
        #expect(Set(retrieval.agreement.map(\.role)) == ["query", "document"])
        #expect(retrieval.top10Overlap["again"] == 1)
        print("bound compare q8 vs f32: top-10 overlap \(retrieval.top10Overlap["native q8"] ?? 0) (bound 0.8)")
        #expect((retrieval.top10Overlap["native q8"] ?? 0) > 0.8)
        #expect(report.tasks[1].top10Overlap.isEmpty)
        #expect(report.backends.allSatisfy { $0.encodedTexts > 0 && ($0.textsPerSecond ?? 0) > 0 })
        // Each backend's results are written as a run writes them, in its own folder.
        let model = comparison.resultsFolder(of: "native q8").appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        #expect(FileManager.default.fileExists(atPath: model.path))
        #expect(report.markdown.contains("| EvalBenchSTS | test | 128 | float32 | cosine_spearman |"))
        let json = try JSONSerialization.jsonObject(with: report.json) as! [String: Any]
        #expect((json["backends"] as! [[String: Any]]).count == 3)
        #expect(throws: EvalBenchError.self) {
            try BackendComparison(backends: [backends[0], backends[0]], loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration)
        }
    }
}
