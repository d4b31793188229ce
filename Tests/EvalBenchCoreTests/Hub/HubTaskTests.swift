import Foundation
import XCTest
@testable import EvalBenchCore

/// `evalbench run --task STSBenchmark` with its data from the (fake) Hub: downloaded at the pinned revision, scored as
/// the hand-placed copy scores it, read again offline; a BEIR dataset whose configs a README declares; a gated model.
final class HubTaskTests: XCTestCase {
    func run(_ hub: FakeHub, _ arguments: [String], offline: Bool = false, token: String? = nil) throws -> (status: Int32, output: String, error: String) {
        try EvalbenchExecutable.run(["run", "--tasks-dir", RunnerTests.tasksFolder.path, "--dims", "32", "--precision", "float32",
                                     "--no-cache", "--quiet"] + arguments, environment: hub.variables(token: token, offline: offline))
    }

    func mainScore(_ output: URL, _ task: String) throws -> Double {
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path).filter { $0.hasSuffix("/\(task).json") && !$0.contains("details/") }
        XCTAssertEqual(files.count, 1, "\(files)")
        let result = try ResultFile.read(output.appendingPathComponent(try XCTUnwrap(files.first)))
        return try XCTUnwrap(result.scores["test"]?.first?.main_score)
    }

    func testSTSBenchmarkFromTheHubScoresAsTheHandPlacedCopyAndRunsAgainOffline() throws {
        let hub = try FakeHub()
        let model = FakeHub.tinyModel.path
        let fromHub = hub.folder.url.appendingPathComponent("from-hub")
        let first = try run(hub, ["--model", model, "--task", "STSBenchmark", "--output", fromHub.path])
        XCTAssertEqual(first.status, 0, first.error)
        let snapshot = hub.cache.appendingPathComponent("datasets--mteb--stsbenchmark-sts/snapshots/b0fddb56ed78048fa8b90373c8a3cfc37b684831/test.jsonl.gz")
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshot.path))

        // The same rows placed by hand under --data-dir.
        let data = hub.folder.url.appendingPathComponent("data/STSBenchmark")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RunnerTests.tasksFolder.appendingPathComponent("data/evalbench-sts/test.jsonl"), to: data.appendingPathComponent("test.jsonl"))
        let byHand = hub.folder.url.appendingPathComponent("by-hand")
        let placed = try run(hub, ["--model", model, "--task", "STSBenchmark", "--data-dir", data.deletingLastPathComponent().path, "--output", byHand.path])
        XCTAssertEqual(placed.status, 0, placed.error)
        let (hubScore, handScore) = (try mainScore(fromHub, "STSBenchmark"), try mainScore(byHand, "STSBenchmark"))
        // Same rows, same model, same kernels in one process each: the same number.
        XCTAssertEqual(hubScore, handScore)

        // Offline: the written layout is read without the Hub; with it removed, the Hugging Face cache suffices.
        let offline = hub.folder.url.appendingPathComponent("offline")
        let again = try run(hub, ["--model", model, "--task", "STSBenchmark", "--output", offline.path], offline: true)
        XCTAssertEqual(again.status, 0, again.error)
        XCTAssertEqual(try mainScore(offline, "STSBenchmark"), hubScore)
        try FileManager.default.removeItem(at: hub.evalbenchCache.appendingPathComponent("hub-data"))
        let fromCache = try run(hub, ["--model", model, "--task", "STSBenchmark", "--output", offline.path], offline: true)
        XCTAssertEqual(fromCache.status, 0, fromCache.error)
        XCTAssertEqual(hub.downloads("datasets/mteb/stsbenchmark-sts/test.jsonl.gz"), 1)
    }

    func testABEIRDatasetWithDeclaredConfigsInThreeFormatsBecomesTheBEIRLayout() throws {
        let hub = try FakeHub()
        let tasks = hub.folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        let definition: [String: Any] = [
            "name": "HubRetrieval", "type": "Retrieval", "description": "BEIR configs from the fake Hub", "format": "beir",
            "splits": ["test"], "main_score": "ndcg_at_10",
            "data": ["hub": ["repo": "evalbench/beir-configs", "revision": String(repeating: "3", count: 40), "files": [
                ["file": "corpus.jsonl", "config": "corpus"],
                ["file": "queries.jsonl", "config": "queries"],
                ["file": "qrels/{split}.tsv", "config": "default", "split": "{split}", "columns": ["query-id", "corpus-id", "score"]],
            ]]],
        ]
        try JSONSerialization.data(withJSONObject: definition).write(to: tasks.appendingPathComponent("HubRetrieval.json"))
        var bundled = definition
        bundled["name"] = "BundledRetrieval"
        bundled["data"] = ["path": "data/evalbench-retrieval"]
        try FileManager.default.createDirectory(at: tasks.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RunnerTests.tasksFolder.appendingPathComponent("data/evalbench-retrieval"),
                                         to: tasks.appendingPathComponent("data/evalbench-retrieval"))
        try JSONSerialization.data(withJSONObject: bundled).write(to: tasks.appendingPathComponent("BundledRetrieval.json"))
        let output = hub.folder.url.appendingPathComponent("results")
        let result = try EvalbenchExecutable.run(["run", "--tasks-dir", tasks.path, "--task", "HubRetrieval,BundledRetrieval", "--model", FakeHub.tinyModel.path,
                                                  "--dims", "32", "--precision", "float32", "--no-cache", "--quiet", "--output", output.path],
                                                 environment: hub.variables())
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(try mainScore(output, "HubRetrieval"), try mainScore(output, "BundledRetrieval"))
    }

    func testAGatedModelWithoutATokenIsOneSentenceAndWithOneIsDownloaded() throws {
        let hub = try FakeHub()
        let denied = try run(hub, ["--model", "evalbench/tiny-gated", "--task", "EvalBenchSTS", "--limit", "10"])
        XCTAssertNotEqual(denied.status, 0)
        XCTAssertTrue(denied.error.contains("gated or private: accept its licence on \(hub.endpoint)/evalbench/tiny-gated and set HF_TOKEN"), denied.error)
        let output = hub.folder.url.appendingPathComponent("results")
        let allowed = try run(hub, ["--model", "evalbench/tiny-gated", "--task", "EvalBenchSTS", "--limit", "10", "--output", output.path], token: FakeHub.token)
        XCTAssertEqual(allowed.status, 0, allowed.error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("evalbench__tiny-gated").path),
                      "\((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [])")
    }
}

