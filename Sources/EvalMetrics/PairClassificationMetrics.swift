import Kernels

/// Pair classification as MTEB computes it: for each similarity (cosine, dot, negated Euclidean and Manhattan, and
/// `similarity`, the model's own function), the best accuracy and the best F1 over thresholds and the average
/// precision; `max_*` the best of them (main score `max_ap`).
public enum PairClassificationMetrics {
    public struct Result {
        public var scores: [String: Double]
        public var similarities: [String: [Double]]
    }

    public static func evaluate(first: Vectors, second: Vectors, labels: [Int], similarity: SimilarityFunction = .cosine) throws -> Result {
        guard labels.count == first.rows else { throw MetricsError("\(labels.count) labels for \(first.rows) pairs") }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw MetricsError("pair labels must be 0 or 1") }
        guard labels.contains(1), labels.contains(0) else { throw MetricsError("pair labels need both classes, 0 and 1") }
        var scores: [String: Double] = [:], similarities: [String: [Double]] = [:]
        let kinds = SimilarityFunction.allCases.map { ($0.rawValue, $0) } + [("similarity", similarity)]
        for (name, kind) in kinds {
            let sims = try SimilarityFunction.rowwise(kind, first, second)
            similarities[name] = sims
            let accuracy = bestAccuracy(sims, labels)
            let f1 = bestF1(sims, labels)
            scores["\(name)_accuracy"] = accuracy.accuracy
            scores["\(name)_accuracy_threshold"] = accuracy.threshold
            scores["\(name)_f1"] = f1.f1
            scores["\(name)_precision"] = f1.precision
            scores["\(name)_recall"] = f1.recall
            scores["\(name)_f1_threshold"] = f1.threshold
            scores["\(name)_ap"] = averagePrecision(sims, labels)
        }
        for metric in ["accuracy", "f1", "precision", "recall", "ap"] {
            scores["max_\(metric)"] = kinds.compactMap { scores["\($0.0)_\(metric)"] }.max()
        }
        return Result(scores: scores, similarities: similarities)
    }

    /// Sweep a threshold between consecutive distinct sorted scores (MTEB's sweep, which with tied
    /// scores would also count cuts no threshold can make): predicted positive above it.
    static func bestAccuracy(_ scores: [Double], _ labels: [Int]) -> (accuracy: Double, threshold: Double) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var remainingNegatives = labels.filter { $0 == 0 }.count
        var positivesSoFar = 0
        var best = (accuracy: 0.0, threshold: -Double.infinity)
        for (i, index) in order.dropLast().enumerated() {
            if labels[index] == 1 { positivesSoFar += 1 } else { remainingNegatives -= 1 }
            if scores[index] == scores[order[i + 1]] { continue }  // no threshold separates equal scores
            let accuracy = Double(positivesSoFar + remainingNegatives) / Double(labels.count)
            if accuracy > best.accuracy { best = (accuracy, (scores[index] + scores[order[i + 1]]) / 2) }
        }
        return best
    }

    static func bestF1(_ scores: [Double], _ labels: [Int]) -> (f1: Double, precision: Double, recall: Double, threshold: Double) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let totalPositives = labels.filter { $0 == 1 }.count
        var correct = 0
        var best = (f1: 0.0, precision: 0.0, recall: 0.0, threshold: 0.0)
        for (i, index) in order.dropLast().enumerated() {
            if labels[index] == 1 { correct += 1 }
            if scores[index] == scores[order[i + 1]] { continue }
            let precision = Double(correct) / Double(i + 1), recall = Double(correct) / Double(totalPositives)
            if precision + recall > 0 {
                let f1 = 2 * precision * recall / (precision + recall)
                if f1 > best.f1 { best = (f1, precision, recall, (scores[index] + scores[order[i + 1]]) / 2) }
            }
        }
        return best
    }

    /// Average precision as scikit-learn computes it: Σ (Rₙ − Rₙ₋₁) Pₙ over distinct score thresholds.
    public static func averagePrecision(_ scores: [Double], _ labels: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let totalPositives = Double(labels.filter { $0 == 1 }.count)
        guard totalPositives > 0 else { return 0 }
        var ap = 0.0, truePositives = 0.0, seen = 0.0, previousRecall = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j < order.count && scores[order[j]] == scores[order[i]] {
                truePositives += Double(labels[order[j]])
                seen += 1
                j += 1
            }
            let recall = truePositives / totalPositives
            ap += (recall - previousRecall) * (truePositives / seen)
            previousRecall = recall
            i = j
        }
        return ap
    }
}
