import Encoders
import Foundation
import Kernels

/// Every (prompt, text) embedded during a run, at the model's full dimension: a text needed by
/// several tasks, dimensions or precisions is encoded once. With a cache, texts stored by an earlier run are
/// reused, and new embeddings are stored a chunk at a time as they are encoded.
public final class EmbeddingStore {
    let encoder: Encoder
    let cache: EmbeddingCache?
    /// Texts per encoder call when there is a cache: each chunk is stored as soon as it is encoded, so a killed
    /// run loses at most one chunk.
    let chunkSize: Int
    var cacheModel: EmbeddingCache.Model?
    var rows: [String: [String: Int]] = [:]
    var values: [Float] = []
    /// Texts actually sent to the encoder, texts read from the cache, and wall time spent encoding.
    public private(set) var encodedCount = 0
    public private(set) var reusedCount = 0
    public private(set) var encodingSeconds = 0.0
    /// The current task's progress: the store tells it the texts it will encode, encodes and finds in the cache.
    public var progress: ProgressReporter?

    public init(encoder: Encoder, cache: EmbeddingCache? = nil, chunkSize: Int = 256) {
        precondition(chunkSize > 0, "EmbeddingStore: chunkSize must be positive")
        self.encoder = encoder
        self.cache = cache
        self.chunkSize = chunkSize
    }

    /// Tells the progress, before any is fetched, how many distinct texts of these requests are not in memory yet
    /// (the cache's share is taken off as it is found).
    func announce(_ requests: [(texts: [String], prompt: String?)]) {
        guard let progress else { return }
        var pending: [String: Set<String>] = [:]
        for (texts, prompt) in requests {
            let known = rows[prompt ?? ""] ?? [:]
            for text in texts where known[text] == nil { pending[prompt ?? "", default: []].insert(text) }
        }
        progress.expect(pending.values.reduce(0) { $0 + $1.count })
    }

    /// The embeddings of `texts` with `prompt`, encoding those neither seen before nor in the cache.
    public func embeddings(_ texts: [String], prompt: String?) throws -> EmbeddingMatrix {
        let key = prompt ?? ""
        var known = rows[key, default: [:]]
        var missing: [String] = []
        var pending = Set<String>()
        for text in texts where known[text] == nil && pending.insert(text).inserted { missing.append(text) }
        if !missing.isEmpty {
            let first = values.count / encoder.dimension
            for (i, vector) in try fetch(missing, prompt: prompt).enumerated() {
                values.append(contentsOf: vector)
                known[missing[i]] = first + i
            }
            rows[key] = known
        }
        let d = encoder.dimension
        var out = [Float](repeating: 0, count: texts.count * d)
        for (i, text) in texts.enumerated() {
            let row = known[text]!
            out.replaceSubrange((i * d)..<((i + 1) * d), with: values[(row * d)..<((row + 1) * d)])
        }
        return EmbeddingMatrix(rows: texts.count, dimension: d, values: out)
    }

    /// The embeddings of `texts` with `prompt`, from the cache or the encoder, kept nowhere in memory: a streamed
    /// corpus passes through a chunk at a time. A text repeated within the chunk is encoded once.
    public func stream(_ texts: [String], prompt: String?) throws -> EmbeddingMatrix {
        var position: [String: Int] = [:], distinct: [String] = []
        for text in texts where position[text] == nil {
            position[text] = distinct.count
            distinct.append(text)
        }
        progress?.expect(distinct.count)
        let vectors = try fetch(distinct, prompt: prompt)
        var values: [Float] = []
        values.reserveCapacity(texts.count * encoder.dimension)
        for text in texts { values += vectors[position[text]!] }
        return EmbeddingMatrix(rows: texts.count, dimension: encoder.dimension, values: values)
    }

    /// The embeddings of `texts` (distinct, none in memory), in order: from the cache where stored, else encoded.
    func fetch(_ texts: [String], prompt: String?) throws -> [ArraySlice<Float>] {
        guard let cache else {
            let fresh = try encode(texts, prompt: prompt)
            return (0..<texts.count).map { fresh.values[($0 * fresh.dimension)..<(($0 + 1) * fresh.dimension)] }
        }
        let model = try cacheModel ?? cache.model(key: encoder.cacheKey, dimension: encoder.dimension,
                                                  label: "\(encoder.identity.name) \(encoder.identity.weights)")
        cacheModel = model
        var found = try cache.lookup(texts, prompt: prompt, model: model).map { $0.map { ArraySlice($0) } }
        let misses = found.indices.filter { found[$0] == nil }
        reusedCount += texts.count - misses.count
        progress?.reuse(texts.count - misses.count)
        for start in stride(from: 0, to: misses.count, by: chunkSize) {
            let chunk = Array(misses[start..<min(start + chunkSize, misses.count)])
            let chunkTexts = chunk.map { texts[$0] }
            let fresh = try encode(chunkTexts, prompt: prompt)
            try cache.store(chunkTexts, prompt: prompt, embeddings: fresh, model: model)
            for (row, index) in chunk.enumerated() { found[index] = fresh.values[(row * fresh.dimension)..<((row + 1) * fresh.dimension)] }
        }
        return found.map { $0! }
    }

    /// Sends `texts` to the encoder, counting them and the time taken.
    func encode(_ texts: [String], prompt: String?) throws -> EmbeddingMatrix {
        let start = Date()
        let progress = self.progress, before = progress?.done ?? 0
        let fresh = try encoder.embed(texts, prompt: prompt, progress: progress.map { progress in { progress.update(before + $0) } })
        encodingSeconds += Date().timeIntervalSince(start)
        encodedCount += texts.count
        return fresh
    }
}
