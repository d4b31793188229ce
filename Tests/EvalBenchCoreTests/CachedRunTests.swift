import Encoders
import Foundation
import Testing
@testable import EvalBenchCore

/// Runs with an embedding cache on the real default model: a second run encodes nothing and scores the same,
/// another weights variant encodes everything again.
@Suite(.serialized) struct CachedRunTests {
    static let tasks = ["EvalBenchSTS", "EvalBenchPairClassification"]

    func run(cache: URL, output: URL, weights: WeightsVariant = .f32) throws -> (Runner, [TaskResult]) {
        try RunnerTests().run(Self.tasks, dims: [384, 128], precisions: [.float32, .int8], output: output, limit: 20, weights: weights,
                              cache: try EmbeddingCache(directory: cache))
    }

    /// Each result's main score by (task, dimension, precision).
    func scores(_ results: [TaskResult]) -> [String: [String: Double]] {
        Dictionary(uniqueKeysWithValues: results.map { ("\($0.task.name) \($0.dimension) \($0.precision.rawValue)", $0.scores) })
    }

    @Test func secondRunEncodesNothingAndScoresTheSame() throws {
        let (cache, output) = (TemporaryFolder("cache"), TemporaryFolder("results"))
        defer { cache.remove(); output.remove() }
        let (first, firstResults) = try run(cache: cache.url, output: output.url)
        #expect(first.encodedTexts > 0 && first.reusedTexts == 0)
        let (second, secondResults) = try run(cache: cache.url, output: output.url)
        #expect(second.encodedTexts == 0)
        #expect(second.reusedTexts == first.encodedTexts)
        #expect(scores(secondResults) == scores(firstResults))
        #expect(secondResults.allSatisfy { $0.encodedTexts == 0 })

        // The result file records both counts.
        let info = try WrittenResult.sts(under: output.url).evalbench
        #expect(info.encoded_texts == 0)
        #expect(info.reused_texts == secondResults.first { $0.task.name == "EvalBenchSTS" }!.reusedTexts)
        #expect(info.reused_texts > 0)
    }

    @Test func anotherWeightsVariantEncodesEverythingAgain() throws {
        let (cache, output) = (TemporaryFolder("cache"), TemporaryFolder("results"))
        defer { cache.remove(); output.remove() }
        let (f32, _) = try run(cache: cache.url, output: output.url)
        let (q8, _) = try run(cache: cache.url, output: output.url, weights: WeightsVariant(.q8))
        #expect(q8.encodedTexts == f32.encodedTexts && q8.reusedTexts == 0)
        let stats = try EmbeddingCache(directory: cache.url).stats()
        #expect(stats.models.map(\.label).sorted() == ["sentence-transformers/all-MiniLM-L6-v2 f32", "sentence-transformers/all-MiniLM-L6-v2 q8"])
        #expect(stats.models.allSatisfy { $0.embeddings == f32.encodedTexts })
    }
}
