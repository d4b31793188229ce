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

extension TaskDetail: Decodable {
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

    /// The detail file's text, its numbers rounded as MTEB stores them (`PrettyJSON`, so the same bytes as every other
    /// result file's writer would give).
    func json() throws -> [UInt8] {
        func rounded(_ json: inout PrettyJSON, _ value: Double) throws { try json.number(Rounding.mteb(value)) }
        func series(_ json: inout PrettyJSON, _ values: [Double]) throws { try json.array(values, rounded) }
        let kind = self.kind
        var fields: [String: (inout PrettyJSON) throws -> Void] = ["kind": { $0.string(kind) }]
        switch self {
        case .perQuery(let queries): fields["per_query"] = { try $0.object(queries) { try $0.object($1, rounded) } }
        case .correlation(let gold, let similarities):
            fields["gold"] = { try series(&$0, gold) }
            fields["similarities"] = { try $0.object(similarities, series) }
        case .averagePrecision(let labels, let similarities):
            fields["labels"] = { $0.array(labels) { $0.number($1) } }
            fields["similarities"] = { try $0.object(similarities, series) }
        case .perExperiment(let experiments): fields["per_experiment"] = { try $0.array(experiments) { try $0.object($1, rounded) } }
        }
        var json = PrettyJSON()
        try json.object(fields) { try $1(&$0) }
        return json.bytes
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
