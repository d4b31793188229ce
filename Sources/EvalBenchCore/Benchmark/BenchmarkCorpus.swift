import Foundation

/// The two corpora of the encoder benchmark, read from the real data folder (never bundled):
/// short sentences (STSBenchmark test, both sides) and long documents (the first 2000 SciFact documents,
/// title + text, which the model truncates to its max length).
public struct BenchmarkCorpus {
    public let name: String
    public let texts: [String]

    /// STSBenchmark's test sentences and SciFact's first `documents` documents, each at most `limit` texts (the first ones),
    /// the documents named with the model's token limit `maxTokens`.
    public static func standard(dataDirectory: URL, documents: Int = 2000, limit: Int = .max, maxTokens: Int) throws -> [BenchmarkCorpus] {
        let sts = dataDirectory.appendingPathComponent("STSBenchmark/test.jsonl")
        let scifact = dataDirectory.appendingPathComponent("SciFact/corpus.jsonl")
        let sentences = try JSONLines.read(sts).flatMap { row -> [String] in
            [try row.string("sentence1"), try row.string("sentence2")]
        }
        let docs = try JSONLines.read(scifact, limit: min(documents, limit)).map { row -> String in
            let title = (try? row.string("title")) ?? ""
            let text = try row.string("text")
            return (title.isEmpty ? text : title + " " + text).trimmingCharacters(in: .whitespaces)
        }
        // One text per line for the peer process: newlines inside a text become spaces for both sides.
        func flat(_ texts: [String]) -> [String] { texts.map { $0.replacingOccurrences(of: "\n", with: " ") } }
        return [
            BenchmarkCorpus(name: "short (STSBenchmark test sentences)", texts: flat(Array(sentences.prefix(limit)))),
            BenchmarkCorpus(name: "long (SciFact first \(docs.count) docs, ≤\(maxTokens) tokens)", texts: flat(docs)),
        ]
    }
}
