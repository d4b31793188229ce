/// How the gate corrects the p-values of the rows of one call for their number: a gate of 27 rows, each tested
/// at 2.5%, would otherwise call about one row of an unchanged model a regression in every two runs.
public enum MultipleTestingCorrection: String, CaseIterable, Sendable {
    /// Holm's step-down method: controls the chance of any false regression (family-wise error rate).
    case holm
    /// Benjamini and Hochberg's step-up method: controls the expected share of false regressions among those called.
    case bh
    /// Each row on its own.
    case none

    /// The name the report prints.
    public var title: String {
        switch self {
        case .holm: return "Holm"
        case .bh: return "Benjamini-Hochberg"
        case .none: return "no correction"
        }
    }

    /// The adjusted p-values, in the order given; a row regresses when its adjusted p-value is at most α.
    /// Holm: the k-th smallest becomes max over j ≤ k of (m − j + 1)·p(j). Benjamini-Hochberg: min over j ≥ k of
    /// m·p(j)/j. Both capped at 1, as statsmodels' `multipletests` computes them.
    public func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = pValues
        switch self {
        case .none:
            break
        case .holm:
            var running = 0.0
            for (rank, index) in order.enumerated() {
                running = max(running, min(1, Double(m - rank) * pValues[index]))
                adjusted[index] = running
            }
        case .bh:
            var running = 1.0
            for (rank, index) in order.enumerated().reversed() {
                running = min(running, Double(m) * pValues[index] / Double(rank + 1))
                adjusted[index] = running
            }
        }
        return adjusted
    }
}
