import Foundation
import Testing
@testable import EvalBenchCore

/// `evalbench run` with stdout and stderr into one pipe, as CI logs and `2>&1 | tee` see it: every line is whole and
/// is a progress line, a result line, or part of the summary; each task's progress ends before its results; `--quiet`
/// prints no progress.
@Suite(.serialized) struct ProgressOutputTests {
    /// The bundled suite's tasks (14: 126 result lines, more than one stdio buffer).
    static func suiteSize() throws -> Int { try TaskRegistry(folder: RunnerTests.tasksFolder).suite("default").count }

    /// Runs `evalbench run` on the bundled suite into one pipe.
    func run(_ extra: [String]) throws -> (status: Int32, lines: [String]) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = try EvalbenchExecutable.url()
        process.arguments = ["run", "--tasks-dir", RunnerTests.tasksFolder.path, "--suite", "default", "--limit", "30", "--no-cache",
                             "--dims", "384,256,128", "--precision", "float32,int8,binary", "--output", output.path] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).components(separatedBy: "\n"))
    }

    static let result = try! Regex(#"^(\S+) \[test\] native weights f32 dim (384|256|128) (float32|int8|binary): [\w-]+ = -?[0-9.]+  \(evaluation [0-9.]+ s\)$"#)
    static let progress = try! Regex(#"^\[progress\] (\S+) \[test\]: (\d+/\d+ texts, [0-9.]+ texts/s, ETA (\d+ s|–)|encoded \d+ texts in [0-9.]+ s(, [0-9.]+ texts/s)?)$"#)

    @Test func progressAndResultsNeverInterleave() throws {
        let (status, lines) = try run([])
        #expect(status == 0, "\(lines.suffix(5))")
        var finished: Set<String> = [], results = 0, summaryRows = 0
        for line in lines {
            if let match = line.wholeMatch(of: Self.progress) {
                let task = String(match.output[1].substring!)
                if line.contains(": encoded ") { finished.insert(task) }
            } else if let match = line.wholeMatch(of: Self.result) {
                results += 1
                #expect(finished.contains(String(match.output[1].substring!)), "a result before its task's progress ended: \(line)")
            } else if line.hasPrefix("| ") {
                summaryRows += 1
            } else {
                let known = line.isEmpty || line.hasPrefix("native weights f32: ") || line.hasPrefix("total ")
                #expect(known, "a line that is neither progress, a result nor the summary: \(line)")
            }
        }
        let tasks = try Self.suiteSize()
        #expect(results == tasks * 9)
        // The summary: header, separator and a row per task.
        #expect(summaryRows == 2 + tasks)
        #expect(finished.count == tasks)
    }

    @Test func quietPrintsNoProgress() throws {
        let (status, lines) = try run(["--quiet"])
        #expect(status == 0)
        #expect(!lines.contains { $0.hasPrefix("[progress]") })
        #expect(lines.filter { $0.wholeMatch(of: Self.result) != nil }.count == (try Self.suiteSize()) * 9)
    }
}
