import Foundation
import Testing
@testable import EvalBenchCore

/// Task files, data files and text inputs a hostile user could hand evalbench (../shared/fuzz-findings 05, 07, 10–15,
/// 23, 26, 27): each is a clear error naming the file and what was wrong, or the right answer; never a crash, a hang
/// or a silent wrong number.
@Suite struct HostileInputTests {
    static let stsRows = (0..<6).map { #"{"sentence1": "a\#($0)", "sentence2": "b\#($0)", "score": \#(Double($0) / 2)}"# }.joined(separator: "\n") + "\n"

    /// The error of reading a one-task folder whose definition is `definition` and whose data is `files`, as the task's
    /// own kind and options read it.
    func error(_ definition: [String: Any], _ files: [String: String] = [:]) throws -> String? {
        let fixture = try TaskFixture(definition: definition, files: files)
        return fixture.message {
            let registry = try TaskRegistry(folder: fixture.folder)
            _ = try TaskLoader(registry: registry, dataDirectory: nil).size(registry.task(named: definition["name"] as! String), split: "test")
        }
    }

    static func sts(_ evaluation: [String: Any]? = nil, main: String = "cosine_spearman") -> [String: Any] {
        var definition = TaskFixture.definition("S", type: "STS", format: "sts-pairs", main: main)
        if let evaluation { definition["evaluation"] = evaluation }
        return definition
    }

    static func retrieval(_ evaluation: [String: Any]? = nil, main: String = "ndcg_at_10") -> [String: Any] {
        var definition = TaskFixture.definition("T", type: "Retrieval", format: "beir", main: main)
        if let evaluation { definition["evaluation"] = evaluation }
        return definition
    }

    /// 05, 13: k values that are empty, or so large that k + 1 overflows.
    @Test func kValuesOutOfRange() throws {
        #expect(try error(Self.retrieval(["k_values": []]))?.hasSuffix("evaluation: k_values is empty: give at least one k, e.g. [1, 10, 100]") == true)
        #expect(try error(Self.retrieval(["k_values": [Int.max], "ignore_identical_ids": true]))?
            .hasSuffix("evaluation: each of k_values must be between 1 and 100000, got \(Int.max)") == true)
    }

    /// 10: a main score that is no metric of the task, or a k its k_values do not produce.
    @Test func mainScoreMustBeAMetricOfTheTask() throws {
        let message = try error(Self.sts(main: "nonexistent"))
        #expect(message?.contains("main_score 'nonexistent' is not a metric a STS task reports with these options; it reports cosine_pearson, cosine_spearman") == true)
        #expect(try error(Self.retrieval(["k_values": [1, 1]]))?.contains("main_score 'ndcg_at_10' is not a metric a Retrieval task reports") == true)
    }

    /// Misspelled keys, at the top or in `evaluation`, are refused with the valid ones.
    @Test func unknownKeysAreRefused() throws {
        var definition = Self.sts(["score_scal": 5])
        #expect(try error(definition) == "DIR/S.json: unknown key 'score_scal' in 'evaluation' of a STS task; valid keys: score_scale")
        definition = Self.sts()
        definition["main_metric"] = "x"
        #expect(try error(definition)?.hasPrefix("DIR/S.json: unknown key 'main_metric' in the task definition; valid keys: name, type,") == true)
    }

