import Foundation

/// What the gate found: a row per comparison with its delta, interval and verdict, the problems that make the
/// input unusable, and the outcome as an exit status. Renders as Markdown (for a CI job summary) and JSON.
public struct GateReport {
    /// A row's verdict.
    public enum Verdict: String, Sendable {
        /// No drop beyond the tolerance.
        case pass
        /// A drop beyond the tolerance whose interval includes zero: noise, not a regression.
        case noise
        /// A drop beyond the tolerance whose interval lies below zero (or with no interval to tell).
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

        /// candidate − baseline.
        public var delta: Double { candidate - baseline }
    }

    public var rows: [Row]
    public var problems: [String]
    public var maxDrop: Double
    public var bootstrap: PairedBootstrap
    public var baselineModels: [String]
    public var candidateModels: [String]
    public var baselinePath: String?
    public var candidatePath: String?

    public var status: Status {
        if !problems.isEmpty || rows.isEmpty || rows.contains(where: { $0.verdict == .unusable }) { return .unusable }
        return rows.contains { $0.verdict == .regression } ? .regression : .pass
    }

    public var markdown: String {
        let percent = String(format: "%g", bootstrap.confidence * 100)
        var lines = ["### evalbench gate: \(status == .unusable ? "unusable input" : status.rawValue)", ""]
        func side(_ name: String, _ path: String?, _ models: [String]) -> String {
            "\(name) " + (path.map { "`\($0)` " } ?? "") + "(" + (models.isEmpty ? "no results" : models.joined(separator: ", ")) + ")"
        }
        lines.append(side("Baseline", baselinePath, baselineModels) + ", " + side("candidate", candidatePath, candidateModels) + ". "
            + "A regression is a drop of the main score larger than \(String(format: "%g", maxDrop)) whose \(percent)% paired-bootstrap interval "
            + "(\(bootstrap.resamples) resamples of queries, pairs or experiments, seed \(bootstrap.seed)) lies below zero.")
        lines.append("")
        if !rows.isEmpty {
            lines.append("| task | split | dim | precision | weights | baseline | candidate | delta | CI low | CI high | verdict |")
            lines.append("|" + String(repeating: " --- |", count: 11))
            for row in rows {
                let f = { (x: Double) in String(format: "%.4f", x) }, signed = { (x: Double) in String(format: "%+.4f", x) }
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
                    + "\(row.interval.map { signed($0.high) } ?? "–") | \(verdict)\(note) |")
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

    /// The JSON report: the settings, the problems and every row with its interval, units and verdict.
    struct JSONReport: Encodable {
        struct Row: Encodable {
            var task: String, split: String, embed_dim: Int, precision: String, weights: String, main_score_name: String
            var baseline_model: String, candidate_model: String, baseline: Double, candidate: Double, delta: Double
            var ci_low: Double?, ci_high: Double?, units: Int?, unit: String?, verdict: String, note: String?
        }
        var status: String, exit_code: Int32, max_drop: Double, confidence: Double, resamples: Int, seed: UInt64
        var baseline: String?, candidate: String?, baseline_models: [String], candidate_models: [String], problems: [String], rows: [Row]
    }

    var json: JSONReport {
        JSONReport(status: status.rawValue, exit_code: status.exitCode, max_drop: maxDrop, confidence: bootstrap.confidence,
                   resamples: bootstrap.resamples, seed: bootstrap.seed, baseline: baselinePath, candidate: candidatePath,
                   baseline_models: baselineModels, candidate_models: candidateModels, problems: problems, rows: rows.map { row in
            JSONReport.Row(task: row.key.task, split: row.key.split, embed_dim: row.key.dimension, precision: row.key.precision,
                           weights: row.key.weights, main_score_name: row.mainScoreName, baseline_model: row.baselineModel,
                           candidate_model: row.candidateModel, baseline: Rounding.mteb(row.baseline), candidate: Rounding.mteb(row.candidate),
                           delta: Rounding.mteb(row.delta), ci_low: row.interval.map { Rounding.mteb($0.low) },
                           ci_high: row.interval.map { Rounding.mteb($0.high) }, units: row.units, unit: row.unitName,
                           verdict: row.verdict.rawValue, note: row.note)
        })
    }

    /// Writes the JSON report to `url` atomically.
    public func writeJSON(to url: URL) throws {
        try AtomicFile.write(ResultJSON.data(json), to: url)
    }
}
