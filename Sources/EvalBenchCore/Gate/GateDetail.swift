import Common
import Foundation
import EvalMetrics

/// What the gate resamples for one row: the per-unit values behind its main score, taken from the result's
/// `TaskDetail` for that main score.
public enum GateDetail {
    /// Correlation of an STS main score: `KIND_spearman` or `KIND_pearson`.
    public enum CorrelationMethod: String { case spearman, pearson }

    /// Retrieval and reranking: query id → that query's main metric.
    case perQuery([String: Double])
    /// STS: gold scores and the similarity the main score correlates with them.
    case correlation(gold: [Double], similarities: [Double], method: CorrelationMethod)
    /// Pair classification with main score `max_ap` or `KIND_ap`: 0/1 labels and the similarities of each kind the main
    /// score takes the best average precision of.
    case averagePrecision(labels: [Int], similarities: [String: [Double]])
    /// Classification and clustering: the main score of each seeded experiment.
    case perExperiment([Double])
    /// No usable detail; the reason names the file and field.
    case unavailable(String)

    /// What the bootstrap resamples.
    var unitName: String {
        switch self {
        case .perQuery: return "queries"
        case .correlation, .averagePrecision: return "pairs"
        case .perExperiment: return "experiments"
        case .unavailable: return "none"
        }
    }

    /// The main score over all units, as the evaluator computed it from the same values (nil when unavailable).
    var mainScore: Double? {
        let all = { (count: Int) in Array(0..<count) }
        switch self {
        case .perQuery(let values): return PairedDetail.mean(Array(values.values))
        case .correlation(let gold, let similarities, let method): return PairedDetail.correlation(gold, similarities, method, all(gold.count))
        case .averagePrecision(let labels, let similarities): return PairedDetail.bestAveragePrecision(labels, similarities, all(labels.count))
        case .perExperiment(let values): return PairedDetail.mean(values)
        case .unavailable: return nil
        }
    }

    /// The detail in `file` for a result whose main score is `mainScoreName`; `.unavailable` when there is no such file
    /// (the row then compares main scores only). A file that is there but does not hold what that main score needs
    /// is an error: a damaged detail must not quietly turn a row into one without an interval.
    static func read(_ file: URL, mainScoreName: String) throws -> GateDetail {
        guard FileManager.default.fileExists(atPath: file.path) else { return .unavailable("\(file.path) is missing") }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw EvalBenchError("\(file.path) cannot be read") }
        do {
            return try statistic(JSONDecoder().decode(TaskDetail.self, from: data), mainScoreName: mainScoreName, file: file)
        } catch let error as DecodingError {
            throw EvalBenchError("\(file.path) is not a detail file written by `evalbench run`: \(error.summary)")
        }
    }

    static func statistic(_ detail: TaskDetail, mainScoreName main: String, file: URL) throws -> GateDetail {
        func finite(_ values: [Double], _ field: String) throws -> [Double] {
            guard values.allSatisfy(\.isFinite) else { throw EvalBenchError("\(file.path): \(field) holds a value that is not a finite number") }
            return values
        }
        /// Every function's similarities pair with the `count` gold scores or labels, the ones read and the others alike.
        func pairUp(_ similarities: [String: [Double]], _ count: Int, _ what: String) throws {
            if let (kind, values) = similarities.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count != count }) {
                throw EvalBenchError("\(file.path): \(count) \(what) for \(values.count) similarities.\(kind)")
            }
        }
        switch detail {
        case .perQuery(let queries):
            guard !queries.isEmpty else { throw EvalBenchError("\(file.path): per_query is empty") }
            return .perQuery(try queries.mapValues { query in
                guard let value = query[main], value.isFinite else { throw EvalBenchError("\(file.path): a query of per_query has no number for \(main)") }
                return value
            })
        case .correlation(let gold, let similarities):
            try pairUp(similarities, gold.count, "gold scores")
            let methodName = main.split(separator: "_").last.map(String.init) ?? main
            guard let method = CorrelationMethod(rawValue: methodName) else {
                throw EvalBenchError("\(file.path): main score \(main) is not KIND_spearman or KIND_pearson, so it cannot be recomputed from gold and similarities")
            }
            let kind = main.contains("_") ? String(main[..<main.lastIndex(of: "_")!]) : "similarity"
            guard let sims = similarities[kind] else { throw EvalBenchError("\(file.path): similarities has no \(kind)") }
            guard gold.count == sims.count, gold.count >= 2 else {
                throw EvalBenchError("\(file.path): \(gold.count) gold scores for \(sims.count) similarities.\(kind)")
            }
            return .correlation(gold: try finite(gold, "gold"), similarities: try finite(sims, "similarities.\(kind)"), method: method)
        case .averagePrecision(let labels, let similarities):
            let kinds: [String]
            if main == "max_ap" {
                kinds = similarities.keys.sorted()
            } else if main.hasSuffix("_ap") {
                kinds = [String(main.dropLast(3))]
            } else {
                throw EvalBenchError("\(file.path): main score \(main) cannot be recomputed from labels and similarities (only average precision can)")
            }
            guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw EvalBenchError("\(file.path): labels holds a value that is not 0 or 1") }
            try pairUp(similarities, labels.count, "labels")
            var byKind: [String: [Double]] = [:]
            for kind in kinds {
                guard let sims = similarities[kind], sims.count == labels.count else {
                    throw EvalBenchError("\(file.path): \(labels.count) labels for \(similarities[kind]?.count ?? 0) similarities.\(kind)")
                }
                byKind[kind] = try finite(sims, "similarities.\(kind)")
            }
            return .averagePrecision(labels: labels, similarities: byKind)
        case .perExperiment(let experiments):
            guard !experiments.isEmpty else { throw EvalBenchError("\(file.path): per_experiment is empty") }
            return .perExperiment(try experiments.enumerated().map { i, experiment in
                guard let value = experiment[main], value.isFinite else { throw EvalBenchError("\(file.path): per_experiment[\(i)] has no number for \(main)") }
                return value
            })
        }
    }
}

