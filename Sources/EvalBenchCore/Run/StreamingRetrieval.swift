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
        let queryPrompt = try prompts.choose(task: task, role: .query), documentPrompt = try prompts.choose(task: task, role: .document)

        // The corpus, a chunk at a time, into a file of full-dimension rows removed when the task is done.
        let folder = configuration.output.appendingPathComponent(".evalbench-stream")
        let matrix = try OnDiskMatrix(url: folder.appendingPathComponent("\(task.name)-\(split)-\(UUID().uuidString).f32"), dimension: encoder.dimension)
        defer { try? FileManager.default.removeItem(at: matrix.url) }
        let (ids, judged, queryEmbeddings) = try encodingTracked(task, split: split) { () throws -> ([String], RetrievalTask.Examples, EmbeddingMatrix) in
            let (ids, seen) = try streamCorpus(files[0], into: matrix, prompt: documentPrompt?.text)
            // Queries and judgements as the in-memory reader takes them: unjudged queries dropped, then --limit.
            let all = try BEIRReader.judgedQueries(files[1], qrels: files[2], documentIDs: seen)
            all.warnings.forEach(onWarning)
            let judged = configuration.limit.map(all.limited) ?? all
            guard !ids.isEmpty, !judged.queries.isEmpty else { throw EvalBenchError("task \(task.name): split '\(split)' has no examples") }
            store.announce([(judged.queries.map(\.text), queryPrompt?.text)])
            return (ids, judged, try store.embeddings(judged.queries.map(\.text), prompt: queryPrompt?.text))
        }

        let search = Search(queryIDs: judged.queries.map(\.id), documentIDs: ids, similarity: encoder.similarity, threads: configuration.threads)
        var prompts: [TaskRole: PromptSelector.Choice] = [:]
        prompts[.query] = queryPrompt
        prompts[.document] = documentPrompt
        return try record(task, split: split, since: before, prompts: prompts, concurrently: false) { dimension in
            let q = queryEmbeddings.matryoshka(dimension, similarity: encoder.similarity)
            let documents = DocumentBlocks(file: matrix, dimension: dimension, similarity: encoder.similarity, blockSize: configuration.streamBlockRows)
            return { precision, context in
                try kind.evaluate(queries: q, documents: documents, search: search, qrels: judged.qrels, precision: precision, context: context)
            }
        }
    }

    /// Reads `corpus` a row at a time and appends its embeddings to `matrix` a chunk at a time (`streamChunk` texts or
    /// `streamChunkBytes` of text); the document ids in order, and as a set for the qrels.
    func streamCorpus(_ corpus: URL, into matrix: OnDiskMatrix, prompt: String?) throws -> ([String], Set<String>) {
        var ids: [String] = [], seen = Set<String>(), texts: [String] = [], bytes = 0
        func flush() throws {
            guard !texts.isEmpty else { return }
            try matrix.append(try store.stream(texts, prompt: prompt))
            texts.removeAll(keepingCapacity: true)
            bytes = 0
        }
        try JSONLines.forEach(corpus) { row in
            let document = try BEIRReader.document(row, seen: &seen)
            ids.append(document.id)
            texts.append(document.text)
            bytes += document.text.utf8.count
            if texts.count == configuration.streamChunk || bytes >= configuration.streamChunkBytes { try flush() }
            return true
        }
        try flush()
        return (ids, seen)
    }
}
