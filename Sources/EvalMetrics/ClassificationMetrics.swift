/// mteb 2.x's classification protocol: per experiment, undersample the training set to `samplesPerLabel` examples per
/// label (`undersample`), fit scikit-learn's logistic regression on them, and score the whole test split: accuracy
/// (main), macro and weighted F1, precision and recall, and average precision for two labels. Scores are averaged over
/// experiments; each experiment's are kept.
public enum ClassificationMetrics {
    public struct Result {
        public var scores: [String: Double]
        public var perExperiment: [[String: Double]]
    }

    /// The training rows of each experiment, as mteb 2.x's `_undersample_data` draws them: every experiment a fresh
    /// `RandomState(seed)` shuffles the index list the previous one left (so experiment i applies the same permutation
    /// i + 1 times), then takes the first `samplesPerLabel` rows of each label in that order.
    public static func undersample(labels: [String], samplesPerLabel: Int, experiments: Int, seed: UInt64) -> [[Int]] {
        var order = Array(labels.indices)
        return (0..<experiments).map { _ in
            var random = NumPyRandomState(seed: UInt32(truncatingIfNeeded: seed))
            random.shuffle(&order)
            var taken: [String: Int] = [:]
            return order.filter { i in
                guard taken[labels[i], default: 0] < samplesPerLabel else { return false }
                taken[labels[i], default: 0] += 1
                return true
            }
        }
    }

    /// Labels in scikit-learn's `classes_` order: numerically when every label is an integer, else as strings.
    public static func classOrder(_ labels: Set<String>) -> [String] {
        labels.allSatisfy({ Int($0) != nil }) ? labels.sorted { Int($0)! < Int($1)! } : labels.sorted()
    }

    /// Fits one model per experiment on the rows of `train` that experiment names, and scores `test`.
    public static func evaluate(train: Vectors, trainLabels: [String], experiments: [[Int]], test: Vectors, testLabels: [String]) throws -> Result {
        guard train.rows == trainLabels.count, test.rows == testLabels.count else {
            throw MetricsError("labels and vectors differ in number: \(trainLabels.count) for \(train.rows) training, \(testLabels.count) for \(test.rows) test vectors")
        }
        guard train.dimension == test.dimension else { throw MetricsError("training and test vectors differ in dimension") }
        guard !experiments.isEmpty, experiments.joined().allSatisfy({ (0..<train.rows).contains($0) }) else {
            throw MetricsError("an experiment names a training row that is not there")
        }
        let names = classOrder(Set(trainLabels + testLabels))
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let truth = testLabels.map { index[$0]! }
        var perExperiment: [[String: Double]] = []
        for rows in experiments {
            let subsetLabels = rows.map { index[trainLabels[$0]]! }
            guard Set(subsetLabels).count >= 2 else { throw MetricsError("classification needs at least 2 labels in each experiment's training rows") }
            // scikit-learn fits the labels the subset holds; every training label is in each subset, so these are all of them.
            let subset = try train.rows(rows)
            var model = LogisticRegression()
            try model.fit(subset, labels: subsetLabels, classes: names.count)
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
            "precision_weighted": present.reduce(0) { $0 + precision($1) * support[$1] } / n,
            "recall_weighted": present.reduce(0) { $0 + recall($1) * support[$1] } / n,
        ]
        if classes == 2 {
            // mteb scores the predicted labels (not probabilities); for one binary target, weighting changes nothing.
            result["ap"] = PairClassificationMetrics.averagePrecision(predicted.map(Double.init), truth)
            result["ap_weighted"] = result["ap"]
        }
        return result
    }
}
