import Foundation

/// What the gate found: a row per comparison with its delta, interval and verdict, the problems that make the
/// input unusable, and the outcome as an exit status. Renders as Markdown (for a CI job summary) and JSON.
public struct GateReport {
    /// A row's verdict.
    public enum Verdict: String, Sendable {
        /// No drop beyond the tolerance.
        case pass
        /// A drop beyond the tolerance whose corrected p-value is above α: noise, not a regression.
        case noise
        /// A drop beyond the tolerance whose corrected p-value is at most α (or with no interval to tell).
        case regression
        /// The two sides cannot be compared (different data, limit, main metric or detail).
        case unusable
    }

    /// The gate's outcome.
    public enum Status: String, Sendable {
        case pass, regression, unusable

        /// 0 pass, 1 regression, 2 unusable input.
        public var exitCode: Int32 {
            switch self {
            case .pass: return 0
            case .regression: return 1
            case .unusable: return 2
            }
        }
    }

    /// One comparison: the same task, split, dimension, precision and weights on both sides.
    public struct Row {
        public var key: GateResult.Key
        public var mainScoreName: String
        public var baselineModel: String
        public var candidateModel: String
        public var baseline: Double
        public var candidate: Double
        /// Percentile interval of candidate − baseline; nil when the row compares main scores only.
        public var interval: PairedBootstrap.Interval?
        /// How many units the bootstrap resampled, and what they are (queries, pairs, experiments).
        public var units: Int?
        public var unitName: String?
        public var verdict: Verdict
        /// Why there is no interval, or why the row is unusable.
        public var note: String?
        /// The interval's p-value corrected across the rows of the gate call; nil without an interval.
        public var adjustedPValue: Double?

        /// candidate − baseline.
        public var delta: Double { candidate - baseline }
    }

    public var rows: [Row]
    public var problems: [String]
    public var maxDrop: Double
    public var bootstrap: PairedBootstrap
    public var correction: MultipleTestingCorrection
    /// Rows with a p-value, the number the correction divides among.
    public var testedRows: Int
    /// The baseline is scores published in the embeddings-benchmark/results layout: main scores only.
    public var publishedBaseline = false
    public var baselineModels: [String]
    public var candidateModels: [String]
    public var baselinePath: String?
    public var candidatePath: String?

    public var status: Status {
        if !problems.isEmpty || rows.isEmpty || rows.contains(where: { $0.verdict == .unusable }) { return .unusable }
        return rows.contains { $0.verdict == .regression } ? .regression : .pass
    }

