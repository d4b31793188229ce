/// ‖a − b‖² between rows of one float32 set as scikit-learn's `euclidean_distances` gives it for k-means++:
/// ‖a‖² + ‖b‖² − 2·a·b, each sum in double in row order, then float32, at least 0. Every row's ‖a‖² is summed once;
/// the dot products run four rows at a time in SIMD lanes, each lane adding in the order one row alone does.
struct UpcastDistances {
    let values: [Float]
    let rows: Int
    let dimension: Int
    let norms: [Double]

    /// `values`: `rows` row-major rows of `dimension`.
    init(_ values: [Float], rows: Int, dimension: Int) {
        precondition(values.count == rows * dimension, "UpcastDistances: \(values.count) values for \(rows) rows of \(dimension)")
        self.values = values
        self.rows = rows
        self.dimension = dimension
        norms = (0..<rows).map { i in
            var sum = 0.0
            for x in values[(i * dimension)..<((i + 1) * dimension)] { sum += Double(x) * Double(x) }
            return sum
        }
    }

    /// The distance of every row to row `b`.
    func to(_ b: Int) -> [Float] {
        let d = dimension
        var out = [Float](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { values in
            let base = values.baseAddress!, target = base + b * d
            for first in stride(from: 0, to: rows, by: 4) {
                // The last group repeats its last row in the lanes it lacks.
                func row(_ lane: Int) -> UnsafePointer<Float> { base + min(first + lane, rows - 1) * d }
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
                var dot = SIMD4<Double>.zero
                for j in 0..<d { dot += SIMD4(Double(r0[j]), Double(r1[j]), Double(r2[j]), Double(r3[j])) * Double(target[j]) }
                for lane in 0..<min(4, rows - first) {
                    out[first + lane] = max(0, Float((-2 * dot[lane] + norms[first + lane]) + norms[b]))
                }
            }
        }
        return out
    }
}
