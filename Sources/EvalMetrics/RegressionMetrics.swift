/// Regression scores as mteb 2.x's AbsTaskRegression computes them from gold values and predictions: scikit-learn's
/// mean absolute and squared error, its root, R² (1 or 0 when the gold values are constant, as `force_finite` has it),
/// and scipy's Kendall tau-b.
public enum RegressionMetrics {
    public static func scores(gold: [Double], predicted: [Double]) throws -> [String: Double] {
        guard gold.count == predicted.count, !gold.isEmpty else { throw MetricsError("\(gold.count) gold values for \(predicted.count) predictions") }
        let n = Double(gold.count)
        let mse = zip(gold, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / n
        let mae = zip(gold, predicted).reduce(0) { $0 + abs($1.0 - $1.1) } / n
        let mean = gold.reduce(0, +) / n
        let total = gold.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r2 = total > 0 ? 1 - mse * n / total : (mse == 0 ? 1 : 0)
        return ["mae": mae, "mse": mse, "rmse": mse.squareRoot(), "r2": r2, "kendalltau": try kendallTauB(gold, predicted)]
    }

    /// Kendall's tau-b: (concordant − discordant) / √((pairs − pairs tied in x)(pairs − pairs tied in y)), over all
    /// pairs (quadratic, fine for evaluation splits); an error when either side is constant, where it is undefined.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) throws -> Double {
        var (concordant, discordant, tiedX, tiedY, pairs) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for i in x.indices {
            for j in (i + 1)..<x.count {
                let (dx, dy) = (x[i] - x[j], y[i] - y[j])
                pairs += 1
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx != 0, dy != 0 { if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 } }
            }
        }
        guard pairs > tiedX, pairs > tiedY else { throw MetricsError("Kendall's tau is undefined: the gold values or the predictions are all equal") }
        return (concordant - discordant) / ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
    }
}
