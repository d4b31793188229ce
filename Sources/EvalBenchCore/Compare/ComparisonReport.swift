import Encoders
import Foundation

/// What `evalbench compare` found: per task each backend's main score and its delta to the first backend,
/// the embeddings' agreement with the first backend, top-10 overlap for retrieval, and each backend's speed.
/// Renders as Markdown and JSON.
public struct ComparisonReport: Encodable {
    /// One backend's identity and encoding throughput over the whole comparison.
    public struct BackendSummary: Encodable {
        public var label: String
        public var identity: ModelIdentity
        public var dimension: Int
        public var encodedTexts: Int
        public var encodingSeconds: Double
        public var textsPerSecond: Double? { encodingSeconds > 0 ? Double(encodedTexts) / encodingSeconds : nil }

        enum CodingKeys: String, CodingKey {
            case label, identity, dimension, encodedTexts = "encoded_texts", encodingSeconds = "encoding_seconds"
            case textsPerSecond = "texts_per_second"
        }

        public func encode(to encoder: Swift.Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(identity, forKey: .identity)
            try container.encode(dimension, forKey: .dimension)
            try container.encode(encodedTexts, forKey: .encodedTexts)
            try container.encode(encodingSeconds, forKey: .encodingSeconds)
            try container.encode(textsPerSecond, forKey: .textsPerSecond)
        }
    }

    /// The main score of every backend (in backend order) at one dimension and precision.
    public struct ScoreRow: Encodable {
        public var dimension: Int
        public var precision: String
        public var scores: [Double?]
    }

    /// One backend's embeddings of one role's texts against the first backend's.
    public struct AgreementRow: Encodable {
        public var backend: String
        public var role: String
        public var agreement: EmbeddingAgreement
    }

    /// A task split's comparison.
    public struct TaskComparison: Encodable {
        public var task: String
        public var split: String
        public var mainScore: String
        public var scores: [ScoreRow] = []
        public var agreement: [AgreementRow] = []
        /// Backend label → mean share of each query's top 10 documents it has in common with the first backend.
        public var top10Overlap: [String: Double] = [:]

        enum CodingKeys: String, CodingKey {
            case task, split, mainScore = "main_score", scores, agreement, top10Overlap = "top10_overlap"
        }
    }

    public var model: String
    public var backends: [BackendSummary]
    public var tasks: [TaskComparison] = []

    public var json: Data {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try encoder.encode(self)
        }
    }

    public var markdown: String {
        let first = backends[0].label
        var lines = ["## Backends compared: \(model)", ""]
        lines.append("| task | split | dim | precision | main score | " + backends.map(\.label).joined(separator: " | ")
            + " | " + backends.dropFirst().map { "Δ \($0.label) − \(first)" }.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: 5 + 2 * backends.count - 1))
        for task in tasks {
            for row in task.scores {
                let deltas = row.scores.dropFirst().map { score in
                    guard let score, let base = row.scores[0] else { return "n/a" }
                    return String(format: "%+.5f", score - base)
                }
                lines.append("| \(task.task) | \(task.split) | \(row.dimension) | \(row.precision) | \(task.mainScore) | "
                    + row.scores.map(Self.format).joined(separator: " | ") + " | " + deltas.joined(separator: " | ") + " |")
            }
        }
        lines += ["", "### Embedding agreement with \(first) (cosine per text, full dimension)", "",
                  "| task | split | backend | role | texts | mean | min | 1st percentile |", "|---|---|---|---|---|---|---|---|"]
        for task in tasks {
            for row in task.agreement {
                lines.append("| \(task.task) | \(task.split) | \(row.backend) | \(row.role) | \(row.agreement.texts) | "
                    + [row.agreement.meanCosine, row.agreement.minimumCosine, row.agreement.firstPercentileCosine]
                    .map { String(format: "%.6f", $0) }.joined(separator: " | ") + " |")
            }
        }
        let retrieval = tasks.filter { !$0.top10Overlap.isEmpty }
        if !retrieval.isEmpty {
            lines += ["", "### Retrieval: mean share of each query's top 10 documents in common with \(first)", "",
                      "| task | split | backend | top-10 overlap |", "|---|---|---|---|"]
            for task in retrieval {
                for (backend, overlap) in task.top10Overlap.sorted(by: { $0.key < $1.key }) {
                    lines.append("| \(task.task) | \(task.split) | \(backend) | " + String(format: "%.4f", overlap) + " |")
                }
            }
        }
        lines += ["", "### Speed", "", "| backend | texts encoded | encoding s | texts/s |", "|---|---|---|---|"]
        for backend in backends {
            lines.append("| \(backend.label) | \(backend.encodedTexts) | " + String(format: "%.2f", backend.encodingSeconds)
                + " | " + (backend.textsPerSecond.map { String(format: "%.1f", $0) } ?? "n/a") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func format(_ score: Double?) -> String { score.map { String(format: "%.5f", $0) } ?? "n/a" }
}