/// The `miriad` task's own mappings on a MIRIAD-shaped parquet dataset: only the rows needed are read, later shards
/// are never downloaded, and rows without ids get their place as ids.
final class HubParquetTaskTests: XCTestCase {
    func testMiriadsMappingsStreamOnlyTheRowsTheyNeedFromParquetShards() throws {
        let hub = try FakeHub()
        let tasks = hub.folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        var definition = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: RunnerTests.tasksFolder.appendingPathComponent("miriad.json"))) as? [String: Any])
        var data = try XCTUnwrap(definition["data"] as? [String: Any]), source = try XCTUnwrap(data["hub"] as? [String: Any])
        var files = try XCTUnwrap(source["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["limit"] as? Int }, [1000, 30000], "the blog's protocol")
        files[0]["limit"] = 20
        files[1]["limit"] = 25
        source["files"] = files
        source["repo"] = "evalbench/miriad-split"
        data["hub"] = source
        definition["data"] = data
        try JSONSerialization.data(withJSONObject: definition).write(to: tasks.appendingPathComponent("miriad.json"))

        let output = hub.folder.url.appendingPathComponent("results")
        let run = try EvalbenchExecutable.run(["run", "--tasks-dir", tasks.path, "--task", "miriad", "--model", FakeHub.tinyModel.path, "--dims", "32",
                                               "--precision", "float32", "--no-cache", "--quiet", "--output", output.path], environment: hub.variables())
        XCTAssertEqual(run.status, 0, run.error)
        XCTAssertEqual(hub.downloads("datasets/evalbench/miriad-split/data/test-00000-of-00001.parquet"), 1)
        XCTAssertEqual(hub.downloads("datasets/evalbench/miriad-split/data/train-00000-of-00002.parquet"), 1)
        XCTAssertEqual(hub.downloads("datasets/evalbench/miriad-split/data/train-00001-of-00002.parquet"), 0, "the 25 rows are all in the first shard")

        let written = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: hub.evalbenchCache.path).first { $0.hasSuffix("miriad/") == false && $0.hasSuffix("qa_passages.jsonl") })
        let rows = try JSONLines.read(hub.evalbenchCache.appendingPathComponent(written))
        let bundled = try JSONLines.read(RunnerTests.tasksFolder.appendingPathComponent("data/evalbench-qa/qa_passages.jsonl"))
        XCTAssertEqual(rows.count, 20)
        XCTAssertEqual(try rows.map { try $0.string("question") }, try bundled.prefix(20).map { try $0.string("question") })
        XCTAssertEqual(try rows[3].string("qa_id"), "test-3")
        XCTAssertEqual(try rows[3].string("passage_id"), "test-3")
        let distractors = try JSONLines.read(hub.evalbenchCache.appendingPathComponent(written).deletingLastPathComponent().appendingPathComponent("distractors.jsonl"))
        XCTAssertEqual(distractors.count, 25)
        XCTAssertEqual(try distractors[0].string("passage_text"), try bundled[60].string("passage_text"))
        XCTAssertEqual(try distractors[24].string("passage_id"), "train-24")
    }
}
