import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench report`: the leaderboard (leaderboard.json, leaderboard.md and the self-contained leaderboard.html
/// with its plots) rebuilt from the result files of an existing results folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write leaderboard.html (table and plots), leaderboard.md and leaderboard.json from a results folder.",
        aliases: ["leaderboard"])

    @Argument(help: "The results folder (of `evalbench run`, or of `evalbench compare` for the agreement plot).")
    var results = "Results"

    func run() throws {
        let root = URL(fileURLWithPath: results)
        let leaderboard = try Leaderboard(root: root)
        for skipped in leaderboard.skipped { FileHandle.standardError.write(Data("warning: not in the leaderboard: \(skipped)\n".utf8)) }
        try leaderboard.write(to: root)
        print(leaderboard.markdown)
        print("wrote \(["leaderboard.html", "leaderboard.md", "leaderboard.json"].map { root.appendingPathComponent($0).path }.joined(separator: ", "))")
    }
}
