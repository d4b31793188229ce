import Foundation

/// The table `evalbench run` prints at its end: a row per task split, backend and weights variant of this run,
/// with the texts it encoded or took from the cache and its main score at each dimension and precision.
public struct RunSummary {
    struct Row {
        var task: String, split: String, backend: String, weights: String, metric: String
        var encoded: Int, reused: Int, seconds: Double
        var scores: [String: Double] = [:]
    }

    var rows: [Row] = []
    /// "dim precision" columns in the order the run produced them.
    var columns: [String] = []

    public init() {}

    /// Adds one encoder's results.
    public mutating func add(_ results: [TaskResult], backend: String, weights: String) {
        for result in results {
            let column = "\(result.dimension) \(result.precision.rawValue)"
            if !columns.contains(column) { columns.append(column) }
            if let index = rows.firstIndex(where: { $0.task == result.task.name && $0.split == result.split && $0.backend == backend && $0.weights == weights }) {
                rows[index].scores[column] = result.mainScore
            } else {
                rows.append(Row(task: result.task.name, split: result.split, backend: backend, weights: weights, metric: result.task.main_score,
                                encoded: result.encodedTexts, reused: result.reusedTexts, seconds: result.encodingSeconds,
                                scores: [column: result.mainScore].compactMapValues { $0 }))
            }
        }
    }

    public var markdown: String {
        var lines = ["| task | split | backend | weights | main score | encoded | from cache | encode s | " + columns.joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: " --- |", count: columns.count + 8))
        for row in rows {
            let scores = columns.map { row.scores[$0].map { String(format: "%.4f", $0) } ?? "–" }
            lines.append("| \(row.task) | \(row.split) | \(row.backend) | \(row.weights) | \(row.metric) | \(row.encoded) | \(row.reused) | "
                + String(format: "%.1f", row.seconds) + " | " + scores.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
