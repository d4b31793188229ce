import EvalMetrics
import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// The newer task kinds against mteb 2.26's own scoring code, on the seeded embeddings the scripts
/// `scripts/make_<kind>_references.py` wrote to Fixtures/.
@Suite struct TaskKindReferenceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("\(name).json"))) as! [String: Any]
    }

    static func matrix(_ rows: [[Double]]) -> EmbeddingMatrix {
        EmbeddingMatrix(rows: rows.count, dimension: rows[0].count, values: rows.flatMap { $0.map(Float.init) })
    }

    static func context(_ similarity: SimilarityFunction) -> EvaluationContext {
        EvaluationContext(taskName: "T", similarity: similarity, threads: 1)
    }

    /// Both sides compute the similarities in double from the same float32 vectors and the correlations with the same
    /// formulas; only the order of sums differs (1e-15), so 1e-9 leaves room without hiding a wrong rank.
    @Test(arguments: [SimilarityFunction.cosine, .dot]) func summarizationMatchesMTEB(_ similarity: SimilarityFunction) throws {
        let f = try Self.fixture("summarization")
        let (low, high) = (f["min_score"] as! Double, f["max_score"] as! Double)
        var rows: [SummarizationTask.Text] = [], human: [[Double]] = [], machine: [[Double]] = []
        for text in f["texts"] as! [[String: Any]] {
            let (h, m) = (text["human"] as! [[Double]], text["machine"] as! [[Double]])
            human += h
            machine += m
            rows.append(.init(human: h.map { _ in "h" }, machine: m.map { _ in "m" },
                              relevance: (text["relevance"] as! [Double]).map { ($0 - low) / (high - low) }))
        }
        let embeddings = RoleEmbeddings(byRole: [.humanSummary: Self.matrix(human), .machineSummary: Self.matrix(machine)])
        let outcome = try SummarizationTask(options: .init()).evaluate(.init(rows: rows), embeddings: embeddings, precision: .float32,
                                                                       context: Self.context(similarity))
        let expected = (f["expected"] as! [String: [String: Double]])[similarity.rawValue]!
        #expect(Set(outcome.scores.keys) == Set(expected.keys))
        let worst = expected.map { abs(outcome.scores[$0.key]! - $0.value) }.max()!
        print("bound summarization (\(similarity)) vs mteb: largest difference \(worst) (bound 1e-9)")
        #expect(worst < 1e-9)
        guard case .perQuery(let perText) = outcome.detail else { Issue.record("detail is \(outcome.detail.kind)"); return }
        let skipped = Set((f["skipped"] as! [Int]).map(String.init))
        #expect(Set(perText.keys) == Set((0..<rows.count).map(String.init)).subtracting(skipped))
        let mean = perText.values.reduce(0) { $0 + $1["cosine_spearman"]! } / Double(perText.count)
        #expect(abs(mean - outcome.scores["cosine_spearman"]!) < 1e-12)
    }

    /// The nearest neighbours come from float32 BLAS products, whose last digits vary across CPUs; the script checks
    /// the best and second-best scores of every row are more than 1e-5 apart, far above that noise, so the
    /// neighbours are mteb's and the scores (ratios of small counts) agree to rounding.
    @Test(arguments: [SimilarityFunction.cosine, .dot]) func bitextMiningMatchesMTEB(_ similarity: SimilarityFunction) throws {
        let f = try Self.fixture("bitext_mining")
        let (first, second) = (Self.matrix(f["sentence1"] as! [[Double]]), Self.matrix(f["sentence2"] as! [[Double]]))
        let examples = BitextMiningTask.Examples(sentence1: (0..<first.rows).map { "a\($0)" }, sentence2: (0..<second.rows).map { "b\($0)" })
        let outcome = try BitextMiningTask(options: .init()).evaluate(examples, embeddings: RoleEmbeddings(byRole: [.first: first, .second: second]),
                                                                      precision: .float32, context: Self.context(similarity))
        let expected = ((f["expected"] as! [String: Any])[similarity.rawValue] as! [String: Any])["scores"] as! [String: Double]
        #expect(Set(outcome.scores.keys) == Set(expected.keys))
        for (key, value) in expected { #expect(abs(outcome.scores[key]! - value) < 1e-12, "\(key): \(outcome.scores[key]!) vs \(value)") }
    }

    /// Both sides solve the same float64 least-squares problem with LAPACK's gelsd (scipy's driver) on the same
    /// float32-exact vectors: the predictions differ by about 1e-13 here; the script checks no two predictions lie
    /// within 1e-6 of each other, so Kendall's tau counts the same pairs, and 1e-8 bounds every score.
    @Test func regressionMatchesMTEB() throws {
        let f = try Self.fixture("regression")
        for c in f["cases"] as! [[String: Any]] {
            let train = (c["train_values"] as! [Double]).map { RegressionTask.Row(text: "", value: $0) }
            let test = (c["test_values"] as! [Double]).map { RegressionTask.Row(text: "", value: $0) }
            let embeddings = RoleEmbeddings(byRole: [.train: Self.matrix(c["train"] as! [[Double]]), .test: Self.matrix(c["test"] as! [[Double]])])
            let outcome = try RegressionTask(options: .init()).evaluate(.init(train: train, test: test), embeddings: embeddings, precision: .float32,
                                                                        context: Self.context(.cosine))
            let expected = c["scores"] as! [String: Double]
            #expect(Set(outcome.scores.keys) == Set(expected.keys))
            let worst = expected.map { abs(outcome.scores[$0.key]! - $0.value) / max(1, abs($0.value)) }.max()!
            print("bound regression (\(c["name"]!)) vs mteb: largest relative difference \(worst) (bound 1e-8)")
            #expect(worst < 1e-8, "\(c["name"]!)")
        }
    }

    /// numpy's `default_rng(seed).shuffle`, run on for a second shuffle, for 1- and 2-word seeds.
    @Test func shufflesExactlyAsNumPysDefaultRNG() throws {
        var last: (seed: UInt64, generator: NumPyGenerator)?
        for shuffle in try Self.fixture("multilabel_classification")["shuffles"] as! [[String: Any]] {
            let seed = UInt64(shuffle["seed"] as! Int)
            var generator = last?.seed == seed ? last!.generator : NumPyGenerator(seed: seed)
            var order = Array(0..<(shuffle["n"] as! Int))
            generator.shuffle(&order)
            #expect(order == shuffle["order"] as! [Int], "seed \(seed)")
            last = (seed, generator)
        }
    }

    /// The draws are mteb's rows exactly; the scores are ratios of counts over the same neighbours (the script keeps
    /// every 5th and 6th neighbour more than 1e-6 apart in squared distance, far above double rounding), so they agree
    /// to rounding: 1e-12.
    @Test func multilabelClassificationMatchesMTEB() throws {
        for c in try Self.fixture("multilabel_classification")["cases"] as! [[String: Any]] {
            let trainLabels = c["train_labels"] as! [[String]], testLabels = c["test_labels"] as! [[String]]
            let experiments = (c["experiments"] as! [[String: Any]])
            var options = MultilabelClassificationTask.Options()
            (options.samples_per_label, options.n_experiments, options.seed) = (c["samples_per_label"] as? Int, c["n_experiments"] as? Int, UInt64(c["seed"] as! Int))
            let draws = MultilabelClassificationMetrics.undersample(labels: trainLabels, samplesPerLabel: options.samples_per_label!,
                                                                    experiments: options.n_experiments!, seed: options.seed!)
            #expect(draws == experiments.map { $0["rows"] as! [Int] })
            let examples = MultilabelClassificationTask.Examples(
                train: trainLabels.map { .init(text: "", labels: $0) }, experiments: draws, test: testLabels.map { .init(text: "", labels: $0) },
                trainingSplitSize: trainLabels.count)
            let embeddings = RoleEmbeddings(byRole: [.train: Self.matrix(c["train"] as! [[Double]]), .test: Self.matrix(c["test"] as! [[Double]])])
            let outcome = try MultilabelClassificationTask(options: options).evaluate(examples, embeddings: embeddings, precision: .float32,
                                                                                      context: Self.context(.cosine))
            guard case .perExperiment(let ours) = outcome.detail else { Issue.record("detail is \(outcome.detail.kind)"); return }
            for (mine, theirs) in zip(ours, experiments.map { $0["scores"] as! [String: Double] }) {
                #expect(Set(mine.keys) == Set(theirs.keys))
                for (key, value) in theirs { #expect(abs(mine[key]! - value) < 1e-12, "\(key): \(mine[key]!) vs \(value)") }
            }
            for (key, value) in c["scores"] as! [String: Double] { #expect(abs(outcome.scores[key]! - value) < 1e-12, "\(key)") }
        }
    }

    /// Scores come from the same cosine ranking (the script keeps every two candidate scores more than 1e-6 apart, far
    /// above float32 noise), so ranks and p-MRR agree to rounding (1e-12); mteb stores pytrec_eval's metrics rounded
    /// to 5 decimals, so those agree within half a unit of the 5th decimal (5e-6).
    @Test func instructionRerankingMatchesMTEB() throws {
        let f = try Self.fixture("instruction_reranking")
        let corpusIDs = f["corpus_ids"] as! [String], queryIDs = f["query_ids"] as! [String]
        let examples = InstructionRerankingTask.Examples(
            corpus: corpusIDs.map { ($0, $0) }, queries: queryIDs.map { ($0, $0) }, candidates: f["candidates"] as! [String: [String]],
            qrels: f["qrels"] as! [String: [String: Int]], changed: f["changed"] as! [String: [String]], warnings: [])
        let embeddings = RoleEmbeddings(byRole: [.document: Self.matrix(f["corpus"] as! [[Double]]), .query: Self.matrix(f["queries"] as! [[Double]])])
        var options = InstructionRerankingTask.Options()
        options.k_values = f["k_values"] as? [Int]
        let outcome = try InstructionRerankingTask(options: options).evaluate(examples, embeddings: embeddings, precision: .float32,
                                                                              context: Self.context(.cosine))
        let expected = f["expected"] as! [String: Double]
        #expect(Set(outcome.scores.keys) == Set(expected.keys))
        for (key, value) in expected {
            let bound = key == "p-MRR" || key.contains("mrr_at") ? 1e-12 : 5e-6
            #expect(abs(outcome.scores[key]! - value) <= bound, "\(key): \(outcome.scores[key]!) vs \(value)")
        }
    }

    /// The instruction kinds' query texts are mteb's `_combine_queries_with_instruction_text` of the same rows, byte
    /// for byte (an empty instruction still adds its space; a null one adds nothing).
    @Test func instructedQueriesJoinAsMTEB() throws {
        let f = try Self.fixture("instruction_reranking")["instructed_queries"] as! [String: Any]
        let folder = TemporaryFolder("instructed")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let rows = (f["rows"] as! [[String: Any]]).map { row in
            var renamed = row
            renamed["_id"] = renamed.removeValue(forKey: "id")
            return String(decoding: try! JSONSerialization.data(withJSONObject: renamed), as: UTF8.self)
        }
        let file = folder.url.appendingPathComponent("queries.jsonl")
        try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try InstructedQueries.read(file).map(\.text) == f["texts"] as! [String])
    }
}
