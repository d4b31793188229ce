import Foundation

/// Clustering quality: V-measure (harmonic mean of homogeneity and completeness, natural-log entropies,
/// scikit-learn's conventions), and MTEB's protocol of mini-batch k-means with k = number of labels.
public enum ClusteringMetrics {
    public struct VMeasure: Equatable {
        public var homogeneity: Double
        public var completeness: Double
        public var vMeasure: Double
    }

    public static func vMeasure(labels: [Int], clusters: [Int]) throws -> VMeasure {
        guard labels.count == clusters.count else { throw MetricsError("\(labels.count) labels for \(clusters.count) cluster assignments") }
        guard !labels.isEmpty else { throw MetricsError("V-measure needs at least one item") }
        var joint: [Int: [Int: Double]] = [:], classCount: [Int: Double] = [:], clusterCount: [Int: Double] = [:]
        for (c, k) in zip(labels, clusters) {
            joint[c, default: [:]][k, default: 0] += 1
            classCount[c, default: 0] += 1
            clusterCount[k, default: 0] += 1
        }
        let n = Double(labels.count)
        func entropy(_ counts: [Int: Double]) -> Double { counts.values.reduce(0) { $0 - $1 / n * log($1 / n) } }
        let hC = entropy(classCount), hK = entropy(clusterCount)
        var hCgivenK = 0.0, hKgivenC = 0.0
        for (c, row) in joint {
            for (k, count) in row {
                hCgivenK -= count / n * log(count / clusterCount[k]!)
                hKgivenC -= count / n * log(count / classCount[c]!)
            }
        }
        let homogeneity = hC == 0 ? 1 : 1 - hCgivenK / hC
        let completeness = hK == 0 ? 1 : 1 - hKgivenC / hK
        let v = homogeneity + completeness == 0 ? 0 : 2 * homogeneity * completeness / (homogeneity + completeness)
        return VMeasure(homogeneity: homogeneity, completeness: completeness, vMeasure: v)
    }

    /// mteb's clustering evaluation: for each round, mini-batch k-means (k = the number of labels in the whole set,
    /// scikit-learn's `MiniBatchKMeans` with `random_state` = seed) on the round's rows (`rounds`: row indices, repeats
    /// allowed), then the V-measure of its clusters against their labels; scores are the mean and standard deviation.
    public static func evaluate(vectors: Vectors, labels: [String], rounds: [[Int]], batchSize: Int, seed: UInt64) throws -> (scores: [String: Double], perRound: [Double]) {
        guard labels.count == vectors.rows else { throw MetricsError("\(labels.count) labels for \(vectors.rows) texts") }
        let names = Array(Set(labels)).sorted()
        guard names.count >= 2 else { throw MetricsError("clustering needs at least 2 distinct labels, got \(names.count)") }
        guard !rounds.isEmpty, rounds.allSatisfy({ $0.count >= names.count }), rounds.joined().allSatisfy({ (0..<vectors.rows).contains($0) }) else {
            throw MetricsError("each clustering round needs at least \(names.count) of the \(vectors.rows) texts (one per cluster)")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let truth = labels.map { index[$0]! }
        let kmeans = MiniBatchKMeans(k: names.count, batchSize: batchSize, seed: seed)
        let perRound = try rounds.map { rows in
            let sample = try vectors.rows(rows)
            return try vMeasure(labels: rows.map { truth[$0] }, clusters: kmeans.fitPredict(sample)).vMeasure
        }
        let mean = perRound.reduce(0, +) / Double(perRound.count)
        let std = (perRound.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(perRound.count)).squareRoot()
        return (["v_measure": mean, "v_measure_std": std], perRound)
    }
}