    public var markdown: String {
        let f = { (x: Double) in String(format: "%.4f", x) }, signed = { (x: Double) in String(format: "%+.4f", x) }
        let p = { (x: Double?) in x.map { String(format: "%.4g", $0) } ?? "–" }
        var lines = ["### evalbench gate: \(status == .unusable ? "unusable input" : status.rawValue)", ""]
        let regressed = rows.filter { $0.verdict == .regression }
        if !regressed.isEmpty {
            lines.append("Regressed: " + regressed.map { "\($0.key) \(signed($0.delta))" }.joined(separator: "; ") + ".")
            lines.append("")
        }
        func side(_ name: String, _ path: String?, _ models: [String]) -> String {
            "\(name) " + (path.map { "`\($0)` " } ?? "") + "(" + (models.isEmpty ? "no results" : models.joined(separator: ", ")) + ")"
        }
        lines.append(side("Baseline", baselinePath, baselineModels) + ", " + side("candidate", candidatePath, candidateModels) + ". " + rule)
        lines.append("")
        if !rows.isEmpty {
            lines.append("| task | split | dim | precision | weights | baseline | candidate | delta | CI low | CI high | p | adjusted p | verdict |")
            lines.append("|" + String(repeating: " --- |", count: 13))
            for row in rows {
                let verdict: String
                switch row.verdict {
                case .pass: verdict = "pass"
                case .noise: verdict = "pass (drop within noise)"
                case .regression: verdict = "**regression**"
                case .unusable: verdict = "**unusable**"
                }
                let note = row.note.map { " — " + $0.replacingOccurrences(of: "|", with: "\\|") } ?? ""
                lines.append("| \(row.key.task) | \(row.key.split) | \(row.key.dimension) | \(row.key.precision) | \(row.key.weights) | "
                    + "\(f(row.baseline)) | \(f(row.candidate)) | \(signed(row.delta)) | \(row.interval.map { signed($0.low) } ?? "–") | "
                    + "\(row.interval.map { signed($0.high) } ?? "–") | \(p(row.interval?.pValue)) | \(p(row.adjustedPValue)) | \(verdict)\(note) |")
            }
            lines.append("")
        }
        if !problems.isEmpty {
            lines.append("Unusable input:")
            lines.append("")
            lines += problems.map { "- \($0)" }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// The sentence that says what a regression is in this report.
    var rule: String {
        let drop = String(format: "%g", maxDrop)
        if publishedBaseline {
            return "The baseline is published scores (embeddings-benchmark/results layout), so the gate compares main scores without "
                + "intervals: a drop of the main score larger than \(drop) is a regression. The task data is not checked against "
                + "the published dataset revision."
        }
        var text = "A regression is a drop of the main score larger than \(drop) whose one-sided p-value (paired bootstrap, "
            + "\(bootstrap.resamples) resamples of queries, pairs or experiments, seed \(bootstrap.seed)), corrected by \(correction.title) "
            + "across the \(testedRows) rows with an interval, is at most α = \(String(format: "%g", bootstrap.alpha)) "
            + "(half of 1 − the \(String(format: "%g", bootstrap.confidence * 100))% interval's confidence); a row without an interval "
            + "regresses on any drop larger than \(drop)."
        // Holm needs the smallest p-value times the number of rows at most α; with too few resamples nothing can regress.
        if correction == .holm, Double(testedRows) * bootstrap.smallestPValue > bootstrap.alpha {
            let needed = Int((Double(testedRows) / bootstrap.alpha).rounded(.up))
            text += " With \(bootstrap.resamples) resamples no row with an interval can be called a regression: give --resamples \(needed) or more."
        }
        return text
    }

    /// The JSON report: the settings, the problems and every row with its interval, units and verdict.
    struct JSONReport: Encodable {
        struct Row: Encodable {
            var task: String, split: String, embed_dim: Int, precision: String, weights: String, main_score_name: String
            var baseline_model: String, candidate_model: String, baseline: Double, candidate: Double, delta: Double
            var ci_low: Double?, ci_high: Double?, p_value: Double?, adjusted_p_value: Double?, units: Int?, unit: String?, verdict: String
            var note: String?
        }
        var status: String, exit_code: Int32, max_drop: Double, confidence: Double, alpha: Double, correction: String, resamples: Int, seed: UInt64
        var published_baseline: Bool
        var baseline: String?, candidate: String?, baseline_models: [String], candidate_models: [String], problems: [String], rows: [Row]
    }

    var json: JSONReport {
        JSONReport(status: status.rawValue, exit_code: status.exitCode, max_drop: maxDrop, confidence: bootstrap.confidence,
                   alpha: bootstrap.alpha, correction: correction.rawValue, resamples: bootstrap.resamples, seed: bootstrap.seed,
                   published_baseline: publishedBaseline, baseline: baselinePath, candidate: candidatePath,
                   baseline_models: baselineModels, candidate_models: candidateModels, problems: problems, rows: rows.map { row in
            JSONReport.Row(task: row.key.task, split: row.key.split, embed_dim: row.key.dimension, precision: row.key.precision,
                           weights: row.key.weights, main_score_name: row.mainScoreName, baseline_model: row.baselineModel,
                           candidate_model: row.candidateModel, baseline: Rounding.mteb(row.baseline), candidate: Rounding.mteb(row.candidate),
                           delta: Rounding.mteb(row.delta), ci_low: row.interval.map { Rounding.mteb($0.low) },
                           ci_high: row.interval.map { Rounding.mteb($0.high) }, p_value: row.interval?.pValue,
                           adjusted_p_value: row.adjustedPValue, units: row.units, unit: row.unitName,
                           verdict: row.verdict.rawValue, note: row.note)
        })
    }

    /// Writes the JSON report to `url` atomically.
    public func writeJSON(to url: URL) throws {
        try AtomicFile.write(ResultJSON.data(json), to: url)
    }
}