    /// 11, 12: gold scores that define no correlation, are not finite, or lie outside the scale; a scale that is not positive.
    @Test func stsGoldScoresAreChecked() throws {
        let constant = (0..<4).map { #"{"sentence1": "a\#($0)", "sentence2": "b", "score": 3.0}"# }.joined(separator: "\n")
        #expect(try error(Self.sts(), ["test.jsonl": constant])?.hasSuffix("every gold score is the same (3.0) over 4 pairs, so no correlation is defined") == true)
        for scale in [0, -5] {
            #expect(try error(Self.sts(["score_scale": scale]))?.contains("score_scale must be a positive number") == true, "\(scale)")
        }
        let nan = Self.stsRows.replacingOccurrences(of: #""score": 0.0"#, with: #""score": "NaN""#)
        #expect(try error(Self.sts(), ["test.jsonl": nan]) == "DIR/data/test.jsonl:1: field 'score' is not a finite number")
        let outside = Self.stsRows.replacingOccurrences(of: #""score": 0.0"#, with: #""score": 7"#)
        let message = try error(Self.sts(["score_scale": 5]), ["test.jsonl": outside])
        #expect(message == "DIR/data/test.jsonl:1: field 'score' is 7.0, outside 0.0…5.0", "\(message ?? "no error")")
        // 27: a finite 1e308 is outside the scale; without a scale it is scored, and results store it as it is.
        #expect(Rounding.mteb(1e308) == 1e308 && Rounding.mteb(0.1234567) == 0.123457)
    }

    /// 14: experiments of no number, or of more than anyone can wait for.
    @Test func experimentCountsAreBounded() throws {
        for count in [Int.max, 0, -1] {
            var definition = TaskFixture.definition("C", type: "Classification", format: "labelled-texts", main: "accuracy")
            definition["evaluation"] = ["n_experiments": count]
            #expect(try error(definition)?.hasSuffix("evaluation: n_experiments must be between 1 and 1000, got \(count)") == true, "\(count)")
        }
    }

    /// A seed NumPy's RandomState would refuse (mteb passes the task's seed to it) is refused, not truncated.
    @Test func seedsAboveNumPysRangeAreRefused() throws {
        var definition = TaskFixture.definition("C", type: "Classification", format: "labelled-texts", main: "accuracy")
        definition["evaluation"] = ["seed": UInt64(1) << 32]
        #expect(try error(definition)?.hasSuffix("evaluation: seed must be between 0 and 4294967295, got 4294967296") == true)
    }

    /// 15: test labels the training split never shows.
    @Test func unseenTestLabels() throws {
        let definition = TaskFixture.definition("C", type: "Classification", format: "labelled-texts", main: "accuracy")
        let train = #"{"text": "a", "label": "x"}"# + "\n" + #"{"text": "b", "label": "y"}"# + "\n"
        let test = #"{"text": "c", "label": "z"}"# + "\n" + #"{"text": "d", "label": "x"}"# + "\n"
        #expect(try error(definition, ["train.jsonl": train, "test.jsonl": test])
            == #"DIR/data/test.jsonl: 1 test labels never occur in train.jsonl, so no classifier can predict them: "z""#)
    }

    /// 23: names that become paths, qrels with nothing relevant or absurd grades. (A reranking text both positive and
    /// negative is real MTEB data, scored as mteb scores it: RerankingTaskTests.)
    @Test func invalidNamesAndData() throws {
        var definition = Self.sts()
        definition["splits"] = ["../../../../etc/passwd"]
        #expect(try error(definition)?.contains("split '../../../../etc/passwd' must be 1 to 200 letters, digits or ._-+() not starting with a dot") == true)
        #expect(throws: EvalBenchError.self) { try TaskDefinition.checkName(String(repeating: "x", count: 5000), "name") }
        let registry = try TaskRegistry(folder: try TaskFixture(definition: Self.sts(), files: [:]).folder)
        do { _ = try registry.task(named: String(repeating: "y", count: 5000)) } catch { #expect("\(error)".count < 400) }
        // A question-passage file is one split: naming two would score the same rows twice under two names.
        var questions = TaskFixture.definition("Q", type: "Retrieval", format: "question-passage", main: "ndcg_at_10")
        questions["splits"] = ["test", "dev"]
        #expect(try error(questions)?.hasSuffix("'splits' names 2 splits, but a question-passage file is one split: name the one its results are filed under") == true)
        let corpus = #"{"_id": "d1", "text": "a"}"# + "\n", queries = #"{"_id": "q1", "text": "a"}"# + "\n"
        #expect(try error(Self.retrieval(), ["corpus.jsonl": corpus, "queries.jsonl": queries, "qrels/test.tsv": "q1\td1\t0\n"])?
            .hasSuffix("no judgement is above 0, so no document is relevant to any query and every score would be 0") == true)
        #expect(try error(Self.retrieval(), ["corpus.jsonl": corpus, "queries.jsonl": queries, "qrels/test.tsv": "q1\td1\t4611686018427387904\n"]) == "DIR/data/qrels/test.tsv:1: expected 'query-id<TAB>corpus-id<TAB>score' with an integer score from -1000 to 1000")
    }

    /// 26: a folder or a broken link named like a task file, one clear sentence each.
    @Test func unreadableDefinitionFiles() throws {
        let fixture = try TaskFixture(definition: Self.sts(), files: ["test.jsonl": Self.stsRows])
        try FileManager.default.createDirectory(at: fixture.folder.appendingPathComponent("Other.json"), withIntermediateDirectories: true)
        #expect(fixture.message { _ = try TaskRegistry(folder: fixture.folder) } == "DIR/Other.json is a folder, not a task definition: rename or remove it")
        try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("Other.json"))
        try FileManager.default.createSymbolicLink(atPath: fixture.folder.appendingPathComponent("Link.json").path, withDestinationPath: "/nonexistent/x.json")
        #expect(fixture.message { _ = try TaskRegistry(folder: fixture.folder) }
            == "DIR/Link.json cannot be read (a broken link?): remove it or point it at a task definition")
    }

    /// 07: CRLF and LF files read alike, in text inputs, JSONL and qrels; a byte-order mark is not part of the first text.
    @Test func crlfLineEnds() throws {
        let folder = TemporaryFolder("crlf")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let text = folder.url.appendingPathComponent("in.txt"), jsonl = folder.url.appendingPathComponent("in.jsonl")
        try Data("\u{FEFF}one\r\ntwo\r\nthree\r\n".utf8).write(to: text)
        try Data("{\"text\": \"one\"}\r\n{\"text\": \"two\"}\r\n".utf8).write(to: jsonl)
        #expect(try TextInput.read(text, field: nil) == ["one", "two", "three"])
        #expect(try TextInput.read(jsonl, field: "text") == ["one", "two"])
        try Data([0x61, 0xFF, 0x0A]).write(to: text)
        #expect(throws: EvalBenchError("\(text.path):1: not UTF-8 text")) { try TextInput.read(text, field: nil) }
    }
}
