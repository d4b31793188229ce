/// The similarities MTEB compares pairs with; distances are negated so that higher always means more similar.
enum PairSimilarity: String, CaseIterable, Sendable {
    case cosine, dot, euclidean, manhattan

    /// Whether the similarity is a negated distance (MTEB reports its thresholds as distances).
    var isNegatedDistance: Bool { self == .euclidean || self == .manhattan }

    func callAsFunction(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0, l2 = 0.0, l1 = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x), dy = Double(y)
            dot += dx * dy; na += dx * dx; nb += dy * dy
            l2 += (dx - dy) * (dx - dy); l1 += abs(dx - dy)
        }
        switch self {
        case .cosine: return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
        case .dot: return dot
        case .euclidean: return -l2.squareRoot()
        case .manhattan: return -l1
        }
    }

    /// Similarity of row i of `a` with row i of `b`, for every i.
    func rowwise(_ a: Vectors, _ b: Vectors) -> [Double] {
        (0..<a.rows).map { self(a.row($0), b.row($0)) }
    }

    /// Checks that two sides of a list of pairs line up: same number of rows and the same dimension.
    static func checkPairs(_ a: Vectors, _ b: Vectors) throws {
        guard a.rows == b.rows else { throw MetricsError("the two sides of the pairs differ in number: \(a.rows) and \(b.rows) vectors") }
        guard a.dimension == b.dimension else {
            throw MetricsError("the two sides of the pairs differ in dimension: \(a.dimension) and \(b.dimension)")
        }
    }
}
