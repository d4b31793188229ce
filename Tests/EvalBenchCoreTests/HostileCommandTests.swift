import Foundation
import Kernels
import Testing
@testable import EvalBenchCore

/// Command-line values, output targets and cache files a hostile user could hand evalbench (../shared/fuzz-findings
/// 13, 18–22, 25, 26): a clear error with a non-zero status, or the right answer; never a crash or exit 0 on nothing.
@Suite(.serialized) struct HostileCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try EvalbenchExecutable.run(arguments)
    }

    static let sts = ["run", "--tasks-dir", RunnerTests.tasksFolder.path, "--task", "EvalBenchSTS", "--no-cache", "--limit", "20"]

    /// 13, 18, 19, 26: values the options refuse before anything runs (exit 64, ArgumentParser's usage status).
    @Test(arguments: [
        (["--batch-size", "4611686018427387904"], "--batch-size must be between 1 and 65536"),
        (["--threads", "2147483648"], "--threads must be between 1 and 1024"),
        (["--backend", "tei:http://127.0.0.1:1", "--timeout", "inf"], "--timeout takes seconds, more than 0 and at most 86400"),
        (["--dims", ""], "--dims names no dimension"),
        (["--dims", "384,x"], "--dims takes integers from 1 to 65536"),
        (["--precision", ""], "--precision names no precision"),
        (["--model-name", "../etc"], "--model-name takes a Hugging Face id"),
    ]) func refusedValues(_ extra: [String], _ message: String) throws {
        let folder = TemporaryFolder("refused")
        defer { folder.remove() }
        let result = try Self.run(Self.sts + ["--output", folder.url.path] + extra)
        #expect(result.status == 64 && result.error.contains(message), "\(result.status): \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.path), "nothing is written")
    }

    @Test func emptySelectionsAndMissingFolders() throws {
        let folder = TemporaryFolder("empty")
        defer { folder.remove() }
        var args = Self.sts
        args[args.firstIndex(of: "EvalBenchSTS")!] = " , "
        let empty = try Self.run(args + ["--output", folder.url.path])
        #expect(empty.status == 64 && empty.error.contains("--task names no task"), "\(empty.error)")
        let missing = folder.url.appendingPathComponent("missing/results")
        let board = try Self.run(["leaderboard", missing.path])
        #expect(board.status == 1 && board.error.contains("is not a results folder"), "\(board.error)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let file = folder.url.appendingPathComponent("afile")
        try Data().write(to: file)
        let output = try Self.run(Self.sts + ["--output", file.path])
        #expect(output.status == 64 && output.error.contains("--output \(file.path) is a file; give a folder"), "\(output.error)")
    }

    /// 20: a report written through a symbolic link replaces the file it points to and keeps the link; a special file is
    /// refused, never replaced by a regular one.
    @Test func writesFollowLinksAndRefuseSpecialFiles() throws {
        let folder = TemporaryFolder("links")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let real = folder.url.appendingPathComponent("real.json"), link = folder.url.appendingPathComponent("link.json")
        try Data("old".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        try AtomicFile.write(Data("new".utf8), to: link)
        #expect(try String(contentsOf: real, encoding: .utf8) == "new")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == real.path)
        let fifo = folder.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: EvalBenchError("\(fifo.path) is not a regular file (a folder, device or pipe): give the path of a file to write")) {
            try AtomicFile.write(Data("x".utf8), to: fifo)
        }
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// 21, 22: vectors no model gives are corruption to a run and to `cache stats` alike, as a flipped bit is.
    @Test func cacheVectorsAreCheckedOnEveryRead() throws {
        let folder = TemporaryFolder("cache-nan")
        defer { folder.remove() }
        let cache = try EmbeddingCache(directory: folder.url)
        let model = try cache.model(key: "m", dimension: 2, label: "made-up")
        try cache.store(["a", "b"], prompt: nil, embeddings: EmbeddingMatrix(rows: 2, dimension: 2, values: [1, 0, .nan, 1]), model: model)
        do {
            _ = try cache.lookup(["b"], prompt: nil, model: model)
            Issue.record("a NaN vector was read back")
        } catch {
            #expect("\(error)".contains("holds NaN or infinity"), "\(error)")
        }
        #expect(try cache.stats().integrity.first?.contains("a stored embedding of made-up holds NaN or infinity") == true)
        // Finite vectors no encoder returns either (the fuzzer's finds: a run scored them, or failed, while stats said ok).
        try cache.store(["zero", "huge"], prompt: nil, embeddings: EmbeddingMatrix(rows: 2, dimension: 2, values: [0, 0, 3e38, 3e38]), model: model)
        for (text, problem) in [("zero", "has no length"), ("huge", "is too long for float32")] {
            do {
                _ = try cache.lookup([text], prompt: nil, model: model)
                Issue.record("the \(text) vector was read back")
            } catch {
                #expect("\(error)".contains(problem), "\(error)")
            }
        }
        // The command says so and fails, so a script that checks the cache before trusting it sees the problem.
        let stats = try Self.run(["cache", "stats", "--cache-dir", folder.url.path])
        #expect(stats.status == 1 && stats.output.contains("holds NaN or infinity") && stats.error.contains("fails its integrity check"),
                "\(stats.status): \(stats.output) \(stats.error)")
    }

    /// A low address-space limit, under which OpenBLAS waits forever for its buffer instead of failing, is warned about
    /// before anything runs; without one, nothing is said.
    @Test func aLowAddressSpaceLimitIsWarnedAbout() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 3000000 && exec \"$0\" tasks --tasks-dir \"$1\"", try EvalbenchExecutable.url().path,
                             RunnerTests.tasksFolder.path]
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        let said = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(said.contains("warning: the address-space limit (ulimit -v) is 2929 MiB") && said.contains("cgroup"), "\(said)")
        #expect(!(try Self.run(["tasks", "--tasks-dir", RunnerTests.tasksFolder.path]).error.contains("address-space limit")))
    }
}
