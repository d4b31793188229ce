import Common
import Encoders
import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// The embedding cache on its own, with a made-up 4-dimensional model: keys, corruption reports and recovery,
/// statistics, pruning by age and size.
@Suite struct EmbeddingCacheTests {
    static let texts = (0..<10).map { "text number \($0)" }

    /// A cache in `folder` holding `texts` (row i = [i, i + 0.25, i + 0.5, i + 0.75]) for model "m".
    func filled(_ folder: TemporaryFolder) throws -> (EmbeddingCache, EmbeddingCache.Model) {
        let cache = try EmbeddingCache(directory: folder.url)
        let model = try cache.model(key: "m", dimension: 4, label: "made-up 4-d model")
        let values = Self.texts.indices.flatMap { i in (0..<4).map { Float(i) + Float($0) / 4 } }
        try cache.store(Self.texts, prompt: nil, embeddings: EmbeddingMatrix(rows: Self.texts.count, dimension: 4, values: values), model: model)
        return (cache, model)
    }

    /// The message of the error `body` throws, or nil.
    func failure(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return String(describing: error) }
        return nil
    }

    @Test func storedVectorsComeBackUnderTheirPromptAndModelOnly() throws {
        let folder = TemporaryFolder("cache-keys")
        defer { folder.remove() }
        let (cache, model) = try filled(folder)
        let found = try cache.lookup(["text number 3", "never stored"], prompt: nil, model: model)
        #expect(found[0] == [3, 3.25, 3.5, 3.75])
        #expect(found[1] == nil)
        // Another prompt, the empty prompt and another model are other keys.
        #expect(try cache.lookup(["text number 3"], prompt: "query: ", model: model) == [nil])
        #expect(try cache.lookup(["text number 3"], prompt: "", model: model) == [nil])
        let other = try cache.model(key: "m2", dimension: 4, label: "another model")
        #expect(try cache.lookup(["text number 3"], prompt: nil, model: other) == [nil])
        // A second connection (another run) sees what the first stored.
        let again = try EmbeddingCache(directory: folder.url)
        #expect(try again.lookup(["text number 9"], prompt: nil, model: try again.model(key: "m", dimension: 4, label: "x"))[0] == [9, 9.25, 9.5, 9.75])
        let mismatch = failure { _ = try again.model(key: "m", dimension: 8, label: "made-up") }
        #expect(mismatch?.contains("with 4 dimensions, but the model returns 8") == true)
        // Text keys are SHA-256 digests: the bytes of the hex digest the rest of evalbench uses.
        let data = Data("-text number 3".utf8)
        #expect(CacheRecord.textKey("text number 3", prompt: nil) == SHA256.digest(of: data))
        #expect(SHA256.digest(of: data).map { String(format: "%02x", $0) }.joined() == SHA256.hex(of: data))
    }

    @Test func garbageHeaderIsReportedAsCorruptAndPruneAllStartsOver() throws {
        let folder = TemporaryFolder("cache-header")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent(EmbeddingCache.fileName)
        do { _ = try filled(folder) }  // closed here: the last connection folds the log into the file
        let handle = try FileHandle(forWritingTo: file)
        handle.write(Data(repeating: 0x5a, count: 100))
        try handle.close()
        let message = failure { _ = try EmbeddingCache(directory: folder.url).stats() }
        #expect(message?.contains("the embedding cache \(file.path) is corrupt") == true, "\(message ?? "no error")")
        #expect(message?.contains("evalbench cache prune --all") == true)

        let report = try EmbeddingCache.pruneAll(directory: folder.url)
        #expect(report.replacedBecause?.contains("is corrupt") == true)
        let fresh = try EmbeddingCache(directory: folder.url).stats()
        #expect(fresh.integrity == ["ok"] && fresh.embeddings == 0)
    }

    @Test func flippedOrTruncatedVectorFailsItsCheck() throws {
        let folder = TemporaryFolder("cache-flip")
        defer { folder.remove() }
        let (cache, model) = try filled(folder)
        let key = CacheRecord.textKey("text number 5", prompt: nil)
        let read = try cache.database.prepare("SELECT vector FROM embeddings WHERE text_key = ?")
        try read.bind(1, blob: key)
        #expect(try read.step())
        var bytes = read.blob(0)
        read.reset()
        bytes[6] ^= 0x01
        let update = try cache.database.prepare("UPDATE embeddings SET vector = ? WHERE text_key = ?")
        try update.bind(1, blob: bytes)
        try update.bind(2, blob: key)
        try update.step()
        update.reset()
        #expect(cache.database.changes == 1)

        let flipped = failure { _ = try cache.lookup(["text number 4", "text number 5"], prompt: nil, model: model) }
        #expect(flipped?.contains("\(cache.file.path) is corrupt: the stored embedding of \"text number 5\" (made-up 4-d model) fails its checksum") == true,
                "\(flipped ?? "no error")")
        // 22: `cache stats` reads every vector, so it does not call "ok" a file that a run then calls corrupt.
        let integrity = try cache.stats().integrity
        #expect(integrity.count == 1 && integrity[0].contains("fails its checksum"), "\(integrity)")
        try update.bind(1, blob: Array(bytes.prefix(12)))
        try update.step()
        let truncated = failure { _ = try cache.lookup(["text number 5"], prompt: nil, model: model) }
        #expect(truncated?.contains("has 12 bytes where 4 float32 values take 16") == true, "\(truncated ?? "no error")")

        // Healthy rows still read; pruning everything leaves a working, empty cache.
        #expect(try cache.lookup(["text number 4"], prompt: nil, model: model)[0] == [4, 4.25, 4.5, 4.75])
        #expect(try cache.prune(all: true).removedEmbeddings == 10)
        let model2 = try cache.model(key: "m", dimension: 4, label: "made-up 4-d model")
        #expect(try cache.lookup(["text number 5"], prompt: nil, model: model2) == [nil])
    }

    @Test func statsCountRowsAndPruneRemovesTheLeastRecentlyUsed() throws {
        let folder = TemporaryFolder("cache-prune")
        defer { folder.remove() }
        let (cache, model) = try filled(folder)
        // Row i last used i days ago.
        let now = Date().timeIntervalSince1970
        let age = try cache.database.prepare("UPDATE embeddings SET last_used = ? WHERE text_key = ?")
        for (i, text) in Self.texts.enumerated() {
            try age.bind(1, now - Double(i) * 86_400)
            try age.bind(2, blob: CacheRecord.textKey(text, prompt: nil))
            try age.step()
            age.reset()
        }
        let rowBytes = 32 + 16 + 16  // key, vector, checksum and time
        let stats = try cache.stats()
        #expect(stats.integrity == ["ok"])
        #expect(stats.models.count == 1 && stats.models[0].label == "made-up 4-d model" && stats.models[0].dimension == 4)
        #expect(stats.embeddings == 10 && stats.bytes == 10 * rowBytes)
        #expect(stats.fileBytes > 0 && stats.file == folder.url.appendingPathComponent("embeddings.sqlite"))

        // Older than 6.5 days: rows 7, 8, 9.
        let byAge = try cache.prune(olderThan: Date(timeIntervalSince1970: now - 6.5 * 86_400))
        #expect(byAge.removedEmbeddings == 3 && byAge.remainingEmbeddings == 7)
        // Reading row 6 makes it the most recently used, so a size limit of three rows keeps 6, 0 and 1.
        _ = try cache.lookup(["text number 6"], prompt: nil, model: model)
        let bySize = try cache.prune(maxBytes: 3 * rowBytes + 10)
        #expect(bySize.removedEmbeddings == 4 && bySize.remainingEmbeddings == 3)
        let kept = try cache.lookup(Self.texts, prompt: nil, model: model).enumerated().compactMap { $0.element == nil ? nil : $0.offset }
        #expect(kept == [0, 1, 6])
        #expect(try cache.prune(maxBytes: 0).remainingEmbeddings == 0)
        #expect(try cache.stats().models.isEmpty)
    }

    @Test func defaultFolderFollowsTheEnvironment() {
        #expect(EmbeddingCache.defaultDirectory(environment: ["EVALBENCH_CACHE": "/c", "XDG_CACHE_HOME": "/x"]).path == "/c")
        #expect(EmbeddingCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x"]).path == "/x/evalbench")
        #expect(EmbeddingCache.defaultDirectory(environment: [:]).path.hasSuffix("/.cache/evalbench"))
    }
}
