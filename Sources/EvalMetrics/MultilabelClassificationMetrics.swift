/// Multilabel classification as mteb 2.x's AbsTaskMultilabelClassification runs it: per experiment, training rows
/// drawn until every label has `samplesPerLabel` examples, scikit-learn's `KNeighborsClassifier(n_neighbors=5)`
/// (Euclidean, uniform votes, one vote per label) fitted on them, the test rows predicted; subset accuracy (main
/// score `accuracy`), macro F1, label ranking average precision of the 0/1 predictions (`lrap`) and mteb's Hamming
/// score, averaged over the experiments. Labels are the test split's (MultiLabelBinarizer fitted on it): training
/// labels the test split never uses are ignored, as the binarizer ignores them.
public enum MultilabelClassificationMetrics {
    /// The scores, with the per-item detail the regression gate resamples.
    public struct Result {
        public var scores: [String: Double]
        public var perExperiment: [[String: Double]]
    }

    /// Each experiment's training rows: a fresh 0..<n order shuffled by one `default_rng(seed)` that runs on across
    /// the experiments, then each row taken while any of its labels still has fewer than `samplesPerLabel` taken.
    public static func undersample(labels: [[String]], samplesPerLabel: Int, experiments: Int, seed: UInt64) -> [[Int]] {
        var random = NumPyGenerator(seed: seed)
        return (0..<experiments).map { _ in
            var order = Array(labels.indices)
            random.shuffle(&order)
            var taken: [String: Int] = [:]
            return order.filter { i in
                guard labels[i].contains(where: { taken[$0, default: 0] < samplesPerLabel }) else { return false }
                for label in labels[i] { taken[label, default: 0] += 1 }
                return true
            }
        }
    }

    public static func evaluate(train: Vectors, trainLabels: [[String]], experiments: [[Int]], test: Vectors, testLabels: [[String]],
                                neighbours: Int = 5) throws -> Result {
        guard train.rows == trainLabels.count, test.rows == testLabels.count, train.dimension == test.dimension else {
            throw MetricsError("labels and vectors differ: \(trainLabels.count) labels for \(train.rows) training vectors, \(testLabels.count) for \(test.rows) test vectors")
        }
        let classes = Array(Set(testLabels.joined())).sorted()
        let column = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        func indicator(_ labels: [String]) -> [Bool] {
            var row = [Bool](repeating: false, count: classes.count)
            for label in labels { if let c = column[label] { row[c] = true } }
            return row
        }
        let truth = testLabels.map(indicator), trained = trainLabels.map(indicator)
        // Squared Euclidean distances from each test row to each training row, in double.
        let distances = (0..<test.rows).map { t in
            (0..<train.rows).map { r in zip(test.row(t), train.row(r)).reduce(0.0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) } }
        }
        var perExperiment: [[String: Double]] = []
        for rows in experiments {
            guard rows.count >= neighbours, rows.allSatisfy({ (0..<train.rows).contains($0) }) else {
                throw MetricsError("an experiment draws \(rows.count) training rows, fewer than the \(neighbours) neighbours the classifier votes with")
            }
            let predicted = distances.map { row -> [Bool] in
                // The nearest training rows; equal distances go to the row drawn first.
                let nearest = rows.indices.sorted { (row[rows[$0]], $0) < (row[rows[$1]], $1) }.prefix(neighbours)
                return (0..<classes.count).map { c in 2 * nearest.filter { trained[rows[$0]][c] }.count > neighbours }
            }
            perExperiment.append(scores(truth: truth, predicted: predicted))
        }
        var mean: [String: Double] = [:]
        for key in perExperiment[0].keys { mean[key] = perExperiment.reduce(0) { $0 + $1[key]! } / Double(perExperiment.count) }
        return Result(scores: mean, perExperiment: perExperiment)
    }

    /// Subset accuracy, macro F1 over the label columns (0 for a label never true nor predicted), LRAP of the 0/1
    /// predictions as scores, and mteb's Hamming score (|true ∩ predicted| / |true ∪ predicted|, 1 when both are empty).
    static func scores(truth: [[Bool]], predicted: [[Bool]]) -> [String: Double] {
        let n = Double(truth.count), labels = truth.first?.count ?? 0
        let accuracy = Double(zip(truth, predicted).filter { $0 == $1 }.count) / n
        var f1 = 0.0
        for c in 0..<labels {
            var (tp, fp, fn) = (0.0, 0.0, 0.0)
            for (t, p) in zip(truth, predicted) {
                if t[c] && p[c] { tp += 1 } else if p[c] { fp += 1 } else if t[c] { fn += 1 }
            }
            f1 += tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
        }
        var lrap = 0.0, hamming = 0.0
        for (t, p) in zip(truth, predicted) {
            let relevant = t.indices.filter { t[$0] }
            if relevant.isEmpty || relevant.count == labels {
                lrap += 1
            } else {
                // Rank of label j: the labels scored at least as high (scikit-learn's "max" rank of the negated scores).
                lrap += relevant.reduce(0.0) { sum, j in
                    let rank = Double(p.filter { $0 || !p[j] }.count)
                    let above = Double(relevant.filter { p[$0] || !p[j] }.count)
                    return sum + above / rank
                } / Double(relevant.count)
            }
            let union = zip(t, p).filter { $0 || $1 }.count, both = zip(t, p).filter { $0 && $1 }.count
            hamming += union == 0 ? 1 : Double(both) / Double(union)
        }
        return ["accuracy": accuracy, "f1": labels > 0 ? f1 / Double(labels) : 0, "lrap": lrap / n, "hamming": hamming / n]
    }
}
