import Common
import Foundation
import XCTest
@testable import Hub

/// The Hub client against the fake Hub: the cache layout huggingface_hub writes, resumed and refused downloads,
/// gated repositories, offline use, and model downloads that skip pickles.
final class HubClientTests: XCTestCase {
    func testADatasetLandsInTheHuggingFaceCacheLayout() throws {
        let hub = try FakeHub()
        let client = HubClient(environment: hub.environment())
        let repo = try HubRepository(.dataset, id: "mteb/stsbenchmark-sts")
        let dataset = try client.dataset(repo)
        XCTAssertEqual(dataset.commit, "b0fddb56ed78048fa8b90373c8a3cfc37b684831")
        let files = try client.files(of: dataset, config: nil, split: "test")
        XCTAssertEqual(files.map(\.lastPathComponent), ["test.jsonl.gz"])
        let repoFolder = hub.cache.appendingPathComponent("datasets--mteb--stsbenchmark-sts")
        XCTAssertEqual(try String(contentsOf: repoFolder.appendingPathComponent("refs/main"), encoding: .utf8), dataset.commit)
        let link = repoFolder.appendingPathComponent("snapshots/\(dataset.commit)/test.jsonl.gz")
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
        let content = try Data(contentsOf: FakeHub.fixtures.appendingPathComponent("datasets/mteb/stsbenchmark-sts/test.jsonl.gz"))
        // An LFS file's blob is named by its SHA-256, linked relatively from the snapshot.
        XCTAssertEqual(target, "../../blobs/\(SHA256.hex(of: content))")
        XCTAssertEqual(try Data(contentsOf: link), content)

        // Offline, the same files come from the cache alone.
        let offline = HubClient(environment: hub.environment(offline: true))
        let again = try offline.files(of: try offline.dataset(repo), config: nil, split: "test")
        XCTAssertEqual(again.map(\.path), files.map(\.path))
        XCTAssertEqual(hub.downloads("datasets/mteb/stsbenchmark-sts/test.jsonl.gz"), 1)
        XCTAssertThrowsError(try offline.dataset(try HubRepository(.dataset, id: "evalbench/beir-configs"))) { error in
            XCTAssertTrue("\(error)".contains("HF_HUB_OFFLINE is set"), "\(error)")
        }
    }

    func testADroppedConnectionResumesWhereItStopped() throws {
        let hub = try FakeHub()
        let client = HubClient(environment: hub.environment())
        let repo = try HubRepository(.dataset, id: "evalbench/dropped")
        let file = try client.files(of: try client.dataset(repo), config: nil, split: "test")[0]
        let expected = try Data(contentsOf: FakeHub.fixtures.appendingPathComponent("datasets/evalbench/dropped/test.jsonl.gz"))
        XCTAssertEqual(try Data(contentsOf: file), expected)
        // The first GET stopped halfway; the second asked for the rest with a Range header.
        XCTAssertEqual(hub.downloads("datasets/evalbench/dropped/test.jsonl.gz"), 2)
    }

