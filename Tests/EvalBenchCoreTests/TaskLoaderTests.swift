import Foundation
import Testing
@testable import EvalBenchCore

/// A temporary task folder with one definition and its data files.
struct TaskFixture {
    let folder: URL

    init(definition: [String: Any], files: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: definition)
        try data.write(to: folder.appendingPathComponent("\(definition["name"]!).json"))
        for (path, content) in files {
            let url = folder.appendingPathComponent("data/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func definition(_ name: String, type: String, format: String, main: String = "ndcg_at_10") -> [String: Any] {
        ["name": name, "type": type, "description": "test", "data": ["path": "data"], "format": format, "splits": ["test"], "main_score": main]
    }

    /// The examples of task `name` as a `K` with default options reads them.
    func load<K: TaskKind>(_ name: String, as kind: K.Type) throws -> K.Examples {
        let registry = try TaskRegistry(folder: folder)
        return try TaskLoader(registry: registry, dataDirectory: nil).load(registry.task(named: name), kind: K(options: .init()), split: "test")
    }

    /// The error message with the folder path shortened to DIR.
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)".replacingOccurrences(of: folder.path, with: "DIR") }
    }
}

@Suite struct TaskLoaderTests {
    let beirCorpus = """
    {"_id": "d1", "title": "Paint", "text": "How to paint a wall."}
    {"_id": "d2", "title": "", "text": "Fixing a leaking tap."}
    {"_id": "d3", "text": "Unclogging a drain."}

    """

