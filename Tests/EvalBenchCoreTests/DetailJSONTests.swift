import Foundation
import Testing
@testable import EvalBenchCore

/// The detail files' own writer (`PrettyJSON`) against Foundation's `JSONEncoder` with the options every other result
/// file is written with: the same bytes, keys that need escaping and sorting, numbers that need rounding or none.
@Suite struct DetailJSONTests {
    /// Each detail kind's fields as Foundation encodes them (the values already rounded as the detail file rounds them).
    struct Reference<Payload: Encodable>: Encodable {
        var kind: String
        var payload: Payload
        var payloadKey: String
        var extra: (key: String, value: [String: [Double]])?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(kind, forKey: AnyKey("kind"))
            try container.encode(payload, forKey: AnyKey(payloadKey))
            if let extra { try container.encode(extra.value, forKey: AnyKey(extra.key)) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static let awkwardKeys = ["b/2", "a\"quoted\"", "tab\there", "new\nline", "back\\slash", "\u{1}control\u{1f}", "é accent", "Z upper",
                              "10", "9", "", "日本"]
    static let awkwardNumbers: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5e-7, 1e-6, 123456.7890123, 1e15, 3e20, -7.25e-12, 0.999999949]

    static func foundation<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try ResultJSON.data(value)) }

    @Test func perQueryMatchesFoundation() throws {
        var queries: [String: [String: Double]] = [:]
        for (i, key) in Self.awkwardKeys.enumerated() {
            queries[key] = Dictionary(uniqueKeysWithValues: Self.awkwardNumbers.enumerated().map { ("metric_\($0.offset + i)", $0.element) })
        }
        queries["empty"] = [:]
        let reference = Reference(kind: "per_query", payload: queries.mapValues { $0.mapValues(Rounding.mteb) }, payloadKey: "per_query")
        #expect(try TaskDetail.perQuery(queries).json() == Self.foundation(reference))
    }

    @Test func seriesAndExperimentsMatchFoundation() throws {
        let numbers = Self.awkwardNumbers, similarities = ["cosine": numbers, "dot": numbers.reversed(), "none": []]
        let rounded = similarities.mapValues { $0.map(Rounding.mteb) }
        #expect(try TaskDetail.correlation(gold: numbers, similarities: similarities).json()
            == Self.foundation(Reference(kind: "correlation", payload: numbers.map(Rounding.mteb), payloadKey: "gold",
                                         extra: ("similarities", rounded))))
        #expect(try TaskDetail.averagePrecision(labels: [1, 0, 0, 1], similarities: similarities).json()
            == Self.foundation(Reference(kind: "average_precision", payload: [1, 0, 0, 1], payloadKey: "labels", extra: ("similarities", rounded))))
        let experiments: [[String: Double]] = [["accuracy": 0.5, "f1": 1.0 / 3], [:], ["v_measure": 0.25]]
        #expect(try TaskDetail.perExperiment(experiments).json()
            == Self.foundation(Reference(kind: "per_experiment", payload: experiments.map { $0.mapValues(Rounding.mteb) }, payloadKey: "per_experiment")))
        #expect(try TaskDetail.perExperiment([]).json()
            == Self.foundation(Reference(kind: "per_experiment", payload: [[String: Double]](), payloadKey: "per_experiment")))
    }

    @Test func numbersJSONCannotHoldAreRefusedWithTheirPlace() {
        let queries: [String: [String: Double]] = ["q0": ["ndcg_at_10": 1], "q1": ["map": 0.5, "ndcg_at_10": .nan]]
        let nan = EvalBenchError("cannot write nan at 'per_query.q1.ndcg_at_10' as JSON")
        #expect(throws: nan) { try TaskDetail.perQuery(queries).json() }
        #expect(throws: nan) { try Self.foundation(Reference(kind: "per_query", payload: queries, payloadKey: "per_query")) }
        let infinity = EvalBenchError("cannot write inf at 'gold.Index 2' as JSON")
        #expect(throws: infinity) { try TaskDetail.correlation(gold: [1, 2, .infinity], similarities: [:]).json() }
        #expect(throws: infinity) { try Self.foundation(Reference(kind: "correlation", payload: [1, 2, Double.infinity], payloadKey: "gold")) }
    }
}
