import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench cache stats`: what the cache holds per model, its size, and whether the file is sound.
struct CacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show the embedding cache: embeddings and bytes per model, file size, integrity check.")

    @OptionGroup var location: CacheLocation

    func run() throws {
        let stats = try EmbeddingCache(directory: location.directory).stats()
        print("\(stats.file.path): \(stats.fileBytes) bytes on disk, integrity \(stats.integrity.joined(separator: "; "))\n")
        guard !stats.models.isEmpty else { return print("no embeddings stored") }
        print("| model | key | dim | embeddings | bytes | last used |")
        print("| --- | --- | --- | --- | --- | --- |")
        let dates = ISO8601DateFormatter()
        for model in stats.models {
            print("| \(model.label) | \(model.key.prefix(12))… | \(model.dimension) | \(model.embeddings) | \(model.bytes) | \(dates.string(from: model.lastUsed)) |")
        }
        print("\ntotal: \(stats.embeddings) embeddings of \(stats.models.count) models, \(stats.bytes) bytes")
        guard stats.integrity == ["ok"] else {
            throw EvalBenchError("the cache fails its integrity check (above): `evalbench cache prune --all` replaces it with an empty one")
        }
    }
}
