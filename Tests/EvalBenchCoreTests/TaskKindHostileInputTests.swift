import Foundation
import Testing
@testable import EvalBenchCore

/// Malformed rows and options of the newer task kinds: each a clear error naming the file, line and field (or the
/// option), never a crash.
@Suite struct TaskKindHostileInputTests {
    func error(_ definition: [String: Any], _ rows: [String]) throws -> String? {
        try HostileInputTests().error(definition, ["test.jsonl": rows.joined(separator: "\n") + "\n"])
    }

    static func summarization(_ evaluation: [String: Any]? = nil) -> [String: Any] {
        var definition = TaskFixture.definition("S", type: "Summarization", format: "summaries", main: "cosine_spearman")
        if let evaluation { definition["evaluation"] = evaluation }
        return definition
    }

    static let summary = #"{"text": "t", "human_summaries": ["h"], "machine_summaries": ["a", "b"], "relevance": [1, 2]}"#

    @Test func summarizationRowsAreChecked() throws {
        let cases: [(String, String)] = [
            (#"{"human_summaries": ["h"], "machine_summaries": ["a"], "relevance": [1]}"#, "DIR/data/test.jsonl:2: missing field 'text'"),
            (#"{"text": "t", "human_summaries": "h", "machine_summaries": ["a"], "relevance": [1]}"#,
             "DIR/data/test.jsonl:2: field 'human_summaries' is not a list of strings"),
            (#"{"text": "t", "human_summaries": [], "machine_summaries": ["a"], "relevance": [1]}"#, "DIR/data/test.jsonl:2: field 'human_summaries' is empty"),
            (#"{"text": "t", "human_summaries": ["h"], "machine_summaries": [], "relevance": []}"#, "DIR/data/test.jsonl:2: field 'machine_summaries' is empty"),
            (#"{"text": "t", "human_summaries": ["h"], "machine_summaries": ["a", "b"], "relevance": [1]}"#,
             "DIR/data/test.jsonl:2: field 'relevance' holds 1 scores for 2 machine summaries"),
            (#"{"text": "t", "human_summaries": ["h"], "machine_summaries": ["a"], "relevance": ["high"]}"#,
             "DIR/data/test.jsonl:2: field 'relevance' holds an item that is not a finite number"),
            (#"{"text": "t", "human_summaries": ["h"], "machine_summaries": ["a"], "relevance": 3}"#,
             "DIR/data/test.jsonl:2: field 'relevance' is not a list of numbers"),
        ]
        for (row, message) in cases { #expect(try error(Self.summarization(), [Self.summary, row]) == message, "\(row)") }
    }

    @Test func summarizationOptionsAreStrictAndChecked() throws {
        #expect(try error(Self.summarization(["min_score": 1, "max_score": 5]), [#"{"text": "t", "human_summaries": ["h"], "machine_summaries": ["a"], "relevance": [6]}"#])
            == "DIR/data/test.jsonl:1: field 'relevance' holds 6.0, outside min_score…max_score 1.0…5.0")
        #expect(try error(Self.summarization(["min_score": 1]), [Self.summary]) == "DIR/S.json: evaluation: min_score and max_score go together: give both or neither")
        #expect(try error(Self.summarization(["min_score": 5, "max_score": 5]), [Self.summary])?
            .hasSuffix("evaluation: min_score must be below max_score, both finite numbers (0 and 5 for SummEval), got 5.0 and 5.0") == true)
        #expect(try error(Self.summarization(["max": 5]), [Self.summary]) == "DIR/S.json: unknown key 'max' in 'evaluation' of a Summarization task; valid keys: min_score, max_score")
        var definition = Self.summarization()
        definition["main_score"] = "f1"
        #expect(try error(definition, [Self.summary])?.contains("main_score 'f1' is not a metric a Summarization task reports") == true)
    }

    @Test func bitextRowsAreChecked() throws {
        let definition = TaskFixture.definition("B", type: "BitextMining", format: "sentence-pairs", main: "f1")
        let good = #"{"sentence1": "a", "sentence2": "b"}"#
        #expect(try error(definition, [good, #"{"sentence1": "a"}"#]) == "DIR/data/test.jsonl:2: missing field 'sentence2'")
        #expect(try error(definition, [good, #"{"sentence1": 3, "sentence2": "b"}"#]) == "DIR/data/test.jsonl:2: field 'sentence1' is not a string")
        #expect(try error(definition, [good, "[1, 2]"]) == "DIR/data/test.jsonl:2: not a JSON object")
        var strict = definition
        strict["evaluation"] = ["k": 1]
        #expect(try error(strict, [good]) == "DIR/B.json: unknown key 'k' in 'evaluation' of a BitextMining task; valid keys: ")
    }

    @Test func regressionRowsAndOptionsAreChecked() throws {
        var definition = TaskFixture.definition("R", type: "Regression", format: "valued-texts", main: "kendalltau")
        let train = [#"{"text": "a", "value": 1}"#, #"{"text": "b", "value": 2.5}"#, #"{"text": "c", "value": 4}"#]
        func error(_ definition: [String: Any], train: [String] = train, test: [String]) throws -> String? {
            try HostileInputTests().error(definition, ["train.jsonl": train.joined(separator: "\n"), "test.jsonl": test.joined(separator: "\n")])
        }
        let good = #"{"text": "x", "value": 3}"#
        #expect(try error(definition, test: [good, #"{"text": "y"}"#]) == "DIR/data/test.jsonl:2: missing field 'value'")
        #expect(try error(definition, test: [good, #"{"text": "y", "value": "lots"}"#]) == "DIR/data/test.jsonl:2: field 'value' is not a finite number")
        #expect(try error(definition, train: [#"{"text": ["a"], "value": 1}"#], test: [good]) == "DIR/data/train.jsonl:1: field 'text' is not a string")
        #expect(try error(definition, test: [good, good]) == "DIR/data/test.jsonl: every value is the same (3.0) over 2 rows, so Kendall's tau is undefined")
        definition["evaluation"] = ["n_samples": 2]
        #expect(try error(definition, test: [good, #"{"text": "y", "value": 1}"#])?.hasPrefix(
            "DIR/data/train.jsonl: 3 training rows, more than n_samples (2); mteb would draw 2 of them with Hugging Face datasets' stratified split") == true)
        definition["evaluation"] = ["n_samples": 0]
        #expect(try error(definition, test: [good])?.hasSuffix("evaluation: n_samples must be between 1 and 1000000, got 0") == true)
        definition["evaluation"] = ["n_experiments": 10]
        #expect(try error(definition, test: [good]) == "DIR/R.json: unknown key 'n_experiments' in 'evaluation' of a Regression task; valid keys: n_samples, train_split")
    }

    @Test func multilabelRowsAndOptionsAreChecked() throws {
        var definition = TaskFixture.definition("M", type: "MultilabelClassification", format: "multilabelled-texts", main: "accuracy")
        let train = (0..<8).map { #"{"text": "t\#($0)", "labels": ["a", \#($0 % 3)]}"# }
        func error(_ definition: [String: Any], train: [String] = train, test: [String]) throws -> String? {
            try HostileInputTests().error(definition, ["train.jsonl": train.joined(separator: "\n"), "test.jsonl": test.joined(separator: "\n")])
        }
        let good = #"{"text": "x", "labels": ["a"]}"#
        #expect(try error(definition, test: [good, #"{"text": "y", "labels": "a"}"#]) == "DIR/data/test.jsonl:2: field 'labels' is not a list")
        #expect(try error(definition, test: [good, #"{"text": "y", "labels": [1.5]}"#])
            == "DIR/data/test.jsonl:2: field 'labels' holds an item that is not a string or a whole number")
        #expect(try error(definition, test: [good, #"{"text": "y"}"#]) == "DIR/data/test.jsonl:2: missing field 'labels'")
        #expect(try error(definition, test: [#"{"text": "y", "labels": []}"#]) == "DIR/data/test.jsonl: no row has a label, so there is nothing to classify")
        #expect(try error(definition, train: Array(train.prefix(3)), test: [good])?.hasPrefix(
            "DIR/data/train.jsonl: an experiment draws 3 training rows, fewer than the 5 neighbours the classifier votes with") == true)
        definition["evaluation"] = ["max_eval_samples": 1]
        #expect(try error(definition, test: [good, good])?.hasPrefix(
            "DIR/data/test.jsonl: 2 rows, more than max_eval_samples (1); mteb would keep 1 of them by iterative stratification") == true)
        definition["evaluation"] = ["seed": 4_294_967_296]
        #expect(try error(definition, test: [good])?.hasSuffix("evaluation: seed must be between 0 and 4294967295, got 4294967296") == true)
        definition["evaluation"] = ["n_neighbors": 3]
        #expect(try error(definition, test: [good])?.hasPrefix("DIR/M.json: unknown key 'n_neighbors' in 'evaluation' of a MultilabelClassification task; valid keys: samples_per_label,") == true)
        definition["evaluation"] = ["n_experiments": 0]
        #expect(try error(definition, test: [good])?.hasSuffix("evaluation: n_experiments must be between 1 and 1000, got 0") == true)
    }

    @Test func instructionRerankingFilesAreChecked() throws {
        let definition = TaskFixture.definition("F", type: "InstructionReranking", format: "instruction-reranking", main: "p-MRR")
        let files = [
            "corpus.jsonl": #"{"_id": "d0", "text": "a"}"# + "\n" + #"{"_id": "d1", "text": "b"}"#,
            "queries.jsonl": #"{"_id": "q-og", "text": "x", "instruction": "i"}"# + "\n" + #"{"_id": "q-changed", "text": "x", "instruction": "j"}"#,
            "qrels/test.tsv": "q-og\td0\t1\nq-changed\td1\t1\n",
            "top_ranked/test.jsonl": #"{"query-id": "q-og", "corpus-ids": ["d0", "d1"]}"# + "\n" + #"{"query-id": "q-changed", "corpus-ids": ["d0", "d1"]}"#,
            "qrel_diff.jsonl": #"{"query-id": "q", "corpus-ids": ["d0"]}"#,
        ]
        func error(_ changes: [String: String]) throws -> String? { try HostileInputTests().error(definition, files.merging(changes) { $1 }) }
        #expect(try error([:]) == nil)
        #expect(try error(["queries.jsonl": #"{"_id": "q", "text": "x"}"#]) == "DIR/data/queries.jsonl:1: query id 'q' ends neither in -og nor in -changed (FollowIR's pairs)")
        #expect(try error(["queries.jsonl": #"{"_id": "q-og", "text": "x", "instruction": 3}"#]) == "DIR/data/queries.jsonl:1: field 'instruction' is not a string")
        #expect(try error(["top_ranked/test.jsonl": #"{"query-id": "q-og", "corpus-ids": ["d9"]}"#])
            == "DIR/data/top_ranked/test.jsonl:1: field 'corpus-ids' names 'd9', which is not in the corpus")
        #expect(try error(["top_ranked/test.jsonl": #"{"query-id": "q-og", "corpus-ids": ["d0"]}"#]) == "DIR/data/top_ranked/test.jsonl: query 'q-changed' has no candidates")
        #expect(try error(["qrel_diff.jsonl": #"{"query-id": "q", "corpus-ids": "d0"}"#]) == "DIR/data/qrel_diff.jsonl:1: field 'corpus-ids' is not a list")
        #expect(try error(["qrel_diff.jsonl": #"{"query-id": "q", "corpus-ids": []}"#]) == "DIR/data/qrel_diff.jsonl: no document changes relevance, so p-MRR is undefined")
        #expect(try error(["qrels/test.tsv": "q-og\td0\t1\n"]) == "DIR/data/qrels/test.tsv: no -changed query is judged; FollowIR's tasks need both halves")
        var strict = definition
        strict["evaluation"] = ["top_k": 10]
        #expect(try HostileInputTests().error(strict, files) == "DIR/F.json: unknown key 'top_k' in 'evaluation' of a InstructionReranking task; valid keys: k_values")
    }

    @Test func instructionRetrievalFilesAreChecked() throws {
        var definition = TaskFixture.definition("I", type: "InstructionRetrieval", format: "instruction-beir", main: "ndcg_at_10")
        let files = ["corpus.jsonl": #"{"_id": "d0", "text": "a"}"#, "qrels/test.tsv": "q\td0\t1\n"]
        func error(_ queries: String) throws -> String? { try HostileInputTests().error(definition, files.merging(["queries.jsonl": queries]) { $1 }) }
        #expect(try error(#"{"_id": "q", "text": "x", "instruction": "i"}"#) == nil)
        #expect(try error(#"{"_id": "q", "text": "x", "instruction": ["i"]}"#) == "DIR/data/queries.jsonl:1: field 'instruction' is not a string")
        #expect(try error(#"{"_id": "q", "instruction": "i"}"#) == "DIR/data/queries.jsonl:1: missing field 'text'")
        #expect(try error(#"{"_id": "q", "text": "x"}"# + "\n" + #"{"_id": "q", "text": "y"}"#) == "DIR/data/queries.jsonl:2: duplicate query id 'q'")
        definition["evaluation"] = ["ignore_identical_ids": true]
        #expect(try error(#"{"_id": "q", "text": "x"}"#) == "DIR/I.json: unknown key 'ignore_identical_ids' in 'evaluation' of a InstructionRetrieval task; valid keys: k_values")
        definition["evaluation"] = ["k_values": [5]]
        #expect(try error(#"{"_id": "q", "text": "x"}"#)?.contains("main_score 'ndcg_at_10' is not a metric a InstructionRetrieval task reports") == true)
    }
}
