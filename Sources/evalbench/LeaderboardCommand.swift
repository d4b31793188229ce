import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench leaderboard`: rebuild leaderboard.json and leaderboard.md from result files.
struct LeaderboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard", abstract: "Write leaderboard.json and leaderboard.md from a results folder.")

    @Argument(help: "The results folder.")
    var results = "Results"

    func run() throws {
        let root = URL(fileURLWithPath: results)
        let leaderboard = try Leaderboard(root: root)
        for skipped in leaderboard.skipped { FileHandle.standardError.write(Data("warning: not in the leaderboard: \(skipped)\n".utf8)) }
        try leaderboard.write(to: root)
        print(leaderboard.markdown)
    }
}
