/// Mini-batch k-means (Sculley 2010) with k-means++ initialisation on a sample, as scikit-learn's
/// MiniBatchKMeans does it: per-centre learning rates 1/count, stopping after `maxNoImprovement` batches
/// without a better smoothed inertia or after `maxEpochs` passes.
struct MiniBatchKMeans {
    let k: Int
    let batchSize: Int
    var random: SeededRandom
    var maxEpochs = 100
    var maxNoImprovement = 10

    init(k: Int, batchSize: Int, seed: UInt64) {
        self.k = k
        self.batchSize = batchSize
        random = SeededRandom(seed: seed)
    }

    mutating func fitPredict(_ x: Vectors) -> [Int] {
        let d = x.dimension
        var centers = initialCenters(x)
        var counts = [Double](repeating: 0, count: k)
        let batch = min(batchSize, x.rows)
        let steps = maxEpochs * max(1, x.rows / batch)
        var smoothed: Double?, best = Double.infinity, stale = 0
        for _ in 0..<steps {
            let sample = (0..<batch).map { _ in Int.random(in: 0..<x.rows, using: &random) }
            var inertia = 0.0
            let nearest = sample.map { i -> Int in
                let (c, distance) = closest(x.row(i), centers, d)
                inertia += distance
                return c
            }
            for (i, c) in zip(sample, nearest) {
                counts[c] += 1
                let rate = Float(1 / counts[c])
                let row = x.row(i)
                for j in 0..<d { centers[c * d + j] += rate * (row[row.startIndex + j] - centers[c * d + j]) }
            }
            let value = inertia / Double(batch)
            smoothed = smoothed.map { $0 * (1 - Double(batch) / Double(x.rows)) + value * Double(batch) / Double(x.rows) } ?? value
            if smoothed! < best { best = smoothed!; stale = 0 } else { stale += 1; if stale >= maxNoImprovement { break } }
        }
        return (0..<x.rows).map { closest(x.row($0), centers, d).0 }
    }

    /// k-means++ on a random sample of 3 × batch size rows (scikit-learn's init_size).
    mutating func initialCenters(_ x: Vectors) -> [Float] {
        let d = x.dimension
        let sampleSize = min(x.rows, max(3 * batchSize, k))
        var pool = Array(0..<x.rows)
        pool.shuffle(using: &random)
        let sample = Array(pool.prefix(sampleSize))
        var centers = Array(x.row(sample[Int.random(in: 0..<sample.count, using: &random)]))
        var distances = sample.map { squaredDistance(x.row($0), centers[0..<d]) }
        while centers.count < k * d {
            let total = distances.reduce(0, +)
            var pick = sample.count - 1
            if total > 0 {
                var target = Double.random(in: 0..<total, using: &random)
                for (i, w) in distances.enumerated() { target -= w; if target < 0 { pick = i; break } }
            } else {
                pick = Int.random(in: 0..<sample.count, using: &random)
            }
            let start = centers.count
            centers.append(contentsOf: x.row(sample[pick]))
            for (i, row) in sample.enumerated() { distances[i] = min(distances[i], squaredDistance(x.row(row), centers[start..<(start + d)])) }
        }
        return centers
    }

    func closest(_ row: ArraySlice<Float>, _ centers: [Float], _ d: Int) -> (Int, Double) {
        var best = (0, Double.infinity)
        for c in 0..<k {
            let distance = squaredDistance(row, centers[(c * d)..<((c + 1) * d)])
            if distance < best.1 { best = (c, distance) }
        }
        return best
    }

    func squaredDistance(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        var sum: Float = 0
        for (x, y) in zip(a, b) { sum += (x - y) * (x - y) }
        return Double(sum)
    }
}
