import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench gate`: a CI regression gate. Compares a candidate's results with a baseline's row by row (task,
/// split, dimension, precision, weights), tells noise from regression with a paired bootstrap on the stored
/// detail, prints a Markdown table and exits 0 (pass), 1 (regression) or 2 (unusable input).
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Compare candidate results with a baseline; exit 0 (pass), 1 (regression) or 2 (unusable input).",
        discussion: "A regression is a drop of a main score larger than --max-drop whose one-sided paired-bootstrap p-value, corrected "
            + "across the rows (--correction), is at most half of 1 − --confidence. A published baseline compares main scores only.")

    @Option(help: ArgumentHelp("Baseline: a results folder written by `evalbench run`, one result file, or published scores of one model in the "
            + "embeddings-benchmark/results layout (results/org__name/revision/)."))
    var baseline: String

    @Option(help: "Candidate: a results folder written by `evalbench run`, or one result file.")
    var candidate: String

    @Option(name: .customLong("max-drop"), help: "Largest tolerated drop of a main score.")
    var maxDrop = 0.01

    @Option(help: "Confidence level of the bootstrap interval.")
    var confidence = 0.95

    @Flag(name: .customLong("across-weights"),
          help: "Compare the baseline's weights variant with a different one of the candidate's (e.g. f32 against q4); each side must hold one.")
    var acrossWeights = false

    @Option(help: "Correction of the rows' p-values for their number: holm (any false alarm), bh (Benjamini-Hochberg: the share of false alarms) or none.")
    var correction: MultipleTestingCorrection = .holm

    @Option(help: "Also write the report as JSON to this file.")
    var json: String?

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 42

    @Option(help: "Bootstrap resamples.")
    var resamples = 2000

    func validate() throws {
        if !(maxDrop >= 0 && maxDrop.isFinite) { throw ValidationError("--max-drop must be a number, 0 or more") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1 (e.g. 0.95)") }
        if !(1...1_000_000).contains(resamples) { throw ValidationError("--resamples must be between 1 and 1000000") }
    }

    func run() throws {
        let gate = Gate(maxDrop: maxDrop, bootstrap: PairedBootstrap(resamples: resamples, confidence: confidence, seed: seed),
                        acrossWeights: acrossWeights, correction: correction)
        let report = gate.compare(baseline: URL(fileURLWithPath: baseline), candidate: URL(fileURLWithPath: candidate))
        print(report.markdown)
        for problem in report.problems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
        if let json {
            do {
                try report.writeJSON(to: URL(fileURLWithPath: json))
            } catch {
                // Not a regression: say so with the unusable-input status rather than ArgumentParser's 1.
                FileHandle.standardError.write(Data("error: cannot write \(json): \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        if report.status != .pass { throw ExitCode(report.status.exitCode) }
    }
}

extension MultipleTestingCorrection: ExpressibleByArgument {}
