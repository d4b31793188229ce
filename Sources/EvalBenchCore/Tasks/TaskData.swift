/// A task's examples for one split, in the shape its evaluator needs.
public enum TaskData {
    /// Documents and queries by id, graded relevance per query.
    public struct Retrieval {
        public var corpus: [(id: String, text: String)]
        public var queries: [(id: String, text: String)]
        public var qrels: [String: [String: Int]]
        /// Problems found while loading that did not stop it (qrels naming unknown ids, ...).
        public var warnings: [String] = []
    }

    /// One reranking query with its candidates.
    public struct RerankingQuery {
        public var query: String
        public var positive: [String]
        public var negative: [String]
    }

    /// Two texts and a gold score (STS) or a 0/1 label (pair classification).
    public struct Pair {
        public var first: String
        public var second: String
        public var score: Double
    }

    /// A text and its label.
    public struct LabelledText {
        public var text: String
        public var label: String
    }

    case retrieval(Retrieval)
    case reranking([RerankingQuery])
    case sts([Pair])
    case pairClassification([Pair])
    case classification(train: [LabelledText], test: [LabelledText])
    case clustering([LabelledText])

    /// Number of examples, for listings.
    public var size: String {
        switch self {
        case .retrieval(let r): return "\(r.queries.count) queries, \(r.corpus.count) docs"
        case .reranking(let rows): return "\(rows.count) queries"
        case .sts(let pairs), .pairClassification(let pairs): return "\(pairs.count) pairs"
        case .classification(let train, let test): return "\(train.count) train, \(test.count) test"
        case .clustering(let texts): return "\(texts.count) texts"
        }
    }
}
