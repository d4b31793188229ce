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
}
