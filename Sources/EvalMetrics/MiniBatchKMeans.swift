import COpenBLAS
import Foundation
/// scikit-learn's `MiniBatchKMeans(n_clusters: k, batch_size:, init: "k-means++", n_init: 1, random_state: seed)` as mteb
/// calls it, on float32 vectors as scikit-learn keeps them: the same NumPy `RandomState` draws in the same order (a
/// validation sample, the k-means++ sample, its greedy candidates, every minibatch, every reassignment of a starved
/// centre), the same count-weighted centre updates, the same early stop on the smoothed batch inertia, and labels
/// from ‖c‖² − 2·x·c. What cannot be the same is round-off: scikit-learn sums some of these in OpenBLAS or with OpenMP
/// threads, in orders of their own, so a near-tie can fall the other way and the runs part from there.
struct MiniBatchKMeans {
    let k: Int
    let batchSize: Int
    let seed: UInt32
    var maxIterations = 100
    var maxNoImprovement = 10
    var reassignmentRatio: Float = 0.01

    init(k: Int, batchSize: Int, seed: UInt64) {
        self.k = k
        self.batchSize = batchSize
        self.seed = UInt32(truncatingIfNeeded: seed)
    }

    /// Cluster labels of every row of `x` (`fit_predict`).
    func fitPredict(_ x: Vectors) -> [Int] {
        let n = x.rows
        precondition(n >= k, "MiniBatchKMeans: \(n) rows for \(k) clusters")
        var random = NumPyRandomState(seed: seed)
        let batch = min(batchSize, n)
        let initSize = min(3 * batch < k ? 3 * k : 3 * batch, n)
        _ = (0..<initSize).map { _ in random.integer(below: n) }  // the validation sample (n_init = 1 leaves nothing to choose)
        var centers = initialCenters(x, initSize: initSize, random: &random)
        var counts = [Float](repeating: 0, count: k)
        var sinceReassign = 0
        var ewa: Double?, ewaMinimum: Double?, noImprovement = 0
        let steps = maxIterations * n / batch
        let everyRow = UniformChoice(n)
        for step in 0..<steps {
            let rows = (0..<batch).map { _ in everyRow.index(random.uniform()) }
            let (labels, inertia) = assign(x, rows: rows, centers: centers)
            centers = updated(centers, x, rows: rows, labels: labels, counts: &counts)
            sinceReassign += batch
            if counts.contains(0) || sinceReassign >= 10 * k {
                sinceReassign = 0
                reassignStarved(&centers, &counts, x, rows: rows, random: &random)
            }
            // Early stop: the smoothed batch inertia has not improved for `maxNoImprovement` steps (the first is ignored).
            guard step > 0 else { continue }
            let batchInertia = Double(inertia) / Double(batch)
            let alpha = min(Double(batch) * 2.0 / Double(n + 1), 1)
            ewa = ewa.map { $0 * (1 - alpha) + batchInertia * alpha } ?? batchInertia
            if ewaMinimum == nil || ewa! < ewaMinimum! {
                noImprovement = 0
                ewaMinimum = ewa
            } else {
                noImprovement += 1
                if noImprovement >= maxNoImprovement { break }
            }
        }
        return assign(x, rows: Array(0..<n), centers: centers).labels
    }

    /// k-means++ on `initSize` rows drawn with replacement (all rows, undrawn, when that is every row): the first centre
    /// uniformly, then each the best of 2 + ⌊ln k⌋ candidates drawn in proportion to the squared distance.
    func initialCenters(_ x: Vectors, initSize: Int, random: inout NumPyRandomState) -> [Float] {
        let sample = initSize < x.rows ? (0..<initSize).map { _ in random.integer(below: x.rows) } : Array(0..<x.rows)
        let m = sample.count
        let trials = 2 + Int(Foundation.log(Double(k)))
        let distances = UpcastDistances(x.gathered(sample), rows: m, dimension: x.dimension)
        let first = UniformChoice(m).index(random.uniform())
        var centers = Array(x.row(sample[first]))
        var closest = distances.to(first)
        var potential = closest.reduce(Float(0), +)
        for _ in 1..<k {
            // np.cumsum in float32, searched (side left) for uniform draws scaled by the potential.
            var running: Float = 0
            let cumulativeDistance = closest.map { running += $0; return Double(running) }
            let candidates = (0..<trials).map { _ -> Int in
                let target = random.uniform() * Double(potential)
                return min(cumulativeDistance.partitioningIndex { $0 >= target }, m - 1)
            }
            var best: (potential: Float, distances: [Float], row: Int)?
            for candidate in candidates {
                let candidateDistances = zip(closest, distances.to(candidate)).map { min($0, $1) }
                let candidatePotential = candidateDistances.reduce(Float(0), +)
                if best == nil || candidatePotential < best!.potential { best = (candidatePotential, candidateDistances, sample[candidate]) }
            }
            potential = best!.potential
            closest = best!.distances
            centers += x.row(best!.row)
        }
        return centers
    }