    @Test func readsBEIRWithTitlesAndDropsUnjudgedQueries() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("T", type: "Retrieval", format: "beir"), files: [
            "corpus.jsonl": beirCorpus,
            "queries.jsonl": "{\"_id\": \"q1\", \"text\": \"paint\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n",
            "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td9\t1\nq1\td2\t0\n",
        ])
        let r = try fixture.load("T", as: RetrievalTask.self)
        #expect(r.corpus.map(\.text) == ["Paint How to paint a wall.", "Fixing a leaking tap.", "Unclogging a drain."])
        #expect(r.queries.map(\.id) == ["q1"])
        #expect(r.qrels == ["q1": ["d1": 2, "d2": 0]])
        #expect(r.warnings == ["DIR/data/qrels/test.tsv: 1 judgements name documents not in the corpus; ignored".replacingOccurrences(of: "DIR", with: fixture.folder.path)])
    }

    @Test func malformedJSONLNamesFileAndLine() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("T", type: "Retrieval", format: "beir"), files: [
            "corpus.jsonl": "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \n",
            "queries.jsonl": "{\"_id\": \"q1\", \"text\": \"a\"}\n", "qrels/test.tsv": "q1\td1\t1\n",
        ])
        #expect(fixture.message { _ = try fixture.load("T", as: RetrievalTask.self) } == "DIR/data/corpus.jsonl:2: not a JSON object")
    }

    @Test func duplicateDocumentIDs() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("T", type: "Retrieval", format: "beir"), files: [
            "corpus.jsonl": "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n",
            "queries.jsonl": "{\"_id\": \"q1\", \"text\": \"a\"}\n", "qrels/test.tsv": "q1\td1\t1\n",
        ])
        #expect(fixture.message { _ = try fixture.load("T", as: RetrievalTask.self) } == "DIR/data/corpus.jsonl:2: duplicate document id 'd1'")
    }

    @Test func missingFilesAreListed() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("T", type: "Retrieval", format: "beir"), files: ["corpus.jsonl": beirCorpus])
        #expect(fixture.message { _ = try fixture.load("T", as: RetrievalTask.self) }
            == "task T (split test) is missing data: expected DIR/data/queries.jsonl, DIR/data/qrels/test.tsv")
    }

    @Test func emptySplitIsAnError() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("S", type: "STS", format: "sts-pairs", main: "cosine_spearman"),
                                      files: ["test.jsonl": "\n"])
        #expect(fixture.message { _ = try fixture.load("S", as: STSTask.self) } == "task S: split 'test' has no examples")
    }

    @Test func missingLabel() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("C", type: "Clustering", format: "labelled-texts", main: "v_measure"),
                                      files: ["test.jsonl": "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\"}\n"])
        #expect(fixture.message { _ = try fixture.load("C", as: ClusteringTask.self) } == "DIR/data/test.jsonl:2: missing field 'label'")
    }

    /// Ids and labels may be strings or whole numbers, as datasets store them; a text must be a string.
    @Test func textsAreStringsAndLabelsStringsOrWholeNumbers() throws {
        let numbers = try TaskFixture(definition: TaskFixture.definition("C", type: "Clustering", format: "labelled-texts", main: "v_measure"),
                                      files: ["test.jsonl": "{\"text\": \"a\", \"label\": 3}\n{\"text\": \"b\", \"label\": \"x\"}\n"])
        #expect(try numbers.load("C", as: ClusteringTask.self).documents.map(\.label) == ["3", "x"])
        let fraction = try TaskFixture(definition: TaskFixture.definition("C", type: "Clustering", format: "labelled-texts", main: "v_measure"),
                                       files: ["test.jsonl": "{\"text\": \"a\", \"label\": 0.5}\n"])
        #expect(fraction.message { _ = try fraction.load("C", as: ClusteringTask.self) } == "DIR/data/test.jsonl:1: field 'label' is not a string or a whole number")
        let sts = try TaskFixture(definition: TaskFixture.definition("S", type: "STS", format: "sts-pairs", main: "cosine_spearman"),
                                  files: ["test.jsonl": "{\"sentence1\": 1e300, \"sentence2\": \"b\", \"score\": 1}\n"])
        #expect(sts.message { _ = try sts.load("S", as: STSTask.self) } == "DIR/data/test.jsonl:1: field 'sentence1' is not a string")
    }

    /// Classification embeds the training texts its experiments draw (their union), not the whole training split.
    @Test func classificationEmbedsOnlyTheDrawnTrainingTexts() throws {
        let loader = TaskLoader(registry: try TaskRegistry(folder: RunnerTests.tasksFolder), dataDirectory: nil)
        let examples = try loader.load(loader.registry.task(named: "EvalBenchClassification"), kind: ClassificationTask(options: .init()), split: "test")
        let labels = Set(examples.train.map(\.label))
        #expect(examples.experiments.count == 10 && examples.experiments.allSatisfy { $0.count == 8 * labels.count })
        #expect(Set(examples.experiments.joined()) == Set(examples.train.indices))
        #expect(examples.train.count < examples.trainingSplitSize)
        #expect(examples.texts.first { $0.role == .train }?.texts.count == examples.train.count)
    }

    @Test func questionPassageRowsMakeOwnPassageRelevant() throws {
        let rows = """
        {"qa_id": "a", "question": "Q1", "passage_id": "p1", "passage_text": "P1"}
        {"qa_id": "b", "question": "Q2", "passage_id": "p1", "passage_text": "P1"}
        {"qa_id": "c", "question": "Q3", "passage_id": "p2", "passage_text": "P2"}

        """
        let fixture = try TaskFixture(definition: TaskFixture.definition("M", type: "Retrieval", format: "question-passage"),
                                      files: ["qa_passages.jsonl": rows])
        let r = try fixture.load("M", as: RetrievalTask.self)
        #expect(r.corpus.map(\.id) == ["p1", "p2"])
        #expect(r.qrels == ["a": ["p1": 1], "b": ["p1": 1], "c": ["p2": 1]])
    }

    @Test func definitionWithWrongFieldType() throws {
        var definition = TaskFixture.definition("T", type: "Retrieval", format: "beir")
        definition["splits"] = "test"
        let fixture = try TaskFixture(definition: definition, files: [:])
        #expect(fixture.message { _ = try TaskRegistry(folder: fixture.folder) } == "DIR/T.json: field 'splits' is not a Array<Any>")
    }

    @Test func formatMustFitType() throws {
        let fixture = try TaskFixture(definition: TaskFixture.definition("T", type: "STS", format: "beir"), files: [:])
        #expect(fixture.message { _ = try TaskRegistry(folder: fixture.folder) } == "DIR/T.json: format 'beir' does not fit a STS task; it reads 'sts-pairs'")
    }

    @Test func bundledTasksAllParse() throws {
        let tasks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tasks").standardizedFileURL
        let registry = try TaskRegistry(folder: tasks)
        #expect(registry.tasks.count >= 17)
        #expect(try registry.suite("default").count >= 6)
        #expect(Set(try registry.suite("default").map(\.type)) == Set(TaskKinds.all.map { $0.typeName }))
        #expect(try registry.benchmark("MTEB(eng, v2)").count == 41)
        #expect(try registry.benchmark("NanoBEIR").count == 13)
    }
}
