@testable import Encoders
import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// A tiny random BERT that declares `similarity_fn_name: dot` and `default_prompt_name: classification` and has no
/// Normalize module, against sentence-transformers 6.2 (Fixtures/tiny-dot-bert, made by scripts/make_similarity_fixtures.py):
/// token ids with the default prompt, every similarity function's query × document matrix, and retrieval and STS scores
/// as mteb computes them with the model's own similarity.
@Suite(.serialized) struct SimilarityReferenceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tiny-dot-bert")

    struct Similarity: Decodable {
        /// Indices into texts.json.
        var queries: [Int]
        var documents: [Int]
        var query_prompt: String
        var document_prompt: String
        var matrix: [String: [[Double]]]
    }

    struct Scores: Decodable {
        struct Retrieval: Decodable { var ndcg_at_10: Double }
        struct STS: Decodable { var scores: [String: Double] }
        var retrieval: Retrieval
        var sts: STS
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func model() throws -> SentenceTransformer {
        try SentenceTransformer(location: .init(folder: fixtures.appendingPathComponent("model"), name: "tiny/dot-bert", revision: nil))
    }

    @Test func declaresDotAndADefaultPrompt() throws {
        let model = try Self.model()
        #expect(model.similarity == .dot && model.defaultPromptName == "classification")
        let texts = try Self.decode([String].self, "texts.json"), ids = try Self.decode([String: [[Int32]]].self, "token_ids.json")
        let prompt = try #require(model.prompts["classification"])
        #expect(texts.map { model.tokenize($0, prompt: prompt) } == ids["default_prompt"])
        #expect(texts.map { model.tokenize($0) } == ids["no_prompt"])
    }

    /// ExactSearch's scores for each function are sentence-transformers' `model.similarity` (distances negated), to
    /// float32 rounding of vectors with norms near 3.
    @Test(arguments: SimilarityFunction.allCases) func searchScoresAreSentenceTransformersSimilarity(_ function: SimilarityFunction) throws {
        let model = try Self.model(), reference = try Self.decode(Similarity.self, "similarity.json"), texts = try Self.decode([String].self, "texts.json")
        let queries = try model.embed(reference.queries.map { texts[$0] }, prompt: reference.query_prompt)
        let documents = try model.embed(reference.documents.map { texts[$0] }, prompt: reference.document_prompt)
        let hits = ExactSearch.topK(queries: queries, documents: documents, k: documents.rows, tieRank: Array(0..<documents.rows), similarity: function)
        let expected = try #require(reference.matrix[function.rawValue])
        var worst = 0.0
        for (q, row) in hits.enumerated() {
            #expect(row.count == documents.rows)
            for hit in row {
                let want = expected[q][hit.index], error = abs(Double(hit.score) - want) / max(1, abs(want))
                worst = max(worst, error)
                #expect(error <= 1e-5, "\(function) q\(q) d\(hit.index): \(hit.score) vs \(want)")
            }
        }
        print("bound \(function) scores vs sentence-transformers: largest relative difference \(worst) (bound 1e-5)")
    }

    /// End to end: retrieval ranks by dot (nDCG@10 is dot's, not cosine's 0.61294), STS reports the dot correlations
    /// as `pearson` / `spearman` beside cosine_*, and both sides of STS get the default prompt.
    @Test func scoresAsMTEBWithTheModelsSimilarity() throws {
        let output = TemporaryFolder("tiny-dot")
        defer { output.remove() }
        let registry = try TaskRegistry(folder: Self.fixtures.appendingPathComponent("tasks"))
        let configuration = RunConfiguration(tasks: registry.tasks, dimensions: [32], precisions: [.float32], rescore: false, output: output.url)
        let results = try Runner(encoder: try Self.model(), loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration).run()
        let reference = try Self.decode(Scores.self, "reference_scores.json")
        let retrieval = try #require(results.first { $0.task.name == "TinyDotRetrieval" })
        // nDCG moves only if float noise swaps two documents: 1e-6 is the 6 decimals results are stored with.
        print("bound TinyDotRetrieval nDCG@10 vs mteb: difference \(abs(try #require(retrieval.mainScore) - reference.retrieval.ndcg_at_10)) (bound 1e-6)")
        #expect(abs(try #require(retrieval.mainScore) - reference.retrieval.ndcg_at_10) < 1e-6)
        #expect(retrieval.prompts[.query]?.name == "query" && retrieval.prompts[.document]?.name == "document")
        let sts = try #require(results.first { $0.task.name == "TinyDotSTS" })
        #expect(sts.prompts[.first]?.name == "classification" && sts.prompts[.second]?.name == "classification")
        for (metric, value) in reference.sts.scores {
            // Pearson of float32 similarities differs from scipy's float64 in the 7th digit; Spearman's ranks are exact.
            let (difference, bound) = (abs((sts.scores[metric] ?? .nan) - value), metric.hasSuffix("pearson") ? 1e-5 : 1e-9)
            print("bound TinyDotSTS \(metric) vs scipy: difference \(difference) (bound \(bound))")
            #expect(difference < bound, "\(metric): \(sts.scores[metric] ?? .nan) vs \(value)")
        }
        #expect(try ResultFile.read(output.url.appendingPathComponent("tiny__dot-bert/no_revision_available/TinyDotSTS.json")).evalbench.similarity == "dot")
    }
}
