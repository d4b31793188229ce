import Encoders
import Foundation
import Testing
@testable import EvalBenchCore

/// A streamed corpus (read a chunk at a time, its embeddings in a file searched a block at a time) scores exactly as
/// the same corpus evaluated in memory, at every dimension and precision, with blocks far smaller than the corpus;
/// the file is removed afterwards.
@Suite(.serialized) struct StreamingRetrievalTests {
    func run(stream: Bool, output: URL) throws -> [TaskResult] {
        let encoder = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
        let registry = try TaskRegistry(folder: RunnerTests.tasksFolder)
        var configuration = RunConfiguration(tasks: [try registry.task(named: "EvalBenchRetrieval")], dimensions: [384, 128],
                                             precisions: [.float32, .int8, .binary], rescore: true, output: output, limit: 80, threads: 2,
                                             progress: .quiet)
        configuration.streamCorpus = stream
        // 300 documents: chunks of 64 texts to encode, blocks of 48 rows to search (not a multiple of either).
        configuration.streamChunk = 64
        configuration.streamBlockRows = 48
        return try Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration).run()
    }

    @Test func aStreamedCorpusScoresAsInMemory() throws {
        let folder = TemporaryFolder("streaming")
        defer { folder.remove() }
        let memory = try run(stream: false, output: folder.url.appendingPathComponent("memory"))
        let streamed = try run(stream: true, output: folder.url.appendingPathComponent("streamed"))
        #expect(memory.count == 6 && streamed.count == 6)
        for (a, b) in zip(memory, streamed) {
            #expect(a.dimension == b.dimension && a.precision == b.precision)
            // Every metric, not only the main score; the encoder saw the same texts in the same calls.
            #expect(a.scores == b.scores, "\(a.dimension) \(a.precision): \(a.mainScore ?? -1) vs \(b.mainScore ?? -1)")
            #expect(a.dataSHA256 == b.dataSHA256 && a.encodedTexts == b.encodedTexts)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("streamed/.evalbench-stream").path)
        #expect(leftovers.isEmpty)
    }
}
