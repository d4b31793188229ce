import Foundation
import Testing
@testable import EvalBenchCore

/// A corpus larger than the memory the run may use: `evalbench run --stream-corpus` in a memory cgroup of 120 MiB
/// evaluates a 150 MB corpus, and scores it exactly as an unlimited in-memory run does, while the in-memory run in the
/// same cgroup is killed. Embeddings come from the fake server (instant 4-dimensional vectors), so the time goes to
/// reading, encoding requests and searching. Needs a writable cgroup v1 memory controller (root in this container);
/// skipped elsewhere.
@Suite(.serialized) struct LargeCorpusMemoryTests {
    static let controller = URL(fileURLWithPath: "/sys/fs/cgroup/memory")
    static var available: Bool { FileManager.default.isWritableFile(atPath: controller.path) }
    static let limit = 120 << 20

    /// A BEIR task of 15,000 documents of 8–12 kB (about 150 MB) and 100 judged queries.
    func makeTask(in folder: URL) throws -> URL {
        let data = folder.appendingPathComponent("tasks/data/large")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("qrels"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: data.appendingPathComponent("corpus.jsonl").path, contents: nil)
        let corpus = try FileHandle(forWritingTo: data.appendingPathComponent("corpus.jsonl"))
        for i in 0..<15_000 {
            let text = String(repeating: "word\(i % 97) ", count: (8000 + (i * 7919) % 4000) / 7)
            try corpus.write(contentsOf: Data("{\"_id\": \"d\(i)\", \"title\": \"\", \"text\": \"\(text)\"}\n".utf8))
        }
        try corpus.close()
        var queries = "", qrels = "query-id\tcorpus-id\tscore\n"
        for j in 0..<100 {
            let i = (j * 104_729) % 15_000
            queries += "{\"_id\": \"q\(j)\", \"text\": \"\(String(repeating: "word\(i % 97) ", count: 3 + j % 5))\"}\n"
            qrels += "q\(j)\td\(i)\t1\n"
        }
        try queries.write(to: data.appendingPathComponent("queries.jsonl"), atomically: true, encoding: .utf8)
        try qrels.write(to: data.appendingPathComponent("qrels/test.tsv"), atomically: true, encoding: .utf8)
        let task = #"{"name": "LargeCorpus", "type": "Retrieval", "description": "synthetic", "data": {"path": "data/large"}, "format": "beir", "splits": ["test"], "main_score": "ndcg_at_10"}"#
        try task.write(to: folder.appendingPathComponent("tasks/LargeCorpus.json"), atomically: true, encoding: .utf8)
        return folder.appendingPathComponent("tasks")
    }

    /// `evalbench run` on the task through `server`, in `cgroup` when given; the exit status.
    func run(_ tasks: URL, server: ServerProcess, stream: Bool, output: URL, cgroup: URL?) throws -> Int32 {
        let arguments = ["run", "--backend", "openai:\(server.url)", "--model", "fake", "--tasks-dir", tasks.path, "--task", "LargeCorpus",
                         "--no-cache", "--quiet", "--request-batch", "128", "--dims", "4", "--precision", "float32,int8,binary", "--rescore",
                         "--output", output.path] + (stream ? ["--stream-corpus"] : [])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell joins the cgroup, then becomes evalbench.
        process.arguments = ["-c", (cgroup.map { "echo $$ > \($0.path)/cgroup.procs && " } ?? "") + "exec \"$0\" \"$@\"", try EvalbenchExecutable.url().path]
            + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: available)) func aCorpusLargerThanTheMemoryLimitStreams() throws {
        let folder = TemporaryFolder("large-corpus")
        defer { folder.remove() }
        let tasks = try makeTask(in: folder.url)
        let server = try ServerProcess.fake("none")
        let cgroup = Self.controller.appendingPathComponent("evalbench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: cgroup, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: cgroup) }
        try "\(Self.limit)".write(to: cgroup.appendingPathComponent("memory.limit_in_bytes"), atomically: false, encoding: .utf8)
        // No swapping around the limit, where the kernel offers swap accounting.
        try? "\(Self.limit)".write(to: cgroup.appendingPathComponent("memory.memsw.limit_in_bytes"), atomically: false, encoding: .utf8)
        let corpusBytes = try FileManager.default.attributesOfItem(atPath: tasks.appendingPathComponent("data/large/corpus.jsonl").path)[.size] as! Int
        #expect(corpusBytes > Self.limit)
        print("bound large corpus: \(corpusBytes) bytes against a cgroup limit of \(Self.limit) bytes")

        let streamed = folder.url.appendingPathComponent("streamed"), memory = folder.url.appendingPathComponent("memory")
        #expect(try run(tasks, server: server, stream: true, output: streamed, cgroup: cgroup) == 0)
        let peak = try String(contentsOf: cgroup.appendingPathComponent("memory.max_usage_in_bytes"), encoding: .utf8)
        print("bound large corpus: streamed run peak cgroup usage \(peak.trimmingCharacters(in: .whitespacesAndNewlines)) bytes")
        // In memory, the same run does not fit: the kernel kills it.
        #expect(try run(tasks, server: server, stream: false, output: folder.url.appendingPathComponent("killed"), cgroup: cgroup) != 0)
        // Without a limit, in memory: every metric of every dimension and precision, and every query's detail, agree.
        #expect(try run(tasks, server: server, stream: false, output: memory, cgroup: nil) == 0)
        let a = try Leaderboard(root: streamed), b = try Leaderboard(root: memory)
        #expect(a.rows.count == 3 && a.rows.map(\.scores) == b.rows.map(\.scores))
        for file in try ResultFiles.under(memory) {
            let relative = String(file.path.dropFirst(memory.path.count))
            let (x, y) = (try ResultFile.read(file), try ResultFile.read(URL(fileURLWithPath: streamed.path + relative)))
            #expect(x.scores == y.scores, "\(relative)")
            let detail = "details/" + file.lastPathComponent
            let (dx, dy) = (try Data(contentsOf: file.deletingLastPathComponent().appendingPathComponent(detail)),
                            try Data(contentsOf: URL(fileURLWithPath: streamed.path + relative).deletingLastPathComponent().appendingPathComponent(detail)))
            #expect(dx == dy, "\(relative) detail")
        }
    }
}
