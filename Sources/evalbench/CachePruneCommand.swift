import ArgumentParser
import EvalBenchCore
import Foundation

/// `evalbench cache prune`: remove old or least recently used embeddings, or all of them.
struct CachePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove embeddings from the cache: those unused for some days, the least recently used beyond a size, or all.",
        discussion: "--all also replaces a corrupt cache file with a new, empty one.")

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Remove embeddings last used more than DAYS days ago.", valueName: "days"))
    var olderThan: Double?

    @Option(name: .customLong("max-bytes"), help: ArgumentHelp("Then remove the least recently used until the rows take at most N bytes.", valueName: "n"))
    var maxBytes: Int?

    @Flag(help: "Remove everything (a corrupt file is replaced by an empty one).")
    var all = false

    @OptionGroup var location: CacheLocation

    func validate() throws {
        if all && (olderThan != nil || maxBytes != nil) { throw ValidationError("--all removes everything: give it without --older-than and --max-bytes") }
        if !all && olderThan == nil && maxBytes == nil { throw ValidationError("say what to remove: --older-than DAYS, --max-bytes N or --all") }
        if let olderThan, !(olderThan >= 0) { throw ValidationError("--older-than takes a number of days, 0 or more") }
        if let maxBytes, maxBytes < 0 { throw ValidationError("--max-bytes takes a number of bytes, 0 or more") }
    }

    func run() throws {
        let report = all
            ? try EmbeddingCache.pruneAll(directory: location.directory)
            : try EmbeddingCache(directory: location.directory).prune(
                olderThan: olderThan.map { Date(timeIntervalSinceNow: -$0 * 86_400) }, maxBytes: maxBytes)
        let file = location.directory.appendingPathComponent(EmbeddingCache.fileName).path
        if let reason = report.replacedBecause {
            print("\(reason): replaced it with a new, empty cache")
        } else {
            print("removed \(report.removedEmbeddings) embeddings, \(report.remainingEmbeddings) remain")
        }
        print("\(file): \(report.fileBytesBefore) → \(report.fileBytesAfter) bytes")
    }
}
