import Foundation

/// A table of results: a row per (model, revision, backend, weights, dimension, precision), each task's main score,
/// the benchmark aggregates as mteb's leaderboard computes them (Mean (Task) over every task, Mean (TaskType) over
/// the means of each task type; a row missing a task has neither, never a mean over fewer tasks; Rank (Borda) over
/// the rows, where a missing task earns no points), the bytes one
/// stored vector takes, and for each weights variant the model's memory and encoding speed. Built from the
/// result files on disk.
public struct Leaderboard {
    public struct Row: Equatable {
        public var model: String
        public var revision: String
        /// native, or the server that computed the embeddings.
        public var backend: String
        /// Weights variant: f32, q8, q4, int8-channel (+embeddings).
        public var weights: String
        public var dimension: Int
        public var precision: String
        public var scores: [String: Double]
        /// Bytes of the model's parameters in memory (nil when unknown, e.g. a remote backend).
        public var modelBytes: Int?
        /// Texts encoded and seconds spent encoding them, over the row's tasks.
        public var encodedTexts = 0
        public var encodingSeconds = 0.0
        public var textsPerSecond: Double? { encodedTexts > 0 && encodingSeconds > 0 ? Double(encodedTexts) / encodingSeconds : nil }
        public var bytesPerVector: Int { (Precision(rawValue: precision) ?? .float32).bytesPerVector(dimension: dimension) }
        /// Mean (Task) and Mean (TaskType), nil when the row lacks one of the board's tasks.
        public var meanTask: Double?
        public var meanTaskType: Double?
        /// Rank (Borda) among the board's rows: 1 is best, ties share the best rank of the tie.
        public var bordaRank = 1
    }

    public let rows: [Row]
    public let tasks: [String]
    /// Each task's MTEB type (`Retrieval`, `STS`, …); a task whose files do not record it is its own type.
    public let taskTypes: [String: String]
    /// Files under the folder that are not result files written by `evalbench run`, with the reason.
    public let skipped: [String]

