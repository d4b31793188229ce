import Common
import Foundation

/// The regression gate: compares the main score of every (task, split, dimension, precision, weights) row of a
/// candidate's results with a baseline's. A row regresses when the score drops by more than `maxDrop` and the
/// one-sided p-value of its paired bootstrap, corrected for the number of rows (Holm by default), is at most α
/// (half of 1 − confidence); a row whose detail is missing on either side, or whose baseline is a published score,
/// compares main scores only, and then any drop beyond `maxDrop` regresses (there is no interval to call it
/// noise). Rows missing on one side, or whose data hashes, limits or main metrics differ, make the input unusable.
public struct Gate {
    /// Largest tolerated drop of a main score (baseline − candidate).
    public var maxDrop: Double
    public var bootstrap: PairedBootstrap
    /// Pair the baseline's weights variant with a different one of the candidate's (f32 against q4, say) instead
    /// of requiring the same variant on both sides; each side must then hold exactly one.
    public var acrossWeights: Bool
    /// How the rows' p-values are corrected for their number.
    public var correction: MultipleTestingCorrection

    public init(maxDrop: Double = 0.01, bootstrap: PairedBootstrap = PairedBootstrap(), acrossWeights: Bool = false,
                correction: MultipleTestingCorrection = .holm) {
        self.maxDrop = maxDrop
        self.bootstrap = bootstrap
        self.acrossWeights = acrossWeights
        self.correction = correction
    }

    /// Reads both sides (results folders or single result files) and compares them; a side that cannot be read
    /// is reported as a problem, not thrown, so there is always a report to print.
    public func compare(baseline: URL, candidate: URL) -> GateReport {
        var problems: [String] = []
        func read(_ url: URL, _ side: String) -> GateInputs.Side {
            do {
                let results = try GateInputs.read(url)
                if results.isEmpty { problems.append("the \(side) \(url.path) holds no result files") }
                return results
            } catch {
                problems.append("\(side): \(error)")
                return .results([])
            }
        }
        var report: GateReport
        switch (read(baseline, "baseline"), read(candidate, "candidate")) {
        case (.results(let b), .results(let c)):
            report = compare(baseline: b, candidate: c)
        case (.published(let b), .results(let c)):
            report = compare(published: b, candidate: c)
        case (_, .published):
            report = compare(baseline: [], candidate: [])
            problems.append("the candidate \(candidate.path) holds published scores: the candidate must be results written by `evalbench run`")
        }
        report.baselinePath = baseline.path
        report.candidatePath = candidate.path
        if !problems.isEmpty {
            // A side that is unreadable or empty: say that, rather than list every row as missing from it.
            report.rows = []
            report.problems = problems
        }
        return report
    }

