import Foundation
import Testing
@testable import EvalBenchCore

/// The leaderboard's benchmark aggregates (computed by hand from the rows' scores), a row missing a task, and
/// `leaderboard.html`: self-contained, a figure per plot with a mark per row, written by `evalbench report`.
/// (`scripts/check_report_html.py` renders the page in headless Chromium; `make report-check` runs it in CI.)
@Suite(.serialized) struct ReportTests {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-report-\(UUID().uuidString)")

    /// STS, and two Retrieval tasks (EvalBenchRetrieval, EvalBenchQA), at 2 dimensions × 2 precisions.
    func results() throws -> URL {
        _ = try RunnerTests().run(["EvalBenchSTS", "EvalBenchRetrieval", "EvalBenchQA"], dims: [384, 128], precisions: [.float32, .binary],
                                  output: output, limit: 30)
        return output
    }

    @Test func aggregatesAsMTEBsLeaderboardAndMissingTasks() throws {
        defer { try? FileManager.default.removeItem(at: output) }
        let board = try Leaderboard(root: try results())
        #expect(board.rows.count == 4)
        #expect(board.taskTypes == ["EvalBenchSTS": "STS", "EvalBenchRetrieval": "Retrieval", "EvalBenchQA": "Retrieval"])
        for row in board.rows {
            let (sts, retrieval, qa) = (row.scores["EvalBenchSTS"]!, row.scores["EvalBenchRetrieval"]!, row.scores["EvalBenchQA"]!)
            // Mean (Task): the three tasks alike. Mean (TaskType): STS, and the mean of the two Retrieval tasks.
            #expect(abs(row.meanTask! - (sts + retrieval + qa) / 3) < 1e-12)
            #expect(abs(row.meanTaskType! - (sts + (retrieval + qa) / 2) / 2) < 1e-12)
        }
        #expect(board.header.suffix(3) == ["Mean (Task)", "Mean (TaskType)", "Rank (Borda)"])

        // A row missing a task has no mean at all (mteb's leaderboard shows it as missing), never a mean over fewer tasks.
        let revision = output.appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        let folder = revision.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: revision.path).first!)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("experiments/embed_dim_128__output_dtypes_binary/EvalBenchQA.json"))
        let partial = try Leaderboard(root: output)
        let missing = try #require(partial.rows.first { $0.dimension == 128 && $0.precision == "binary" })
        #expect(missing.meanTask == nil && missing.meanTaskType == nil)
        #expect(partial.rows.filter { $0.meanTask != nil }.count == 3)
        // Its Borda rank still stands: a missing task earns no points.
        #expect(partial.markdown.contains("| 128 | binary | 16 | – | ") && partial.markdown.contains(" | – | – | \(missing.bordaRank) |\n"))
    }

    @Test func thePageIsSelfContainedWithAMarkPerRow() throws {
        defer { try? FileManager.default.removeItem(at: output) }
        let root = try results()
        let run = try EvalbenchExecutable.run(["report", root.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("| Mean (Task) | Mean (TaskType) | Rank (Borda) |") && run.output.contains("leaderboard.html"))
        let html = try String(contentsOf: root.appendingPathComponent("leaderboard.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"en\" data-plots=\"matryoshka bytes speed\">"))
        // Four rows: four points on the Matryoshka and bytes plots, one encoder on the speed plot.
        func marks(_ plot: String) -> Int {
            guard let start = html.range(of: "data-plot=\"\(plot)\"") else { return -1 }
            let figure = html[start.upperBound...]
            let end = figure.range(of: "</figure>")!.lowerBound
            return figure[..<end].components(separatedBy: "class=\"mark\"").count - 1
        }
        #expect(marks("matryoshka") == 4 && marks("bytes") == 4 && marks("speed") == 1)
        #expect(html.components(separatedBy: "<tr>").count - 1 == 1 + 4)
        // Nothing is fetched: no script or style source, no link, no URL but the SVG namespace.
        let urls = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
        #expect(urls.isEmpty && !html.contains("src=") && !html.contains("<link"))
        // The old name still works.
        #expect(try EvalbenchExecutable.run(["leaderboard", root.path]).status == 0)
    }

    /// A compare.json that is not one `evalbench compare` wrote: the report names the file and what is wrong.
    @Test func aDamagedComparisonIsAClearError() throws {
        defer { try? FileManager.default.removeItem(at: output) }
        let root = try results()
        for (content, message) in [("garbage", "is not a compare.json written by `evalbench compare`"), (#"{"backends": [], "tasks": []}"#, "field backends is empty")] {
            try content.write(to: root.appendingPathComponent("compare.json"), atomically: true, encoding: .utf8)
            let run = try EvalbenchExecutable.run(["report", root.path])
            #expect(run.status == 1 && run.error.contains(root.appendingPathComponent("compare.json").path) && run.error.contains(message), "\(run.error)")
        }
    }

    @Test func textIsEscaped() {
        #expect(HTML.escape("a<b & \"c\">") == "a&lt;b &amp; &quot;c&quot;&gt;")
        #expect(SVGPlot.format(0.7715, among: [0.771, 0.7715, 0.772]) == "0.7715")
        #expect(SVGPlot.ticks(16...2048, .log(base: 2)) == [16, 32, 64, 128, 256, 512, 1024, 2048])
    }
}
