import ArgumentParser
import EvalBenchCore
import Foundation

/// `--cache-dir`: which embedding cache a command uses.
struct CacheLocation: ParsableArguments {
    @Option(name: .customLong("cache-dir"),
            help: ArgumentHelp("Embedding cache folder (default: EVALBENCH_CACHE, else XDG_CACHE_HOME/evalbench, else ~/.cache/evalbench).",
                               valueName: "dir"))
    var cacheDir: String?

    var directory: URL { cacheDir.map { URL(fileURLWithPath: $0) } ?? EmbeddingCache.defaultDirectory() }
}

/// `--cache-dir` and `--no-cache`: where `run` keeps the embeddings it computes, or that it keeps none.
struct CacheOptions: ParsableArguments {
    @OptionGroup var location: CacheLocation

    @Flag(name: .customLong("no-cache"), help: "Encode every text; read and write no embedding cache.")
    var noCache = false

    func validate() throws {
        if noCache && location.cacheDir != nil { throw ValidationError("--no-cache and --cache-dir exclude each other") }
    }

    /// The cache to use, or nil with --no-cache.
    func open() throws -> EmbeddingCache? {
        noCache ? nil : try EmbeddingCache(directory: location.directory)
    }
}
