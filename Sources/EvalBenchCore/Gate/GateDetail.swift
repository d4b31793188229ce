import Foundation
import EvalMetrics

/// The per-unit values behind one main score, as `evalbench run` stores them in `details/TASK.json`; the kind
/// is told by the keys the evaluators write (see `Evaluation` and `Reranking`).
public enum GateDetail {
    /// Correlation of an STS main score: `KIND_spearman` or `KIND_pearson`.
    public enum CorrelationMethod: String { case spearman, pearson }

    /// Retrieval and reranking (`per_query`): query id → that query's main metric.
    case perQuery([String: Double])
    /// STS (`gold`, `similarities[KIND]`): gold scores and the similarity the main score correlates with them.
    case correlation(gold: [Double], similarities: [Double], method: CorrelationMethod)
    /// Pair classification (`labels`, `similarities`) with main score `max_ap` or `KIND_ap`: 0/1 labels and the
    /// similarities of each kind the main score takes the best average precision of.
    case averagePrecision(labels: [Int], similarities: [String: [Double]])
    /// Classification (`per_experiment`) and clustering (`per_round`): the main score of each seeded experiment.
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

    /// The detail in `file` for a result whose main score is `mainScoreName`; `.unavailable` with the reason when
    /// the file is missing or does not hold what that main score needs.
    static func read(_ file: URL, mainScoreName: String) -> GateDetail {
        guard FileManager.default.fileExists(atPath: file.path) else { return .unavailable("\(file.path) is missing") }
        guard let data = try? Data(contentsOf: file), let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return .unavailable("\(file.path) is not a JSON object")
        }
        do {
            return try parse(object, mainScoreName: mainScoreName, file: file)
        } catch {
            return .unavailable("\(error)")
        }
    }

    static func parse(_ object: [String: Any], mainScoreName main: String, file: URL) throws -> GateDetail {
        func numbers(_ value: Any?, _ field: String) throws -> [Double] {
            guard let list = value as? [Any] else { throw EvalBenchError("\(file.path): field \(field) is missing or not a list") }
            return try list.enumerated().map { i, v in
                guard let d = v as? Double, d.isFinite else { throw EvalBenchError("\(file.path): \(field)[\(i)] is not a number") }
                return d
            }
        }
        if let perQuery = object["per_query"] {
            guard let queries = perQuery as? [String: Any], !queries.isEmpty else { throw EvalBenchError("\(file.path): field per_query is empty or not an object") }
            return .perQuery(try queries.mapValues { query in
                guard let value = (query as? [String: Any])?[main] as? Double, value.isFinite else {
                    throw EvalBenchError("\(file.path): a query of per_query has no number for \(main)")
                }
                return value
            })
        }
        if object["gold"] != nil {
            guard let cut = main.lastIndex(of: "_"), let method = CorrelationMethod(rawValue: String(main[main.index(after: cut)...])) else {
                throw EvalBenchError("\(file.path): main score \(main) is not KIND_spearman or KIND_pearson, so it cannot be recomputed from gold and similarities")
            }
            let kind = String(main[..<cut])
            let similarities = object["similarities"] as? [String: Any]
            let gold = try numbers(object["gold"], "gold"), sims = try numbers(similarities?[kind], "similarities.\(kind)")
            guard gold.count == sims.count, gold.count >= 2 else {
                throw EvalBenchError("\(file.path): \(gold.count) gold scores for \(sims.count) similarities.\(kind)")
            }
            return .correlation(gold: gold, similarities: sims, method: method)
        }
        if object["labels"] != nil {
            guard let similarities = object["similarities"] as? [String: Any] else { throw EvalBenchError("\(file.path): field similarities is missing") }
            let kinds: [String]
            if main == "max_ap" {
                kinds = similarities.keys.sorted()
            } else if main.hasSuffix("_ap") {
                kinds = [String(main.dropLast(3))]
            } else {
                throw EvalBenchError("\(file.path): main score \(main) cannot be recomputed from labels and similarities (only average precision can)")
            }
            let labels = try numbers(object["labels"], "labels").map(Int.init)
            var byKind: [String: [Double]] = [:]
            for kind in kinds {
                byKind[kind] = try numbers(similarities[kind], "similarities.\(kind)")
                guard byKind[kind]!.count == labels.count else {
                    throw EvalBenchError("\(file.path): \(labels.count) labels for \(byKind[kind]!.count) similarities.\(kind)")
                }
            }
            return .averagePrecision(labels: labels, similarities: byKind)
        }
        if let experiments = object["per_experiment"] {
            guard let list = experiments as? [[String: Any]], !list.isEmpty else { throw EvalBenchError("\(file.path): field per_experiment is empty or not a list of objects") }
            return .perExperiment(try list.enumerated().map { i, experiment in
                guard let value = experiment[main] as? Double, value.isFinite else { throw EvalBenchError("\(file.path): per_experiment[\(i)] has no number for \(main)") }
                return value
            })
        }
        if object["per_round"] != nil {
            let rounds = try numbers(object["per_round"], "per_round")
            guard !rounds.isEmpty else { throw EvalBenchError("\(file.path): field per_round is empty") }
            return .perExperiment(rounds)
        }
        throw EvalBenchError("\(file.path) has none of per_query, gold, labels, per_experiment or per_round")
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
            // Spearman is Pearson over average ranks; the resampled gold scores are ranked once for both sides.
            let transform: ([Double]) -> [Double] = method == .spearman ? Correlation.averageRanks : { $0 }
            return (PairedDetail(units: gold.count, unitName: "pairs") { indices in
                let g = transform(indices.map { gold[$0] })
                func correlation(_ sims: [Double]) -> Double { (try? Correlation.pearson(g, transform(indices.map { sims[$0] }))) ?? .nan }
                return correlation(c) - correlation(b)
            }, nil)

        case (.averagePrecision(let labels, let b), .averagePrecision(let labelsC, let c)):
            guard labels == labelsC else { throw EvalBenchError("the pair-classification detail has different labels (\(labels.count) and \(labelsC.count) pairs)") }
            guard Set(b.keys) == Set(c.keys) else {
                throw EvalBenchError("the pair-classification detail has similarities \(b.keys.sorted()) and \(c.keys.sorted())")
            }
            func best(_ sims: [String: [Double]], _ indices: [Int]) -> Double {
                let l = indices.map { labels[$0] }
                return sims.values.map { s in PairClassificationMetrics.averagePrecision(indices.map { s[$0] }, l) }.max() ?? .nan
            }
            return (PairedDetail(units: labels.count, unitName: "pairs") { best(c, $0) - best(b, $0) }, nil)

        case (.perExperiment(let b), .perExperiment(let c)):
            guard b.count == c.count else { throw EvalBenchError("the detail has \(b.count) experiments in the baseline and \(c.count) in the candidate") }
            return (meanDifference(zip(c, b).map { $0 - $1 }, unitName: "experiments"), nil)

        default:
            throw EvalBenchError("the detail files are of different kinds (\(baseline.unitName) in the baseline, \(candidate.unitName) in the candidate)")
        }
    }

    /// A main score that is the mean over units (queries, experiments): the delta of a draw is the mean of the
    /// drawn units' differences.
    static func meanDifference(_ differences: [Double], unitName: String) -> PairedDetail {
        PairedDetail(units: differences.count, unitName: unitName) { indices in
            indices.reduce(0) { $0 + differences[$1] } / Double(indices.count)
        }
    }
}
