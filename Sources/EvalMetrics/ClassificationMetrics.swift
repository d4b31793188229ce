/// MTEB's classification protocol: per experiment, undersample the training set to `samplesPerLabel`
/// examples per label from a seeded shuffle (NumPy's RandomState, the index order re-shuffled each
/// experiment, as MTEB does), fit logistic regression, and
/// score the whole test split: accuracy (main), macro F1 / precision / recall, weighted F1, and average
/// precision for two labels. Scores are averaged over experiments; each experiment's are kept.
public enum ClassificationMetrics {
    public struct Result {
        public var scores: [String: Double]
        public var perExperiment: [[String: Double]]
    }

    public static func evaluate(train: Vectors, trainLabels: [String], test: Vectors, testLabels: [String],
                                samplesPerLabel: Int = 8, experiments: Int = 10, seed: UInt64 = 42) throws -> Result {
        guard train.rows == trainLabels.count, test.rows == testLabels.count else {
            throw MetricsError("labels and vectors differ in number: \(trainLabels.count) for \(train.rows) training, \(testLabels.count) for \(test.rows) test vectors")
        }
        guard train.dimension == test.dimension else { throw MetricsError("training and test vectors differ in dimension") }
        let names = Array(Set(trainLabels + testLabels)).sorted()
        guard Set(trainLabels).count >= 2 else { throw MetricsError("classification needs at least 2 labels in the training split") }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let y = trainLabels.map { index[$0]! }, truth = testLabels.map { index[$0]! }
        var random = NumPyRandomState(seed: UInt32(truncatingIfNeeded: seed))
        var order = Array(0..<train.rows)
        var perExperiment: [[String: Double]] = []
        for _ in 0..<max(1, experiments) {
            random.shuffle(&order)
            var taken = [Int](repeating: 0, count: names.count)
            var chosen: [Int] = []
            for i in order where taken[y[i]] < samplesPerLabel {
                taken[y[i]] += 1
                chosen.append(i)
            }
            let subset = try Vectors(rows: chosen.count, dimension: train.dimension, values: chosen.flatMap { train.row($0) })
            var model = LogisticRegression()
            try model.fit(subset, labels: chosen.map { y[$0] }, classes: names.count)
            perExperiment.append(scores(truth: truth, predicted: model.predict(test), classes: names.count))
        }
        var mean: [String: Double] = [:]
        for key in perExperiment[0].keys { mean[key] = perExperiment.reduce(0) { $0 + $1[key]! } / Double(perExperiment.count) }
        return Result(scores: mean, perExperiment: perExperiment)
    }

    /// scikit-learn's definitions; macro averages over the labels present in truth or predictions,
    /// an undefined precision or F1 counting as 0.
    public static func scores(truth: [Int], predicted: [Int], classes: Int) -> [String: Double] {
        var tp = [Double](repeating: 0, count: classes), fp = tp, fn = tp, support = tp
        for (t, p) in zip(truth, predicted) {
            support[t] += 1
            if t == p { tp[t] += 1 } else { fp[p] += 1; fn[t] += 1 }
        }
        let present = (0..<classes).filter { support[$0] > 0 || tp[$0] + fp[$0] > 0 }
        func precision(_ k: Int) -> Double { tp[k] + fp[k] > 0 ? tp[k] / (tp[k] + fp[k]) : 0 }
        func recall(_ k: Int) -> Double { support[k] > 0 ? tp[k] / support[k] : 0 }
        func f1(_ k: Int) -> Double { let (p, r) = (precision(k), recall(k)); return p + r > 0 ? 2 * p * r / (p + r) : 0 }
        let n = Double(truth.count), m = Double(present.count)
        var result: [String: Double] = [
            "accuracy": Double(zip(truth, predicted).filter { $0 == $1 }.count) / n,
            "f1": present.reduce(0) { $0 + f1($1) } / m,
            "precision": present.reduce(0) { $0 + precision($1) } / m,
            "recall": present.reduce(0) { $0 + recall($1) } / m,
            "f1_weighted": present.reduce(0) { $0 + f1($1) * support[$1] } / n,
        ]
        if classes == 2 {
            result["ap"] = PairClassificationMetrics.averagePrecision(predicted.map(Double.init), truth)
        }
        return result
    }
}
