import Encoders
import Foundation
import Testing
@testable import EvalBenchCore

/// `evalbench run` killed with SIGKILL part-way through: the cache stays sound, holds whole chunks, and the next
/// run encodes only what was not stored yet and scores as an uncached run does.
@Suite(.serialized) struct KilledRunTests {
    /// `evalbench run` on the STS task's first 60 pairs, 4 texts per batch, so 32 texts per cache commit.
    static func start(cache: URL, output: URL) throws -> Process {
        let process = Process()
        process.executableURL = try EvalbenchExecutable.url()
        process.arguments = ["run", "--task", "EvalBenchSTS", "--limit", "60", "--tasks-dir", RunnerTests.tasksFolder.path,
                             "--cache-dir", cache.path, "--output", output.path, "--batch-size", "4"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Returns once the process is in the stopped state (`T` in /proc/PID/stat) or has gone (a stopped process gets
    /// there within a scheduling tick; the minute is only a guard against a test that never ends).
    static func waitUntilStopped(_ pid: Int32) {
        for _ in 0..<60_000 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return }
            let state = stat[stat.index(close, offsetBy: 2)]
            if state == "T" || state == "t" || state == "Z" { return }
            usleep(1_000)
        }
    }

    /// Embeddings committed so far, read through a read-only connection (nil while the file or table is not there).
    static func storedRows(_ cache: URL) -> Int? {
        let file = cache.appendingPathComponent(EmbeddingCache.fileName)
        guard FileManager.default.fileExists(atPath: file.path),
              let database = try? SQLiteDatabase(path: file.path, mode: .readOnly) else { return nil }
        return (try? database.integer("SELECT count(*) FROM embeddings")).map { Int($0) }
    }

    @Test func killedRunResumesWithWhatWasNotStored() throws {
        let (cache, killed, resumed, uncached) = (TemporaryFolder("cache"), TemporaryFolder("killed"), TemporaryFolder("resumed"), TemporaryFolder("uncached"))
        defer { [cache, killed, resumed, uncached].forEach { $0.remove() } }
        let loader = TaskLoader(registry: try TaskRegistry(folder: RunnerTests.tasksFolder), dataDirectory: nil)
        let pairs = try loader.load(loader.registry.task(named: "EvalBenchSTS"), kind: STSTask(options: .init()), split: "test").limited(to: 60).pairs
        // The two roles share one store (no prompts): each distinct sentence is one row, the first sentences' before
        // the second sentences' new ones, stored 32 at a time.
        let total = Set(pairs.flatMap { [$0.first, $0.second] }).count, firsts = Set(pairs.map(\.first)).count
        let wholeChunks = Set(stride(from: 32, to: firsts, by: 32)).union([firsts])
            .union(stride(from: 32, to: total - firsts, by: 32).map { firsts + $0 })

        let process = try Self.start(cache: cache.url, output: killed.url)
        // The run goes on in slices of 5 ms and is stopped (SIGSTOP) while the cache is looked at, so however loaded
        // the machine, it cannot finish between the look that sees its first chunk and the kill.
        let deadline = Date(timeIntervalSinceNow: 900)
        while process.isRunning && Date() < deadline {
            usleep(5_000)
            kill(process.processIdentifier, SIGSTOP)
            Self.waitUntilStopped(process.processIdentifier)
            if (Self.storedRows(cache.url) ?? 0) > 0 { break }
            kill(process.processIdentifier, SIGCONT)
        }
        guard process.isRunning else {
            Issue.record("the run ended (status \(process.terminationStatus)) before it stored its first chunk"); return
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

        let stats = try EmbeddingCache(directory: cache.url).stats()
        #expect(stats.integrity == ["ok"])
        let stored = stats.embeddings
        #expect(stored > 0 && stored < total, "\(stored) of \(total) rows stored when killed")
        #expect(wholeChunks.contains(stored), "\(stored) rows is not a number of whole chunks (\(wholeChunks.sorted()))")

        let rerun = try Self.start(cache: cache.url, output: resumed.url)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let written = try WrittenResult.sts(under: resumed.url)
        let (info, score) = (written.evalbench, written.scores["test"]?.first?.main_score)
        #expect(info.reused_texts == stored)
        #expect(info.encoded_texts == total - stored)
        #expect(try EmbeddingCache(directory: cache.url).stats().embeddings == total)

        // The same score as a run without a cache (to float rounding: other batches pad differently).
        let (_, reference) = try RunnerTests().run(["EvalBenchSTS"], dims: [384], precisions: [.float32], output: uncached.url, limit: 60)
        let (resumedScore, uncachedScore) = (try #require(score), try #require(reference[0].mainScore))
        print("bound resumed vs uncached EvalBenchSTS: score difference \(abs(resumedScore - uncachedScore)) (bound 1e-6)")
        #expect(abs(resumedScore - uncachedScore) < 1e-6, "resumed \(resumedScore), uncached \(uncachedScore)")
    }
}
