/// The per-unit values behind a task's scores, written to `details/TASK.json` with an explicit `kind`: what the
/// regression gate resamples, and from which it recomputes the main score.
public enum TaskDetail: Equatable, Sendable {
    /// Retrieval and reranking: query id → that query's metrics.
    case perQuery([String: [String: Double]])
    /// STS: gold scores and each similarity's per-pair values (`cosine`, `euclidean`, `manhattan`, and `similarity`,
    /// the model's own function).
    case correlation(gold: [Double], similarities: [String: [Double]])
    /// Pair classification: 0/1 labels and each similarity's per-pair values.
    case averagePrecision(labels: [Int], similarities: [String: [Double]])
    /// Classification and clustering: each seeded experiment's metrics.
    case perExperiment([[String: Double]])

    /// The `kind` field of the detail file.
    public var kind: String {
        switch self {
        case .perQuery: "per_query"
        case .correlation: "correlation"
        case .averagePrecision: "average_precision"
        case .perExperiment: "per_experiment"
        }
    }
}

extension TaskDetail: Codable {
    enum CodingKeys: String, CodingKey { case kind, per_query, gold, similarities, labels, per_experiment }

    public init(from decoder: Swift.Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "per_query": self = .perQuery(try container.decode([String: [String: Double]].self, forKey: .per_query))
        case "correlation":
            self = .correlation(gold: try container.decode([Double].self, forKey: .gold),
                                similarities: try container.decode([String: [Double]].self, forKey: .similarities))
        case "average_precision":
            self = .averagePrecision(labels: try container.decode([Int].self, forKey: .labels),
                                     similarities: try container.decode([String: [Double]].self, forKey: .similarities))
        case "per_experiment": self = .perExperiment(try container.decode([[String: Double]].self, forKey: .per_experiment))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "kind '\(other)' is not per_query, correlation, average_precision or per_experiment")
        }
    }

    public func encode(to encoder: Swift.Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .perQuery(let queries): try container.encode(queries.mapValues { $0.mapValues(Rounding.mteb) }, forKey: .per_query)
        case .correlation(let gold, let similarities):
            try container.encode(gold.map(Rounding.mteb), forKey: .gold)
            try container.encode(similarities.mapValues { $0.map(Rounding.mteb) }, forKey: .similarities)
        case .averagePrecision(let labels, let similarities):
            try container.encode(labels, forKey: .labels)
            try container.encode(similarities.mapValues { $0.map(Rounding.mteb) }, forKey: .similarities)
        case .perExperiment(let experiments): try container.encode(experiments.map { $0.mapValues(Rounding.mteb) }, forKey: .per_experiment)
        }
    }
}

/// Numbers as result files store them: rounded to 6 decimals as MTEB stores them, except magnitudes from 1e15 up,
/// which rounding would push past the largest double (they are stored as they are).
enum Rounding {
    static func mteb(_ value: Double) -> Double {
        guard value.isFinite, abs(value) < 1e15 else { return value }
        return (value * 1e6).rounded() / 1e6
    }
}
