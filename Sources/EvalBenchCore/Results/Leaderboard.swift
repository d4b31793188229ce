import Foundation

/// A table of results: a row per (model, revision, weights, dimension, precision), each task's main score,
/// the mean over the tasks present, the bytes one stored vector takes, and for each weights variant the
/// model's memory and encoding speed. Built from the result files on disk.
public struct Leaderboard {
    public struct Row: Equatable {
        public var model: String
        public var revision: String
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
        public var mean: Double { scores.isEmpty ? .nan : scores.values.reduce(0, +) / Double(scores.count) }
        public var bytesPerVector: Int { (Precision(rawValue: precision) ?? .float32).bytesPerVector(dimension: dimension) }
    }

    public let rows: [Row]
    public let tasks: [String]
    /// Files under the folder that are not result files written by `evalbench run`, with the reason.
    public let skipped: [String]

    /// Reads every task result file under `root` (MTEB layout, including `experiments/`).
    public init(root: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw EvalBenchError("\(root.path) is not a results folder (it does not exist, or is a file): give the --output folder of `evalbench run`")
        }
        var rows: [String: Row] = [:], skipped: [String] = []
        for url in try ResultFiles.under(root) {
            let file: ResultFile
            do { file = try ResultFile.read(url) } catch { skipped.append("\(error)"); continue }
            guard let main = file.scores.values.first?.first?.main_score else { skipped.append("\(url.path) has no scores"); continue }
            let info = file.evalbench
            let revision = info.model.revision ?? "no_revision_available"
            let key = "\(info.model.name)|\(revision)|\(info.model.weights)|\(info.embed_dim)|\(info.precision)"
            var row = rows[key] ?? Row(model: info.model.name, revision: revision, weights: info.model.weights, dimension: info.embed_dim,
                                       precision: info.precision, scores: [:])
            row.scores[file.task_name] = main
            row.modelBytes = info.model_bytes ?? row.modelBytes
            row.encodedTexts += info.encoded_texts
            row.encodingSeconds += info.encoding_time
            rows[key] = row
        }
        func order(_ row: Row) -> (String, String, Int, Int) {
            (row.model, row.weights == "f32" ? "" : row.weights, -row.dimension, Precision.allCases.firstIndex { $0.rawValue == row.precision } ?? 9)
        }
        self.rows = rows.values.sorted { order($0) < order($1) }
        tasks = Set(rows.values.flatMap { $0.scores.keys }).sorted()
        self.skipped = skipped
    }

    public var markdown: String {
        var lines = ["| model | weights | model bytes | texts/s | dim | precision | bytes/vector | " + tasks.joined(separator: " | ") + " | mean |"]
        lines.append("|" + String(repeating: " --- |", count: tasks.count + 8))
        for row in rows {
            let cells = tasks.map { row.scores[$0].map { String(format: "%.4f", $0) } ?? "–" }
            let memory = row.modelBytes.map(String.init) ?? "–", speed = row.textsPerSecond.map { String(format: "%.1f", $0) } ?? "–"
            lines.append("| \(row.model) | \(row.weights) | \(memory) | \(speed) | \(row.dimension) | \(row.precision) | \(row.bytesPerVector) | "
                + cells.joined(separator: " | ") + " | \(String(format: "%.4f", row.mean)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row of `leaderboard.json`.
    struct JSONRow: Encodable {
        var model: String, revision: String, weights: String, model_bytes: Int?, texts_per_second: Double?, embed_dim: Int
        var precision: String, bytes_per_vector: Int, scores: [String: Double], mean: Double?
    }

    struct JSONBoard: Encodable {
        var tasks: [String]
        var rows: [JSONRow]
    }

    var json: JSONBoard {
        JSONBoard(tasks: tasks, rows: rows.map { row in
            JSONRow(model: row.model, revision: row.revision, weights: row.weights, model_bytes: row.modelBytes,
                    texts_per_second: row.textsPerSecond.map(Rounding.mteb), embed_dim: row.dimension, precision: row.precision,
                    bytes_per_vector: row.bytesPerVector, scores: row.scores.mapValues(Rounding.mteb), mean: row.mean.isFinite ? Rounding.mteb(row.mean) : nil)
        })
    }

    /// Writes `leaderboard.json` and `leaderboard.md` into `folder`.
    public func write(to folder: URL) throws {
        try AtomicFile.write(ResultJSON.data(json), to: folder.appendingPathComponent("leaderboard.json"))
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("leaderboard.md"))
    }
}
