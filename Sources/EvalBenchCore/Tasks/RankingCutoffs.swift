import EvalMetrics

/// The cutoffs of ranking metrics (`k_values`), shared by the kinds that rank: retrieval and reranking.
enum RankingCutoffs {
    /// Throws unless `k_values` is absent or holds one or more k from 1 to 100,000.
    static func validate(_ kValues: [Int]?) throws {
        guard let kValues else { return }
        guard !kValues.isEmpty else { throw EvalBenchError("k_values is empty: give at least one k, e.g. [1, 10, 100]") }
        for k in kValues { try OptionCheck.range(k, 1...100_000, "each of k_values") }
    }

    /// The cutoffs evaluated: `k_values` (each once, ascending) or MTEB's defaults.
    static func values(_ kValues: [Int]?) -> [Int] { Array(Set(kValues ?? RetrievalMetrics.defaultKValues)).sorted() }

    /// The metrics `RetrievalMetrics` reports at these cutoffs.
    static func metrics(_ kValues: [Int]) -> Set<String> {
        Set(kValues.flatMap { k in ["ndcg", "map", "recall", "precision", "mrr", "hit_rate"].map { "\($0)_at_\(k)" } })
    }
}

/// The options of the kinds that rank candidates without further settings (reranking, instruction reranking and
/// retrieval): the cutoffs their metrics are computed at.
public struct RankingOptions: TaskOptions {
    public var k_values: [Int]?

    enum CodingKeys: String, CodingKey, CaseIterable { case k_values }
    public init() {}
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public func validate() throws { try RankingCutoffs.validate(k_values) }

    var kValues: [Int] { RankingCutoffs.values(k_values) }
}