/// A row's baseline and candidate detail aligned unit by unit: `delta` gives candidate − baseline of the main
/// score over resampled unit indices (the same indices on both sides).
struct PairedDetail {
    let units: Int
    let unitName: String
    let delta: ([Int]) -> Double

    /// Aligns two details; nil with the reason when either side has none (the row then compares main scores
    /// only); throws when both have detail that does not pair up (different queries, gold scores or labels).
    static func pair(baseline: GateDetail, candidate: GateDetail) throws -> (PairedDetail?, String?) {
        switch (baseline, candidate) {
        case (.unavailable(let reason), _): return (nil, "no baseline detail (\(reason))")
        case (_, .unavailable(let reason)): return (nil, "no candidate detail (\(reason))")

        case (.perQuery(let b), .perQuery(let c)):
            guard Set(b.keys) == Set(c.keys) else {
                throw EvalBenchError("the per-query detail covers different queries (\(b.count) in the baseline, \(c.count) in the candidate, "
                    + "\(Set(b.keys).symmetricDifference(c.keys).count) on one side only)")
            }
            let ids = b.keys.sorted()
            return (meanDifference(ids.map { c[$0]! - b[$0]! }, unitName: "queries"), nil)

        case (.correlation(let gold, let b, let method), .correlation(let goldC, let c, let methodC)):
            guard gold == goldC else { throw EvalBenchError("the STS detail has different gold scores (\(gold.count) and \(goldC.count) pairs)") }
            guard method == methodC else { throw EvalBenchError("the STS main scores use \(method.rawValue) and \(methodC.rawValue)") }
            return (PairedDetail(units: gold.count, unitName: "pairs") { indices in
                correlation(gold, c, method, indices) - correlation(gold, b, method, indices)
            }, nil)

        case (.averagePrecision(let labels, let b), .averagePrecision(let labelsC, let c)):
            guard labels == labelsC else { throw EvalBenchError("the pair-classification detail has different labels (\(labels.count) and \(labelsC.count) pairs)") }
            guard Set(b.keys) == Set(c.keys) else {
                throw EvalBenchError("the pair-classification detail has similarities \(b.keys.sorted()) and \(c.keys.sorted())")
            }
            return (PairedDetail(units: labels.count, unitName: "pairs") { bestAveragePrecision(labels, c, $0) - bestAveragePrecision(labels, b, $0) }, nil)

        case (.perExperiment(let b), .perExperiment(let c)):
            guard b.count == c.count else { throw EvalBenchError("the detail has \(b.count) experiments in the baseline and \(c.count) in the candidate") }
            return (meanDifference(zip(c, b).map { $0 - $1 }, unitName: "experiments"), nil)

        default:
            throw EvalBenchError("the detail files are of different kinds (\(baseline.unitName) in the baseline, \(candidate.unitName) in the candidate)")
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The correlation of the drawn pairs' similarities with their gold scores (Spearman: Pearson over average ranks).
    static func correlation(_ gold: [Double], _ similarities: [Double], _ method: GateDetail.CorrelationMethod, _ indices: [Int]) -> Double {
        let transform: ([Double]) -> [Double] = method == .spearman ? Correlation.averageRanks : { $0 }
        return (try? Correlation.pearson(transform(indices.map { gold[$0] }), transform(indices.map { similarities[$0] }))) ?? .nan
    }

    /// The best average precision over the similarity kinds, on the drawn pairs.
    static func bestAveragePrecision(_ labels: [Int], _ similarities: [String: [Double]], _ indices: [Int]) -> Double {
        let drawn = indices.map { labels[$0] }
        return similarities.values.map { s in PairClassificationMetrics.averagePrecision(indices.map { s[$0] }, drawn) }.max() ?? .nan
    }

    /// A main score that is the mean over units (queries, experiments): the delta of a draw is the mean of the
    /// drawn units' differences.
    static func meanDifference(_ differences: [Double], unitName: String) -> PairedDetail {
        PairedDetail(units: differences.count, unitName: unitName) { indices in
            indices.reduce(0) { $0 + differences[$1] } / Double(indices.count)
        }
    }
}