    /// Labels of `rows` by ‖c‖² − 2·x·c (float32, the first smallest), and their inertia Σ‖x − c‖².
    func assign(_ x: Vectors, rows: [Int], centers: [Float]) -> (labels: [Int], inertia: Float) {
        let d = x.dimension, m = rows.count
        let norms = (0..<k).map { Self.squaredDistance(centers[($0 * d)..<(($0 + 1) * d)], nil) }
        var scores = [Float](repeating: 0, count: m * k)
        for i in 0..<m { for j in 0..<k { scores[i * k + j] = norms[j] } }
        let block = x.gathered(rows)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(k), Int32(d), -2, block, Int32(d), centers, Int32(d), 1, &scores, Int32(k))
        var labels = [Int](repeating: 0, count: m)
        for i in 0..<m {
            var label = 0
            for j in 1..<k where scores[i * k + j] < scores[i * k + label] { label = j }
            labels[i] = label
        }
        let inertia = SquaredDistances.ofRows(block, to: centers, labels: labels, dimension: d).reduce(Float(0), +)
        return (labels, inertia)
    }

    /// Each centre that won rows becomes the mean of everything it has won (its old value weighted by its count). Each
    /// centre's rows are added in batch order, one float at a time, so the sums round as they always have.
    func updated(_ centers: [Float], _ x: Vectors, rows: [Int], labels: [Int], counts: inout [Float]) -> [Float] {
        let d = x.dimension
        var members = [[Int]](repeating: [], count: k)
        for (i, label) in labels.enumerated() { members[label].append(i) }
        var next = centers
        next.withUnsafeMutableBufferPointer { out in
            centers.withUnsafeBufferPointer { old in
                for c in 0..<k where !members[c].isEmpty {
                    let center = out.baseAddress! + c * d, previous = old.baseAddress! + c * d, weight = counts[c]
                    for j in 0..<d { center[j] = previous[j] * weight }
                    for i in members[c] {
                        x.row(rows[i]).withUnsafeBufferPointer { row in
                            for j in 0..<d { center[j] += row[j] }
                        }
                    }
                    counts[c] += Float(members[c].count)
                    let alpha = 1 / counts[c]
                    for j in 0..<d { center[j] *= alpha }
                }
            }
        }
        return next
    }

    /// Centres whose count is under 1 % of the largest move to rows of the batch drawn without replacement, and take the
    /// smallest count of the others.
    func reassignStarved(_ centers: inout [Float], _ counts: inout [Float], _ x: Vectors, rows: [Int], random: inout NumPyRandomState) {
        let d = x.dimension
        let threshold = reassignmentRatio * counts.max()!
        let starved = (0..<k).filter { counts[$0] < threshold }
        guard !starved.isEmpty else { return }
        var permutation = Array(0..<rows.count)
        random.shuffle(&permutation)  // choice(batch, size, replace=False) is permutation(batch)[:size]
        let picks = permutation.prefix(starved.count)
        for (c, pick) in zip(starved, picks) {
            let row = x.row(rows[pick])
            for j in 0..<d { centers[c * d + j] = row[row.startIndex + j] }
        }
        let smallest = (0..<k).filter { counts[$0] >= threshold }.map { counts[$0] }.min()!
        for c in starved { counts[c] = smallest }
    }

    /// ‖a − b‖² (‖a‖² without b) in float32, four terms at a time as scikit-learn's `_euclidean_dense_dense` adds them.
    static func squaredDistance(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>?) -> Float {
        let n = a.count, a0 = a.startIndex, b0 = b?.startIndex ?? 0
        func term(_ i: Int) -> Float { let v = a[a0 + i] - (b?[b0 + i] ?? 0); return v * v }
        var result: Float = 0
        var i = 0
        while i + 4 <= n {
            let t0 = term(i), t1 = term(i + 1), t2 = term(i + 2), t3 = term(i + 3)
            result += ((t0 + t1) + t2) + t3
            i += 4
        }
        while i < n { result += term(i); i += 1 }
        return result
    }
}

/// `RandomState.choice(n, p=uniform)` for one index: the first whose normalised cumulative weight (float32 1/n each,
/// summed in double) exceeds the uniform draw.
struct UniformChoice {
    let cumulative: [Double]

    init(_ n: Int) {
        let weight = Double(Float(1) / Float(n))
        var total = 0.0
        var sums = [Double](repeating: 0, count: n)
        for i in 0..<n { total += weight; sums[i] = total }
        cumulative = sums.map { $0 / total }
    }

    func index(_ draw: Double) -> Int { min(cumulative.partitioningIndex { $0 > draw }, cumulative.count - 1) }
}

extension Array where Element == Double {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array (binary search).
    func partitioningIndex(where predicate: (Double) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
