import Foundation
import Testing
@testable import EvalBenchCore

/// Rank (Borda) as mteb's leaderboard computes it (mteb/benchmarks/_benchmark_metrics.py): average ranks within a
/// task, (rows − rank) points, nothing for a missing task, totals ranked with ties sharing the best rank.
struct BordaRankTests {
    func row(_ model: String, _ scores: [String: Double]) -> Leaderboard.Row {
        Leaderboard.Row(model: model, revision: "r", backend: "native", weights: "f32", dimension: 8, precision: "float32", scores: scores)
    }

    @Test func tiesShareTheMeanRankAndAMissingTaskEarnsNothing() {
        // A: 0.5, 0.5, 0.4 → ranks 1.5, 1.5, 3 → points 1.5, 1.5, 0. B: 0.9, 0.8, – → ranks 1, 2 → points 2, 1, 0.
        let rows = Leaderboard.bordaRanked([row("x", ["A": 0.5, "B": 0.9]), row("y", ["A": 0.5, "B": 0.8]), row("z", ["A": 0.4])], tasks: ["A", "B"])
        #expect(rows.map(\.bordaRank) == [1, 2, 3])
    }

    @Test func equalTotalsShareTheBestRankAndTheNextIsSkipped() {
        // A: x best, y second; B: y best, x second; z last in both → totals 3, 3, 0 → ranks 1, 1, 3.
        let rows = Leaderboard.bordaRanked([row("x", ["A": 0.9, "B": 0.5]), row("y", ["A": 0.8, "B": 0.6]), row("z", ["A": 0.1, "B": 0.1])], tasks: ["A", "B"])
        #expect(rows.map(\.bordaRank) == [1, 1, 3])
    }
}
