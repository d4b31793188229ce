import Encoders
import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// The newer task kinds end to end: a tiny SPLIT.jsonl folder read through TaskRegistry and TaskLoader, embedded by
/// the tiny random BERT of Fixtures/tiny-dot-bert (dot similarity, default prompt `classification`) and run by the
/// Runner; its scores equal the kind's own evaluation of the same texts embedded directly with the default prompt.
@Suite(.serialized) struct TaskKindRunTests {
    static func model() throws -> SentenceTransformer { try SimilarityReferenceTests.model() }

    /// The Runner's float32 result for the one task in `fixture`, and the scores of `kind` (the task's kind with its
    /// options) on embeddings made here.
    /// `prompts` names each role's prompt (the default prompt when not named).
    func run<K: TaskKind>(_ fixture: TaskFixture, _ kind: K, prompts: [TaskRole: String] = [:]) throws -> (TaskResult, [String: Double]) {
        let output = TemporaryFolder("kinds")
        defer { output.remove() }
        let registry = try TaskRegistry(folder: fixture.folder)
        let configuration = RunConfiguration(tasks: registry.tasks, dimensions: [32], precisions: [.float32], rescore: false, output: output.url)
        let model = try Self.model()
        let result = try #require(try Runner(encoder: model, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration).run().first)
        let examples = try TaskLoader(registry: registry, dataDirectory: nil).load(registry.tasks[0], kind: kind, split: "test")
        var byRole: [TaskRole: EmbeddingMatrix] = [:]
        for (role, texts) in examples.texts { byRole[role] = try model.embed(texts, prompt: model.prompts[prompts[role] ?? "classification"]!) }
        let direct = try kind.evaluate(examples, embeddings: RoleEmbeddings(byRole: byRole), precision: .float32,
                                       context: EvaluationContext(taskName: "T", similarity: .dot, threads: 1))
        for role in byRole.keys { #expect(result.prompts[role]?.name == prompts[role] ?? "classification", "\(role)") }
        return (result, direct.scores)
    }

    /// Same texts, same model, same arithmetic: the scores agree to the 6 decimals results are stored with.
    func expectSame(_ result: TaskResult, _ direct: [String: Double]) {
        #expect(Set(result.scores.keys) == Set(direct.keys))
        for (key, value) in direct { #expect(abs(result.scores[key]! - value) < 1e-6, "\(key): \(result.scores[key]!) vs \(value)") }
    }

    @Test func summarizationRunsFromAFolder() throws {
        var definition = TaskFixture.definition("TinySumm", type: "Summarization", format: "summaries", main: "cosine_spearman")
        definition["evaluation"] = ["min_score": 1, "max_score": 5]
        let rows = [
            #"{"text": "the cat sat on the mat all day", "human_summaries": ["a cat sat", "cat on mat"], "machine_summaries": ["cat sat on mat", "dog ran", "a mat", "the day"], "relevance": [5, 1, 3, 2]}"#,
            #"{"text": "rain fell over the hills", "human_summaries": ["rain on hills"], "machine_summaries": ["hills", "rain fell", "sun shone"], "relevance": [3, 4.5, 1]}"#,
            #"{"text": "all equal", "human_summaries": ["x"], "machine_summaries": ["y", "z"], "relevance": [2, 2]}"#,
        ]
        let fixture = try TaskFixture(definition: definition, files: ["test.jsonl": rows.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        var options = SummarizationTask.Options()
        (options.min_score, options.max_score) = (1, 5)
        let (result, direct) = try run(fixture, SummarizationTask(options: options))
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["cosine_spearman"])
        guard case .perQuery(let perText) = result.detail else { Issue.record("detail is \(result.detail.kind)"); return }
        #expect(perText.keys.sorted() == ["0", "1"])  // the third text's relevance is constant: skipped, as mteb skips it
    }

    @Test func bitextMiningRunsFromAFolder() throws {
        let definition = TaskFixture.definition("TinyBitext", type: "BitextMining", format: "sentence-pairs", main: "f1")
        let rows = ["a red house", "the old man walks", "blue water", "we eat bread", "it is cold", "two dogs bark"].map {
            #"{"sentence1": "\#($0)", "sentence2": "\#($0.uppercased()) !"}"#
        }
        let fixture = try TaskFixture(definition: definition, files: ["test.jsonl": rows.joined(separator: "\n")])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let (result, direct) = try run(fixture, BitextMiningTask(options: .init()))
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["f1"])
        guard case .perQuery(let perRow) = result.detail else { Issue.record("detail is \(result.detail.kind)"); return }
        #expect(perRow.count == 6)
    }

    @Test func regressionRunsFromAFolder() throws {
        let definition = TaskFixture.definition("TinyRegression", type: "Regression", format: "valued-texts", main: "kendalltau")
        func rows(_ words: [String], offset: Double) -> String {
            words.enumerated().map { #"{"text": "\#($1) costs \#($0)", "value": \#(Double($0) * 1.5 + offset)}"# }.joined(separator: "\n")
        }
        let fixture = try TaskFixture(definition: definition, files: [
            "train.jsonl": rows(["apple", "pear", "plum", "fig", "kiwi", "lime", "date", "melon"], offset: 0),
            "test.jsonl": rows(["grape", "berry", "lemon", "peach", "mango"], offset: 0.25),
        ])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let (result, direct) = try run(fixture, RegressionTask(options: .init()))
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["kendalltau"])
        #expect(result.detail == .perExperiment([result.scores]))
    }

    @Test func multilabelClassificationRunsFromAFolder() throws {
        var definition = TaskFixture.definition("TinyMultilabel", type: "MultilabelClassification", format: "multilabelled-texts", main: "accuracy")
        definition["evaluation"] = ["samples_per_label": 3, "n_experiments": 4]
        let words = ["sun", "rain", "snow", "wind"]
        func rows(_ count: Int, _ shift: Int) -> String {
            (0..<count).map { i in
                let labels = [words[(i + shift) % 4], words[(i * 3 + shift) % 4]]
                return #"{"text": "\#(labels.joined(separator: " and ")) day \#(i)", "labels": \#(Array(Set(labels)).sorted().debugDescription)}"#
            }.joined(separator: "\n")
        }
        let fixture = try TaskFixture(definition: definition, files: ["train.jsonl": rows(16, 0), "test.jsonl": rows(6, 1)])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        var options = MultilabelClassificationTask.Options()
        (options.samples_per_label, options.n_experiments) = (3, 4)
        let (result, direct) = try run(fixture, MultilabelClassificationTask(options: options))
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["accuracy"])
        guard case .perExperiment(let experiments) = result.detail else { Issue.record("detail is \(result.detail.kind)"); return }
        #expect(experiments.count == 4)
    }

    @Test func instructionRerankingRunsFromAFolder() throws {
        let definition = TaskFixture.definition("TinyFollowIR", type: "InstructionReranking", format: "instruction-reranking", main: "p-MRR")
        let corpus = ["red apples in autumn", "green apples", "apple pie recipe", "pears and plums", "orchard history", "cider making"]
        let fixture = try TaskFixture(definition: definition, files: [
            "corpus.jsonl": corpus.enumerated().map { #"{"_id": "d\#($0)", "text": "\#($1)"}"# }.joined(separator: "\n"),
            "queries.jsonl": [#"{"_id": "q1-og", "text": "apples", "instruction": "Any apple text is relevant."}"#,
                              #"{"_id": "q1-changed", "text": "apples", "instruction": "Only recipes are relevant."}"#,
                              #"{"_id": "q2-og", "text": "fruit trees", "instruction": null}"#,
                              #"{"_id": "q2-changed", "text": "fruit trees", "instruction": "Not about cider."}"#].joined(separator: "\n"),
            "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1-og\td0\t1\nq1-og\td2\t1\nq1-changed\td2\t1\nq1-changed\td0\t0\n"
                + "q2-og\td4\t1\nq2-og\td5\t1\nq2-changed\td4\t1\nq2-changed\td5\t0\n",
            "top_ranked/test.jsonl": [#"{"query-id": "q1-og", "corpus-ids": ["d0", "d1", "d2", "d3"]}"#, #"{"query-id": "q1-changed", "corpus-ids": ["d0", "d1", "d2", "d3"]}"#,
                                      #"{"query-id": "q2-og", "corpus-ids": ["d3", "d4", "d5"]}"#, #"{"query-id": "q2-changed", "corpus-ids": ["d3", "d4", "d5"]}"#]
                .joined(separator: "\n"),
            "qrel_diff.jsonl": #"{"query-id": "q1", "corpus-ids": ["d0"]}"# + "\n" + #"{"query-id": "q2", "corpus-ids": ["d5"]}"#,
        ])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let examples = try fixture.load("TinyFollowIR", as: InstructionRerankingTask.self)
        #expect(examples.queries.map(\.text) == ["apples Any apple text is relevant.", "apples Only recipes are relevant.", "fruit trees",
                                                 "fruit trees Not about cider."])
        #expect(examples.corpus.map(\.id) == ["d0", "d1", "d2", "d3", "d4", "d5"])
        let (result, direct) = try run(fixture, InstructionRerankingTask(options: .init()), prompts: [.query: "query", .document: "document"])
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["p-MRR"])
        guard case .perQuery(let perQuery) = result.detail else { Issue.record("detail is \(result.detail.kind)"); return }
        #expect(perQuery.keys.sorted() == ["q1", "q2"])
        #expect(examples.limited(to: 1).queries.map(\.id) == ["q1-og", "q1-changed"])
    }

    @Test func instructionRetrievalRunsFromAFolder() throws {
        var definition = TaskFixture.definition("TinyIFIR", type: "InstructionRetrieval", format: "instruction-beir", main: "ndcg_at_20")
        definition["evaluation"] = ["k_values": [1, 5, 20]]
        let corpus = ["contract law basics", "criminal appeal ruling", "tax code section", "property dispute", "patent filing"]
        let fixture = try TaskFixture(definition: definition, files: [
            "corpus.jsonl": corpus.enumerated().map { #"{"_id": "d\#($0)", "title": "T\#($0)", "text": "\#($1)"}"# }.joined(separator: "\n"),
            "queries.jsonl": [#"{"_id": "q1-v1", "text": "appeal", "instruction": "Find rulings on criminal appeals."}"#,
                              #"{"_id": "q2-v2", "text": "ownership", "instruction": null}"#,
                              #"{"_id": "q3", "text": "unjudged", "instruction": "x"}"#].joined(separator: "\n"),
            "qrels/test.tsv": "q1-v1\td1\t1\nq2-v2\td3\t2\nq2-v2\td0\t1\n",
        ])
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let examples = try fixture.load("TinyIFIR", as: InstructionRetrievalTask.self)
        #expect(examples.queries.map(\.text) == ["appeal Find rulings on criminal appeals.", "ownership"])
        var options = InstructionRetrievalTask.Options()
        options.k_values = [1, 5, 20]
        let (result, direct) = try run(fixture, InstructionRetrievalTask(options: options), prompts: [.query: "query", .document: "document"])
        expectSame(result, direct)
        #expect(result.mainScore == result.scores["ndcg_at_20"])
        #expect(result.notes.protocol?.hasPrefix("mteb 2.x InstructionRetrieval: each query's instruction appended to its text; trec_eval") == true)
    }
}
