import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// `evalbench cache stats|prune` as a user meets them: bad flags get a sentence, a corrupt file is named, and
/// `prune --all` gives a working cache back.
@Suite struct CacheCommandTests {
    @Test func badFlagsAreRefusedWithASentence() throws {
        let folder = TemporaryFolder("cache-cli-flags")
        defer { folder.remove() }
        let none = try EvalbenchExecutable.run(["cache", "prune", "--cache-dir", folder.url.path])
        #expect(none.status == 64 && none.error.contains("say what to remove: --older-than DAYS, --max-bytes N or --all"), "\(none.error)")
        let both = try EvalbenchExecutable.run(["cache", "prune", "--all", "--max-bytes", "10", "--cache-dir", folder.url.path])
        #expect(both.status == 64 && both.error.contains("--all removes everything"), "\(both.error)")
        let run = try EvalbenchExecutable.run(["run", "--task", "EvalBenchSTS", "--no-cache", "--cache-dir", folder.url.path])
        #expect(run.status == 64 && run.error.contains("--no-cache and --cache-dir exclude each other"), "\(run.error)")
    }

    @Test func corruptFileIsNamedAndPruneAllRecovers() throws {
        let folder = TemporaryFolder("cache-cli-corrupt")
        defer { folder.remove() }
        do {
            let cache = try EmbeddingCache(directory: folder.url)
            let model = try cache.model(key: "m", dimension: 2, label: "made-up 2-d model")
            try cache.store(["a", "b"], prompt: nil, embeddings: EmbeddingMatrix(rows: 2, dimension: 2, values: [1, 0, 0, 1]), model: model)
        }
        let healthy = try EvalbenchExecutable.run(["cache", "stats", "--cache-dir", folder.url.path])
        #expect(healthy.status == 0 && healthy.output.contains("integrity ok") && healthy.output.contains("| made-up 2-d model | m… | 2 | 2 |"),
                "\(healthy.output)")

        let file = folder.url.appendingPathComponent(EmbeddingCache.fileName)
        try Data(repeating: 0xff, count: 4096).write(to: file)
        let broken = try EvalbenchExecutable.run(["cache", "stats", "--cache-dir", folder.url.path])
        #expect(broken.status == 1 && broken.error.contains("the embedding cache \(file.path) is corrupt"), "\(broken.error)")

        let pruned = try EvalbenchExecutable.run(["cache", "prune", "--all", "--cache-dir", folder.url.path])
        #expect(pruned.status == 0 && pruned.output.contains("replaced it with a new, empty cache"), "\(pruned.output)")
        let fresh = try EvalbenchExecutable.run(["cache", "stats", "--cache-dir", folder.url.path])
        #expect(fresh.status == 0 && fresh.output.contains("integrity ok") && fresh.output.contains("no embeddings stored"), "\(fresh.output)")
    }
}
