import Foundation
import Testing
@testable import EvalMetrics

@Suite struct RetrievalHandTests {
    func score(_ run: [String: Double], _ qrels: [String: Int], _ key: String, k: [Int] = [1, 3, 5, 10]) throws -> Double {
        try RetrievalMetrics.evaluate(run: ["q": run], qrels: ["q": qrels], kValues: k).scores[key]!
    }

    @Test func oneRelevantDocumentAtRankTwo() throws {
        #expect(abs(try score(["a": 0.9, "b": 0.8, "c": 0.1], ["b": 1], "ndcg_at_10") - 0.6309) < 1e-4)
        #expect(try score(["a": 0.9, "b": 0.8, "c": 0.1], ["b": 1], "mrr_at_10") == 0.5)
        #expect(try score(["a": 0.9, "b": 0.8, "c": 0.1], ["b": 1], "mrr_at_1") == 0)
    }

    @Test func gradedGainIsLinear() throws {
        // {a: 2, b: 1} ranked b, a: DCG = 1 + 2/log2(3), IDCG = 2 + 1/log2(3).
        #expect(abs(try score(["b": 0.9, "a": 0.5], ["a": 2, "b": 1], "ndcg_at_10") - 0.8597) < 1e-4)
    }

    @Test func mapDividesByAllRelevant() throws {
        #expect(abs(try score(["a": 0.9, "x": 0.5], ["a": 1, "b": 1, "c": 1], "map_at_1") - 1.0 / 3) < 1e-9)
    }

    @Test func precisionCountsMissingRanks() throws {
        #expect(try score(["a": 0.9], ["a": 1], "precision_at_5", k: [5]) == 0.2)
        #expect(try score(["a": 0.9], ["a": 1], "recall_at_5", k: [5]) == 1)
        #expect(try score(["x": 0.9, "a": 0.1], ["a": 1], "hit_rate_at_1", k: [1]) == 0)
    }

    @Test func tiesGoToTheLargerDocumentID() throws {
        #expect(RetrievalMetrics.ranked(["a": 0.5, "c": 0.5, "b": 0.7, "d": 0.1]) == ["b", "c", "a", "d"])
        #expect(try score(["a": 0.5, "c": 0.5], ["a": 1], "mrr_at_10") == 0.5)
    }

    @Test func zeroGradeIsJudgedNotRelevant() throws {
        #expect(try score(["a": 0.9, "b": 0.5], ["a": 0, "b": 1], "precision_at_1", k: [1]) == 0)
    }

    @Test func unjudgedRunIsAnError() {
        #expect(throws: MetricsError("no query of the run has relevance judgements")) {
            try RetrievalMetrics.evaluate(run: ["q": ["a": 1]], qrels: ["other": ["a": 1]])
        }
    }
}

@Suite struct CorrelationHandTests {
    @Test func averageRanksForTies() {
        #expect(Correlation.averageRanks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func spearmanOfAMonotoneMapIsOne() throws {
        #expect(abs(try Correlation.spearman([1, 2, 3, 4], [1, 4, 9, 16]) - 1) < 1e-12)
        #expect(abs(try Correlation.pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
    }

    @Test func mismatchedLengths() {
        #expect(throws: MetricsError("correlation needs equal lengths, got 2 and 3")) { try Correlation.spearman([1, 2], [1, 2, 3]) }
    }
}

@Suite struct ClusteringHandTests {
    @Test func perfectAndIndependentClusterings() throws {
        #expect(try ClusteringMetrics.vMeasure(labels: [0, 0, 1, 1], clusters: [1, 1, 0, 0]).vMeasure == 1)
        // One cluster for everything: homogeneity 0, completeness 1, V = 0.
        let one = try ClusteringMetrics.vMeasure(labels: [0, 0, 1, 1], clusters: [0, 0, 0, 0])
        #expect(one.homogeneity == 0 && one.completeness == 1 && one.vMeasure == 0)
        // A single class: homogeneity 1 by convention.
        #expect(try ClusteringMetrics.vMeasure(labels: [3, 3, 3], clusters: [0, 1, 1]).homogeneity == 1)
    }

    @Test func needsTwoLabels() throws {
        let v = try Vectors(rows: 2, dimension: 1, values: [0, 1])
        #expect(throws: MetricsError("clustering needs at least 2 distinct labels, got 1")) {
            try ClusteringMetrics.evaluate(vectors: v, labels: ["a", "a"], rounds: [[0, 1]], batchSize: 2, seed: 1)
        }
    }
}

@Suite struct PairAndClassificationHandTests {
    @Test func averagePrecisionWithTies() {
        // scores [0.9, 0.8, 0.8, 0.1], labels [1, 0, 1, 0]: P@1 = 1 (R 0.5), the tie block adds R 0.5 at P 2/3.
        #expect(abs(PairClassificationMetrics.averagePrecision([0.9, 0.8, 0.8, 0.1], [1, 0, 1, 0]) - (0.5 + 0.5 * 2 / 3)) < 1e-12)
    }

    @Test func bestAccuracyThresholdSeparates() {
        let best = PairClassificationMetrics.bestAccuracy([0.9, 0.7, 0.4, 0.2], [1, 1, 0, 0])
        #expect(best.accuracy == 1 && abs(best.threshold - 0.55) < 1e-12)
    }

    @Test func classificationScoresFollowScikitLearn() {
        // truth [0,0,1,1,2], predicted [0,1,1,1,0]: per-class P = [1/2, 2/3, 0], R = [1/2, 1, 0].
        let s = ClassificationMetrics.scores(truth: [0, 0, 1, 1, 2], predicted: [0, 1, 1, 1, 0], classes: 3)
        #expect(s["accuracy"] == 0.6)
        #expect(abs(s["precision"]! - (0.5 + 2.0 / 3) / 3) < 1e-12)
        #expect(abs(s["recall"]! - 0.5) < 1e-12)
        #expect(abs(s["f1"]! - (0.5 + 0.8) / 3) < 1e-12)
        #expect(abs(s["f1_weighted"]! - (0.5 * 2 + 0.8 * 2) / 5) < 1e-12)
    }

    @Test func labelCountMismatch() throws {
        let v = try Vectors(rows: 2, dimension: 1, values: [0, 1])
        #expect(throws: MetricsError("labels and vectors differ in number: 1 for 2 training, 2 for 2 test vectors")) {
            try ClassificationMetrics.evaluate(train: v, trainLabels: ["a"], experiments: [[0]], test: v, testLabels: ["a", "b"])
        }
        #expect(throws: MetricsError("3 values do not make 2 vectors of dimension 2")) { try Vectors(rows: 2, dimension: 2, values: [1, 2, 3]) }
    }
}
