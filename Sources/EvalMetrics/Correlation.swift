import Foundation

/// Pearson and Spearman correlation (Spearman with average ranks for ties, as scipy computes it).
public enum Correlation {
    public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else { throw MetricsError("correlation needs equal lengths, got \(x.count) and \(y.count)") }
        guard x.count >= 2 else { throw MetricsError("correlation needs at least 2 values, got \(x.count)") }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else { throw MetricsError("correlation needs equal lengths, got \(x.count) and \(y.count)") }
        return try pearson(averageRanks(x), averageRanks(y))
    }

    /// 1-based ranks; tied values share the mean of their ranks.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for i in start...end { ranks[order[i]] = rank }
            start = end + 1
        }
        return ranks
    }
}
