import Foundation

/// A table of results: a row per (model, revision, dimension, precision), each task's main score, the mean
/// over the tasks present, and the bytes one stored vector takes. Built from the result files on disk.
public struct Leaderboard {
    public struct Row: Equatable {
        public var model: String
        public var revision: String
        public var dimension: Int
        public var precision: String
        public var scores: [String: Double]
        public var mean: Double { scores.isEmpty ? .nan : scores.values.reduce(0, +) / Double(scores.count) }
        public var bytesPerVector: Int { (Precision(rawValue: precision) ?? .float32).bytesPerVector(dimension: dimension) }
    }

    public let rows: [Row]
    public let tasks: [String]

    /// Reads every task result file under `root` (MTEB layout, including `experiments/`).
    public init(root: URL) throws {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw EvalBenchError("\(root.path) cannot be read")
        }
        var rows: [String: Row] = [:]
        for case let url as URL in walker where url.pathExtension == "json" {
            let name = url.lastPathComponent
            if name == "model_meta.json" || name.hasPrefix(".") || name.hasPrefix("leaderboard") || url.pathComponents.contains("details") { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                  let task = object["task_name"] as? String, let info = object["evalbench"] as? [String: Any],
                  let scores = object["scores"] as? [String: Any], let split = scores.values.first as? [[String: Any]],
                  let main = split.first?["main_score"] as? Double else { continue }
            let model = (info["model"] as? [String: Any])?["name"] as? String ?? "?"
            let revision = (info["model"] as? [String: Any])?["revision"] as? String ?? "no_revision_available"
            let dimension = info["embed_dim"] as? Int ?? 0
            let precision = info["precision"] as? String ?? "float32"
            let key = "\(model)|\(revision)|\(dimension)|\(precision)"
            rows[key, default: Row(model: model, revision: revision, dimension: dimension, precision: precision, scores: [:])].scores[task] = main
        }
        func order(_ row: Row) -> (String, Int, Int) {
            (row.model, -row.dimension, Precision.allCases.firstIndex { $0.rawValue == row.precision } ?? 9)
        }
        self.rows = rows.values.sorted { order($0) < order($1) }
        tasks = Set(rows.values.flatMap { $0.scores.keys }).sorted()
    }

    public var markdown: String {
        var lines = ["| model | dim | precision | bytes/vector | " + tasks.joined(separator: " | ") + " | mean |"]
        lines.append("|" + String(repeating: " --- |", count: tasks.count + 5))
        for row in rows {
            let cells = tasks.map { row.scores[$0].map { String(format: "%.4f", $0) } ?? "–" }
            lines.append("| \(row.model) | \(row.dimension) | \(row.precision) | \(row.bytesPerVector) | " + cells.joined(separator: " | ")
                + " | \(String(format: "%.4f", row.mean)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var jsonObject: [String: Any] {
        ["tasks": tasks, "rows": rows.map { row -> [String: Any] in
            ["model": row.model, "revision": row.revision, "embed_dim": row.dimension, "precision": row.precision,
             "bytes_per_vector": row.bytesPerVector, "scores": row.scores, "mean": row.mean]
        }]
    }

    /// Writes `leaderboard.json` and `leaderboard.md` into `folder`.
    public func write(to folder: URL) throws {
        try AtomicFile.write(JSONFormatting.data(jsonObject), to: folder.appendingPathComponent("leaderboard.json"))
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("leaderboard.md"))
    }
}
