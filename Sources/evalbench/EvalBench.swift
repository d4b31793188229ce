import ArgumentParser

/// The evalbench command line: evaluate, embed and benchmark text-embedding models.
@main
struct EvalBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalbench",
        abstract: "Evaluate and benchmark text-embedding models.",
        subcommands: [RunCommand.self, TasksCommand.self, LeaderboardCommand.self, EmbedCommand.self, BenchCommand.self,
                      GateCommand.self, CompareCommand.self, ServeCommand.self, CacheCommand.self])

    static func main() async {
        OpenBLASRestart.ifOpenBLASFellBack()
        await main(nil)
    }
}
