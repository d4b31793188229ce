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

    /// Reads every task result file under `root` (MTEB layout, including `experiments/`).
    public init(root: URL) throws {
        var rows: [String: Row] = [:]
        for url in try ResultFiles.under(root) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                  let task = object["task_name"] as? String, let info = object["evalbench"] as? [String: Any],
                  let scores = object["scores"] as? [String: Any], let split = scores.values.first as? [[String: Any]],
                  let main = split.first?["main_score"] as? Double else { continue }
            let modelInfo = info["model"] as? [String: Any] ?? [:]
            let model = modelInfo["name"] as? String ?? "?"
            let revision = modelInfo["revision"] as? String ?? "no_revision_available"
            let weights = modelInfo["weights"] as? String ?? "f32"
            let dimension = info["embed_dim"] as? Int ?? 0
            let precision = info["precision"] as? String ?? "float32"
            let key = "\(model)|\(revision)|\(weights)|\(dimension)|\(precision)"
            var row = rows[key] ?? Row(model: model, revision: revision, weights: weights, dimension: dimension, precision: precision, scores: [:])
            row.scores[task] = main
            row.modelBytes = info["model_bytes"] as? Int ?? row.modelBytes
            row.encodedTexts += info["encoded_texts"] as? Int ?? 0
            row.encodingSeconds += info["encoding_time"] as? Double ?? 0
            rows[key] = row
        }
        func order(_ row: Row) -> (String, String, Int, Int) {
            (row.model, row.weights == "f32" ? "" : row.weights, -row.dimension, Precision.allCases.firstIndex { $0.rawValue == row.precision } ?? 9)
        }
        self.rows = rows.values.sorted { order($0) < order($1) }
        tasks = Set(rows.values.flatMap { $0.scores.keys }).sorted()
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

    public var jsonObject: [String: Any] {
        ["tasks": tasks, "rows": rows.map { row -> [String: Any] in
            ["model": row.model, "revision": row.revision, "weights": row.weights, "model_bytes": row.modelBytes ?? NSNull(),
             "texts_per_second": row.textsPerSecond ?? NSNull(), "embed_dim": row.dimension, "precision": row.precision,
             "bytes_per_vector": row.bytesPerVector, "scores": row.scores, "mean": row.mean]
        }]
    }

    /// Writes `leaderboard.json` and `leaderboard.md` into `folder`.
    public func write(to folder: URL) throws {
        try AtomicFile.write(JSONFormatting.data(jsonObject), to: folder.appendingPathComponent("leaderboard.json"))
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("leaderboard.md"))
    }
}
