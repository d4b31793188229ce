import Testing
import Kernels
@testable import EvalBenchCore

/// Reranking candidates as mteb 2.x builds them from positive and negative lists.
@Suite struct RerankingTaskTests {
    /// A text listed both as a positive and as a negative (ten queries of BIRCO's ArguAna do) is two candidates, one
    /// relevant and one not, as in mteb; named `apositive_…` and `negative_…`, the tied pair ranks the negative copy
    /// first (trec_eval orders ties by document id, descending), so MAP is (1/2 + 2/4) / 2 = 0.5, not 0.75.
    @Test func aTextBothPositiveAndNegativeIsTwoCandidates() throws {
        let task = RerankingTask(options: .init())
        let examples = RerankingTask.Examples(queries: [.init(query: "q", positive: ["p", "n"], negative: ["x", "n"])])
        let documents = EmbeddingMatrix(rows: 4, dimension: 2, values: [0, 1, 1, 0, 0.6, 0.8, 1, 0])
        let embeddings = RoleEmbeddings(byRole: [.query: EmbeddingMatrix(rows: 1, dimension: 2, values: [1, 0]), .document: documents])
        let context = EvaluationContext(taskName: "R", similarity: .cosine, threads: 1)
        let outcome = try task.evaluate(examples, embeddings: embeddings, precision: .float32, context: context)
        #expect(abs(outcome.scores["map_at_1000"]! - 0.5) < 1e-12)
        #expect(abs(outcome.scores["mrr_at_10"]! - 0.5) < 1e-12)
    }
}
