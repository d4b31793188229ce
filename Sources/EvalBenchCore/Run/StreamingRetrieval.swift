import Foundation
import Kernels

/// A BEIR retrieval split whose corpus never sits in memory: its rows are read a chunk at a time, encoded (through
/// the embedding cache when there is one) and appended to a float32 file beside the results; each dimension and
/// precision then searches that file a block at a time with exact top-k merged across blocks. Memory is bounded by
/// the chunk and block sizes and the queries, not the corpus (the document ids stay in memory, for the qrels).
extension Runner {
    /// Whether `task`'s corpus is streamed: asked for, or a corpus file of at least `RunConfiguration.streamingThreshold`.
    func streams(_ task: TaskDefinition, split: String) throws -> Bool {
        if configuration.streamCorpus { return true }
        let corpus = try loader.expectedFiles(task, split: split)[0]
        let size = (try? FileManager.default.attributesOfItem(atPath: corpus.path)[.size] as? Int) ?? 0
        return size >= RunConfiguration.streamingThreshold
    }

    func runStreaming(_ task: TaskDefinition, kind: RetrievalTask, split: String) throws -> [TaskResult] {
        let files = try loader.presentFiles(task, split: split)
        let before = Counters(store)
        let progress = ProgressReporter("\(task.name) [\(split)]", style: configuration.progress)
        store.progress = progress
        defer { store.progress = nil }
        let queryPrompt = try prompts.choose(task: task, role: .query), documentPrompt = try prompts.choose(task: task, role: .document)

        // The corpus, a chunk at a time, into a file of full-dimension rows removed when the task is done.
        let folder = configuration.output.appendingPathComponent(".evalbench-stream")
        let matrix = try OnDiskMatrix(url: folder.appendingPathComponent("\(task.name)-\(split)-\(UUID().uuidString).f32"), dimension: encoder.dimension)
        defer { try? FileManager.default.removeItem(at: matrix.url) }
        var ids: [String] = [], seen = Set<String>(), texts: [String] = [], bytes = 0
        func flush() throws {
            guard !texts.isEmpty else { return }
            try matrix.append(try store.stream(texts, prompt: documentPrompt?.text))
            texts.removeAll(keepingCapacity: true)
            bytes = 0
        }
        try JSONLines.forEach(files[0]) { row in
            let document = try BEIRReader.document(row, seen: &seen)
            ids.append(document.id)
            texts.append(document.text)
            bytes += document.text.utf8.count
            if texts.count == configuration.streamChunk || bytes >= configuration.streamChunkBytes { try flush() }
            return true
        }
        try flush()

        // Queries and judgements as the in-memory reader takes them: unjudged queries dropped, then --limit.
        var queries = try BEIRReader.readQueries(files[1])
        var (qrels, warnings) = try BEIRReader.readQrels(files[2], queryIDs: Set(queries.map(\.id)), documentIDs: seen)
        warnings.forEach(onWarning)
        queries = queries.filter { qrels[$0.id] != nil }
        if let limit = configuration.limit {
            queries = Array(queries.prefix(limit))
            let kept = Set(queries.map(\.id))
            qrels = qrels.filter { kept.contains($0.key) }
        }
        guard !ids.isEmpty, !queries.isEmpty else { throw EvalBenchError("task \(task.name): split '\(split)' has no examples") }
        store.announce([(queries.map(\.text), queryPrompt?.text)])
        let queryEmbeddings = try store.embeddings(queries.map(\.text), prompt: queryPrompt?.text)
        progress.finish()

        let search = Search(queryIDs: queries.map(\.id), documentIDs: ids, similarity: encoder.similarity, threads: configuration.threads)
        let renormalize = encoder.similarity == .cosine
        var prompts: [TaskRole: PromptSelector.Choice] = [:]
        prompts[.query] = queryPrompt
        prompts[.document] = documentPrompt
        return try record(task, split: split, since: before, prompts: prompts) { dimension in
            let q = queryEmbeddings.dimension == dimension ? queryEmbeddings : queryEmbeddings.truncated(to: dimension, renormalize: renormalize)
            let documents = DocumentBlocks(file: matrix, dimension: dimension, renormalize: renormalize, blockSize: configuration.streamBlockRows)
            return { precision, context in
                try kind.evaluate(queries: q, documents: documents, search: search, qrels: qrels, precision: precision, context: context)
            }
        }
    }
}
