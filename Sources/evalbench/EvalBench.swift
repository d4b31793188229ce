import ArgumentParser
import Foundation

/// The evalbench command line: evaluate, embed and benchmark text-embedding models.
@main
struct EvalBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalbench",
        abstract: "Evaluate and benchmark text-embedding models.",
        subcommands: [RunCommand.self, TasksCommand.self, ReportCommand.self, EmbedCommand.self, BenchCommand.self,
                      GateCommand.self, CompareCommand.self, ServeCommand.self, CacheCommand.self, DownloadCommand.self, BenchmarksCommand.self])

    static func main() async {
        // Each result line reaches stdout whole and at once, even into a pipe shared with stderr's progress lines.
        setvbuf(stdout, nil, _IOLBF, 0)
        OpenBLASRestart.ifOpenBLASFellBack()
        AddressSpaceLimit.warnIfLow()
        await main(nil)
    }
}
