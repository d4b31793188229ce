import ArgumentParser

/// `evalbench cache`: look at and trim the embedding cache that `run` fills.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Show or trim the on-disk embedding cache.",
        subcommands: [CacheStatsCommand.self, CachePruneCommand.self])
}
