/// ‖aᵢ − cᵢ‖² in float32 for many pairs of rows, each summed exactly as `MiniBatchKMeans.squaredDistance` sums one pair
/// (the squares of four differences added left to right, then into the total, four by four; the tail one by one), four
/// pairs at a time in SIMD lanes: the total of a pair is the same float as when it is summed alone.
enum SquaredDistances {
    /// ‖row i of `a` − centre `labels[i]`‖² for every row of `a` (row-major, `dimension` wide, as are `centers`).
    static func ofRows(_ a: [Float], to centers: [Float], labels: [Int], dimension d: Int) -> [Float] {
        let m = labels.count
        precondition(a.count == m * d && labels.allSatisfy { ($0 + 1) * d <= centers.count }, "SquaredDistances: shape mismatch")
        var out = [Float](repeating: 0, count: m)
        a.withUnsafeBufferPointer { a in
            centers.withUnsafeBufferPointer { centers in
                for first in stride(from: 0, to: m, by: 4) {
                    // The last group repeats its last row in the lanes it lacks.
                    func rows(_ lane: Int) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
                        let i = min(first + lane, m - 1)
                        return (a.baseAddress! + i * d, centers.baseAddress! + labels[i] * d)
                    }
                    let (x0, c0) = rows(0), (x1, c1) = rows(1), (x2, c2) = rows(2), (x3, c3) = rows(3)
                    func squares(_ x: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ j: Int) -> SIMD4<Float> {
                        let v = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Float>.self) - UnsafeRawPointer(c + j).loadUnaligned(as: SIMD4<Float>.self)
                        return v * v
                    }
                    var total = SIMD4<Float>.zero
                    var j = 0
                    while j + 4 <= d {
                        let t0 = squares(x0, c0, j), t1 = squares(x1, c1, j), t2 = squares(x2, c2, j), t3 = squares(x3, c3, j)
                        // Lane r: ((t0 + t1) + t2) + t3 of pair r.
                        func term(_ l: Int) -> SIMD4<Float> { SIMD4(t0[l], t1[l], t2[l], t3[l]) }
                        total += ((term(0) + term(1)) + term(2)) + term(3)
                        j += 4
                    }
                    while j < d {
                        let v = SIMD4(x0[j] - c0[j], x1[j] - c1[j], x2[j] - c2[j], x3[j] - c3[j])
                        total += v * v
                        j += 1
                    }
                    for lane in 0..<min(4, m - first) { out[first + lane] = total[lane] }
                }
            }
        }
        return out
    }
}