    func testAnInterruptedDownloadLeavesNothingTrustedAndIsResumedByTheNextRun() throws {
        let hub = try FakeHub()
        let repo = try HubRepository(.dataset, id: "mteb/stsbenchmark-sts")
        let client = HubClient(environment: hub.environment())
        let commit = try client.commit(of: repo)
        let file = try XCTUnwrap(try client.files(of: repo, commit: commit).first { $0.path == "test.jsonl.gz" })
        let content = try Data(contentsOf: FakeHub.fixtures.appendingPathComponent("datasets/mteb/stsbenchmark-sts/test.jsonl.gz"))
        // What a killed download leaves: part of the blob under .incomplete, no snapshot link.
        let partial = hub.cache.appendingPathComponent("datasets--mteb--stsbenchmark-sts/blobs/\(file.etag).incomplete")
        try FileManager.default.createDirectory(at: partial.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.prefix(content.count / 3).write(to: partial)
        XCTAssertNil(client.cache.file(file.path, commit: commit, of: repo))
        XCTAssertThrowsError(try HubClient(environment: hub.environment(offline: true)).fetch(file, of: repo, commit: commit))

        let fetched = try client.fetch(file, of: repo, commit: commit)
        XCTAssertEqual(try Data(contentsOf: fetched), content)
        XCTAssertFalse(FileManager.default.fileExists(atPath: partial.path))

        // A partial file that does not match the content is caught by the SHA-256 and never kept.
        let other = try XCTUnwrap(try client.files(of: repo, commit: commit).first { $0.path == "train.jsonl.gz" })
        let damaged = hub.cache.appendingPathComponent("datasets--mteb--stsbenchmark-sts/blobs/\(other.etag).incomplete")
        try Data(repeating: 0x41, count: 10).write(to: damaged)
        XCTAssertThrowsError(try client.fetch(other, of: repo, commit: commit)) { error in
            XCTAssertTrue("\(error)".contains("SHA-256") && "\(error)".contains("nothing was kept"), "\(error)")
        }
        XCTAssertNil(client.cache.file(other.path, commit: commit, of: repo))
        XCTAssertNotNil(try client.fetch(other, of: repo, commit: commit))
    }

    func testAFileOfTheWrongSizeIsRefusedAndNotKept() throws {
        let hub = try FakeHub()
        let client = HubClient(environment: hub.environment())
        let repo = try HubRepository(.dataset, id: "evalbench/wrong-size")
        XCTAssertThrowsError(try client.files(of: try client.dataset(repo), config: nil, split: "test")) { error in
            XCTAssertTrue("\(error)".contains("bytes where the Hub's listing says"), "\(error)")
        }
        let blobs = hub.cache.appendingPathComponent("datasets--evalbench--wrong-size/blobs")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: blobs.path).filter { !$0.hasPrefix("README") }.count, 1,
                       "only the README's blob is kept")
    }

    func testAGatedModelNeedsATokenAndSaysSoInOneSentence() throws {
        let hub = try FakeHub()
        let repo = try HubRepository(.model, id: "evalbench/tiny-gated")
        XCTAssertThrowsError(try HubClient(environment: hub.environment()).model(repo)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("gated") && text.contains("HF_TOKEN") && text.contains("\(hub.endpoint)/evalbench/tiny-gated"), text)
            XCTAssertFalse(text.contains("\n"), "one sentence")
        }
        XCTAssertThrowsError(try HubClient(environment: hub.environment(token: "hf_wrong")).model(repo)) { error in
            XCTAssertTrue("\(error)".contains("HTTP 403"), "\(error)")
        }
        let folder = try HubClient(environment: hub.environment(token: FakeHub.token)).model(repo)
        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        XCTAssertTrue(files.isSuperset(of: ["model.safetensors", "modules.json", "1_Pooling/config.json", "tokenizer.json", "vocab.txt"]), "\(files.sorted())")
        XCTAssertFalse(files.contains("pytorch_model.bin"))
        XCTAssertFalse(files.contains("onnx/model.onnx"))
        XCTAssertEqual(hub.downloads("models/evalbench/tiny-gated/pytorch_model.bin"), 0)
    }

    func testConfigsAndSplitsResolveAsTheDatasetsLibraryResolvesThem() throws {
        let readme = "---\nconfigs:\n- config_name: corpus\n  data_files:\n  - split: corpus\n    path: corpus/*.jsonl.gz\n"
            + "- config_name: en\n  data_files:\n  - split: test\n    path:\n    - en/test-*.parquet\n    - en/extra.jsonl\n---\n"
        let files = try DatasetFiles(files: ["README.md", "corpus/a.jsonl.gz", "corpus/b.jsonl.gz", "en/test-00000-of-00002.parquet",
                                             "en/test-00001-of-00002.parquet", "en/extra.jsonl", "de/test.jsonl"], readme: readme)
        XCTAssertEqual(try files.paths(config: "corpus", split: "corpus"), ["corpus/a.jsonl.gz", "corpus/b.jsonl.gz"])
        XCTAssertEqual(try files.paths(config: "corpus", split: nil), ["corpus/a.jsonl.gz", "corpus/b.jsonl.gz"], "a config's only split")
        XCTAssertEqual(try files.paths(config: "en", split: "test"), ["en/test-00000-of-00002.parquet", "en/test-00001-of-00002.parquet", "en/extra.jsonl"])
        XCTAssertThrowsError(try files.paths(config: "fr", split: "test")) { XCTAssertTrue("\($0)".contains("configs: corpus, en"), "\($0)") }
        XCTAssertThrowsError(try files.paths(config: "en", split: "train")) { XCTAssertTrue("\($0)".contains("its splits: test"), "\($0)") }

        let plain = try DatasetFiles(files: ["data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet", "dev.jsonl", "notes.txt"], readme: nil)
        XCTAssertEqual(try plain.paths(config: nil, split: "test"), ["data/test-00000-of-00001.parquet"])
        XCTAssertEqual(try plain.paths(config: nil, split: "validation"), ["dev.jsonl"])
        XCTAssertThrowsError(try plain.paths(config: "en", split: "test"))
        XCTAssertTrue(Glob.matches("**/x.json", "a/b/x.json") && Glob.matches("**/x.json", "x.json") && !Glob.matches("*/x.json", "a/b/x.json"))
    }

    func testHostileListingsAreRefusedByName() throws {
        XCTAssertThrowsError(try HubClient.file(["type": "file", "path": "../../etc/passwd", "size": 3, "oid": String(repeating: "a", count: 40)], at: "entry"))
        XCTAssertThrowsError(try HubClient.file(["type": "file", "path": "a.txt", "size": -3, "oid": String(repeating: "a", count: 40)], at: "entry"))
        XCTAssertThrowsError(try HubClient.file(["type": "file", "path": "a.bin", "size": 3, "lfs": ["oid": "xyz"]], at: "entry"))
        XCTAssertThrowsError(try HubRepository(.model, id: "../etc"))
        XCTAssertThrowsError(try HubRepository(.model, id: "a/b", revision: "../../x"))
        XCTAssertEqual(try HubRepository(parsing: "org/name@refs/pr/1").quotedRevision, "refs%2Fpr%2F1")
    }
}

