/// Row-major float32 vectors, one embedding per row: the input of every embedding-based metric.
public struct Vectors: Sendable {
    public let rows: Int
    public let dimension: Int
    public let values: [Float]

    public init(rows: Int, dimension: Int, values: [Float]) throws {
        guard rows >= 0, dimension >= 0, values.count == rows * dimension else {
            throw MetricsError("\(values.count) values do not make \(rows) vectors of dimension \(dimension)")
        }
        self.rows = rows
        self.dimension = dimension
        self.values = values
    }

    func row(_ i: Int) -> ArraySlice<Float> { values[(i * dimension)..<((i + 1) * dimension)] }

    /// The given rows, in the given order.
    func gathering(_ indices: [Int]) -> Vectors {
        var picked: [Float] = []
        picked.reserveCapacity(indices.count * dimension)
        for i in indices { picked.append(contentsOf: row(i)) }
        return try! Vectors(rows: indices.count, dimension: dimension, values: picked)
    }

    /// The values widened to Double (what the solvers compute in).
    var doubles: [Double] { values.map(Double.init) }
}
