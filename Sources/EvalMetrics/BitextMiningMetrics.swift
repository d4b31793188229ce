/// Bitext mining scores as mteb 2.x computes them from each sentence1's nearest sentence2 (gold: row i of one side
/// translates row i of the other): scikit-learn's accuracy and support-weighted precision, recall and F1 over the gold
/// rows as classes (zero where undefined). Every gold class has support 1, so each weighted score is the mean over rows
/// of that row's class score; a row's precision and F1 count the other rows that wrongly chose it.
public enum BitextMiningMetrics {
    /// The scores, with the per-item detail the regression gate resamples.
    public struct Result {
        public var scores: [String: Double]
        /// Per row: its class's accuracy (hit or not), precision, recall and F1, whose means are `scores`.
        public var perRow: [[String: Double]]
    }

    /// `predicted[i]` is the row of the second side nearest to row i of the first.
    public static func evaluate(predicted: [Int]) throws -> Result {
        guard !predicted.isEmpty else { throw MetricsError("bitext mining needs at least one pair") }
        var chosen = [Int](repeating: 0, count: predicted.count)
        for j in predicted {
            guard chosen.indices.contains(j) else { throw MetricsError("prediction \(j) is not a row of the \(predicted.count) pairs") }
            chosen[j] += 1
        }
        let perRow = predicted.enumerated().map { i, j -> [String: Double] in
            let hit = i == j ? 1.0 : 0.0
            let precision = hit / Double(max(chosen[i], 1))
            let f1 = hit == 0 ? 0 : 2 * precision / (precision + 1)
            return ["accuracy": hit, "precision": precision, "recall": hit, "f1": f1]
        }
        var scores: [String: Double] = [:]
        for key in perRow[0].keys { scores[key] = perRow.reduce(0) { $0 + $1[key]! } / Double(perRow.count) }
        return Result(scores: scores, perRow: perRow)
    }
}