    /// Reads every task result file under `root` (MTEB layout, including `experiments/`).
    public init(root: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw EvalBenchError("\(root.path) is not a results folder (it does not exist, or is a file): give the --output folder of `evalbench run`")
        }
        var rows: [String: Row] = [:], skipped: [String] = [], types: [String: String] = [:]
        for url in try ResultFiles.under(root) {
            let file: ResultFile
            do { file = try ResultFile.read(url) } catch { skipped.append("\(error)"); continue }
            guard let main = file.scores.values.first?.first?.main_score else { skipped.append("\(url.path) has no scores"); continue }
            let info = file.evalbench
            let revision = info.model.revision ?? "no_revision_available"
            let key = "\(info.model.name)|\(revision)|\(info.model.backend)|\(info.model.weights)|\(info.embed_dim)|\(info.precision)"
            var row = rows[key] ?? Row(model: info.model.name, revision: revision, backend: info.model.backend, weights: info.model.weights,
                                       dimension: info.embed_dim, precision: info.precision, scores: [:])
            types[file.task_name] = info.task_type ?? types[file.task_name] ?? file.task_name
            row.scores[file.task_name] = main
            row.modelBytes = info.model_bytes ?? row.modelBytes
            row.encodedTexts += info.encoded_texts
            row.encodingSeconds += info.encoding_time
            rows[key] = row
        }
        func order(_ row: Row) -> (String, String, String, Int, Int) {
            (row.model, row.backend, row.weights == "f32" ? "" : row.weights, -row.dimension,
             Precision.allCases.firstIndex { $0.rawValue == row.precision } ?? 9)
        }
        let tasks = Set(rows.values.flatMap { $0.scores.keys }).sorted()
        self.rows = Self.bordaRanked(rows.values.sorted { order($0) < order($1) }.map { Self.aggregated($0, tasks: tasks, types: types) }, tasks: tasks)
        self.tasks = tasks
        taskTypes = types
        self.skipped = skipped
    }

    /// `row` with Mean (Task) and Mean (TaskType) over `tasks`, when it has a score for each.
    static func aggregated(_ row: Row, tasks: [String], types: [String: String]) -> Row {
        var row = row
        guard !tasks.isEmpty, tasks.allSatisfy({ row.scores[$0] != nil }) else { return row }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        row.meanTask = mean(tasks.map { row.scores[$0]! })
        let byType = Dictionary(grouping: tasks) { types[$0] ?? $0 }
        row.meanTaskType = mean(byType.values.map { group in mean(group.map { row.scores[$0]! }) })
        return row
    }

    /// The rows with their Borda rank as mteb's leaderboard computes it: within each task the rows with a score are
    /// ranked best first, tied rows taking the mean of their ranks, and each earns (rows − rank) points; a missing
    /// task earns none. The point totals are ranked best first, tied totals sharing the best rank ("1, 1, 3").
    static func bordaRanked(_ rows: [Row], tasks: [String]) -> [Row] {
        var points = [Double](repeating: 0, count: rows.count)
        for task in tasks {
            let scored = rows.indices.compactMap { index in rows[index].scores[task].map { (index, $0) } }
            for (index, score) in scored {
                let better = scored.filter { $0.1 > score }.count, tied = scored.filter { $0.1 == score }.count
                let rank = Double(better) + Double(tied + 1) / 2
                points[index] += Double(rows.count) - rank
            }
        }
        return rows.indices.map { index in
            var row = rows[index]
            row.bordaRank = 1 + points.filter { $0 > points[index] }.count
            return row
        }
    }

    /// The table's header cells and each row's cells, shared by the Markdown and HTML renderings.
    var header: [String] {
        ["model", "backend", "weights", "model bytes", "texts/s", "dim", "precision", "bytes/vector"] + tasks + ["Mean (Task)", "Mean (TaskType)", "Rank (Borda)"]
    }

    func cells(_ row: Row) -> [String] {
        let score = { (x: Double?) in x.map { String(format: "%.4f", $0) } ?? "–" }
        return [row.model, row.backend, row.weights, row.modelBytes.map(String.init) ?? "–", row.textsPerSecond.map { String(format: "%.1f", $0) } ?? "–",
                "\(row.dimension)", row.precision, "\(row.bytesPerVector)"] + tasks.map { score(row.scores[$0]) } + [score(row.meanTask), score(row.meanTaskType), "\(row.bordaRank)"]
    }

    public var markdown: String {
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: header.count)]
        lines += rows.map { "| " + cells($0).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row of `leaderboard.json`.
    struct JSONRow: Encodable {
        var model: String, revision: String, backend: String, weights: String, model_bytes: Int?, texts_per_second: Double?, embed_dim: Int
        var precision: String, bytes_per_vector: Int, scores: [String: Double], mean_task: Double?, mean_task_type: Double?, borda_rank: Int
    }

    struct JSONBoard: Encodable {
        var tasks: [String]
        var task_types: [String: String]
        var rows: [JSONRow]
    }

    var json: JSONBoard {
        JSONBoard(tasks: tasks, task_types: taskTypes, rows: rows.map { row in
            JSONRow(model: row.model, revision: row.revision, backend: row.backend, weights: row.weights, model_bytes: row.modelBytes,
                    texts_per_second: row.textsPerSecond.map(Rounding.mteb), embed_dim: row.dimension, precision: row.precision,
                    bytes_per_vector: row.bytesPerVector, scores: row.scores.mapValues(Rounding.mteb), mean_task: row.meanTask.map(Rounding.mteb),
                    mean_task_type: row.meanTaskType.map(Rounding.mteb), borda_rank: row.bordaRank)
        })
    }

    /// Writes `leaderboard.json`, `leaderboard.md` and `leaderboard.html` into `folder`; the page also plots the
    /// backend agreement of `compare.json` when the folder holds one.
    public func write(to folder: URL) throws {
        try AtomicFile.write(ResultJSON.data(json), to: folder.appendingPathComponent("leaderboard.json"))
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("leaderboard.md"))
        let comparison = try ComparisonSummary.read(folder)
        try AtomicFile.write(Data(LeaderboardPage(board: self, comparison: comparison).html.utf8), to: folder.appendingPathComponent("leaderboard.html"))
    }
}