    /// Compares results already read.
    public func compare(baseline: [GateResult], candidate: [GateResult]) -> GateReport {
        var problems: [String] = []
        var (baseline, candidate) = (baseline, candidate)
        if acrossWeights {
            let (from, to) = (Set(baseline.map(\.key.weights)), Set(candidate.map(\.key.weights)))
            if from.count > 1 || to.count > 1 {
                problems.append("comparing across weights needs one weights variant per side, but the baseline holds "
                    + "\(from.sorted().joined(separator: ", ")) and the candidate \(to.sorted().joined(separator: ", "))")
            } else if let from = from.first, let to = to.first, from != to {
                // Both sides' rows take the same key, which names the pair of variants.
                func relabel(_ results: [GateResult]) -> [GateResult] {
                    results.map { var result = $0; result.key.weights = "\(from) → \(to)"; return result }
                }
                (baseline, candidate) = (relabel(baseline), relabel(candidate))
            }
        }
        func index(_ results: [GateResult], _ side: String) -> [GateResult.Key: GateResult] {
            var byKey: [GateResult.Key: GateResult] = [:]
            for result in results {
                if let other = byKey[result.key] {
                    problems.append("the \(side) has two results for \(result.key): \(other.file.path) and \(result.file.path)")
                }
                byKey[result.key] = result
            }
            return byKey
        }
        let (b, c) = (index(baseline, "baseline"), index(candidate, "candidate"))
        for key in Set(b.keys).subtracting(c.keys).sorted() { problems.append("\(key) is missing from the candidate (baseline: \(b[key]!.file.path))") }
        for key in Set(c.keys).subtracting(b.keys).sorted() { problems.append("\(key) is missing from the baseline (candidate: \(c[key]!.file.path))") }
        // Rows are independent and each bootstrap is seeded by its row, so they run concurrently.
        let shared = Set(b.keys).intersection(c.keys).sorted()
        var compared = [GateReport.Row?](repeating: nil, count: shared.count)
        compared.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: shared.count) { i in out[i] = compare(b[shared[i]]!, c[shared[i]]!) }
        }
        if baseline.isEmpty && candidate.isEmpty { problems.append("there are no results to compare") }
        return report(rows: compared.map { $0! }, problems: problems, baselineModels: Set(baseline.map(\.model)).sorted(),
                      candidateModels: Set(candidate.map(\.model)).sorted())
    }

    /// Compares results with scores published in the embeddings-benchmark/results layout: each candidate row with
    /// the published score of its task, split and subset, main scores only. Published tasks the candidate did not
    /// run are left out; a candidate row with no published score is missing from the baseline.
    func compare(published: [PublishedScore], candidate: [GateResult]) -> GateReport {
        var problems: [String] = []
        let models = Set(published.map(\.model)).sorted()
        if models.count > 1 {
            problems.append("the baseline holds published scores of \(models.count) models (\(models.joined(separator: ", "))): give the folder of one model and revision")
        }
        var byTask: [String: PublishedScore] = [:]
        for score in published {
            let key = "\(score.task) [\(score.split)] \(score.subset)"
            if let other = byTask[key] { problems.append("the baseline has two published scores for \(key): \(other.file.path) and \(score.file.path)") }
            byTask[key] = score
        }
        var rows: [GateReport.Row] = []
        for result in candidate.sorted(by: { $0.key < $1.key }) {
            guard let score = byTask["\(result.key.task) [\(result.key.split)] \(result.subset)"] else {
                problems.append("\(result.key) (subset \(result.subset)) is missing from the published baseline (candidate: \(result.file.path))")
                continue
            }
            var row = GateReport.Row(key: result.key, mainScoreName: result.mainScoreName, baselineModel: score.model, candidateModel: result.model,
                                     baseline: score.mainScore, candidate: result.mainScore, interval: nil, units: nil, unitName: nil,
                                     verdict: .pass, note: "published score: main scores only")
            let published = score.metrics[result.mainScoreName]
            if let limit = result.limit {
                row.verdict = .unusable
                row.note = "the candidate ran with --limit \(limit) and the published score covers the whole split (\(result.file.path))"
            } else if published.map({ abs($0 - score.mainScore) > 1e-6 }) ?? true {
                row.verdict = .unusable
                row.note = "the published main_score of \(score.file.path) is not its \(result.mainScoreName) "
                    + (published.map { "(\($0) against \(score.mainScore))" } ?? "(the file has no \(result.mainScoreName))")
                    + ": the two sides score different metrics"
            }
            rows.append(row)
        }
        if candidate.isEmpty { problems.append("there are no results to compare") }
        var outcome = report(rows: rows, problems: problems, baselineModels: models, candidateModels: Set(candidate.map(\.model)).sorted())
        outcome.publishedBaseline = true
        return outcome
    }

    /// The report of compared rows: each row's p-value corrected across the rows that have one, the verdicts, and
    /// each unusable row as a problem.
    func report(rows: [GateReport.Row], problems: [String], baselineModels: [String], candidateModels: [String]) -> GateReport {
        var (rows, problems) = (rows, problems)
        let tested = rows.indices.filter { rows[$0].verdict != .unusable && rows[$0].interval != nil }
        for (index, adjusted) in zip(tested, correction.adjust(tested.map { rows[$0].interval!.pValue })) {
            rows[index].adjustedPValue = adjusted
        }
        for index in rows.indices where rows[index].verdict != .unusable && -rows[index].delta > maxDrop {
            // With no interval there is nothing to call the drop noise.
            rows[index].verdict = rows[index].adjustedPValue.map { $0 <= bootstrap.alpha ? .regression : .noise } ?? .regression
        }
        for row in rows where row.verdict == .unusable {
            problems.append("\(row.key): \(row.note ?? "cannot be compared")")
        }
        return GateReport(rows: rows, problems: problems, maxDrop: maxDrop, bootstrap: bootstrap, correction: correction,
                          testedRows: tested.count, baselineModels: baselineModels, candidateModels: candidateModels)
    }

    /// One row: the delta of the main scores and its interval from the paired detail; the verdict is `pass` until
    /// the rows' p-values are corrected together, unless the row is unusable.
    func compare(_ baseline: GateResult, _ candidate: GateResult) -> GateReport.Row {
        var row = GateReport.Row(key: baseline.key, mainScoreName: baseline.mainScoreName, baselineModel: baseline.model,
                                 candidateModel: candidate.model, baseline: baseline.mainScore, candidate: candidate.mainScore,
                                 interval: nil, units: nil, unitName: nil, verdict: .pass, note: nil)
        func unusable(_ reason: String) -> GateReport.Row {
            row.verdict = .unusable
            row.note = "\(reason) (baseline \(baseline.file.path), candidate \(candidate.file.path))"
            return row
        }
        if baseline.dataSHA256 != candidate.dataSHA256 {
            return unusable("evalbench.data_sha256 differs (\(baseline.dataSHA256.prefix(12))… vs \(candidate.dataSHA256.prefix(12))…): the task data changed")
        }
        if baseline.mainScoreName != candidate.mainScoreName {
            return unusable("evalbench.main_score_name differs (\(baseline.mainScoreName) vs \(candidate.mainScoreName))")
        }
        if baseline.limit != candidate.limit {
            return unusable("evalbench.limit differs (\(baseline.limit.map(String.init) ?? "none") vs \(candidate.limit.map(String.init) ?? "none"))")
        }
        do {
            let (paired, reason) = try PairedDetail.pair(baseline: baseline.detail, candidate: candidate.detail)
            if let paired {
                row.units = paired.units
                row.unitName = paired.unitName
                row.interval = bootstrap.interval(units: paired.units, key: baseline.key.description, statistic: paired.delta)
                if row.interval == nil { row.note = "no finite bootstrap delta over \(paired.units) \(paired.unitName): main scores only" }
            } else {
                row.note = "\(reason!): main scores only"
            }
        } catch {
            return unusable("\(error)")
        }
        return row
    }
}
