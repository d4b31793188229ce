import COpenBLAS
import Foundation

/// scikit-learn's `LogisticRegression(C: 1, max_iter: 100)` with its default lbfgs solver, as mteb's classification
/// protocol calls it (scripts/sklearn_lbfgs/SPEC.md): the mean cross-entropy plus ‖W‖²/(2·C·n), intercepts not
/// penalised, from all-zero parameters; the binomial form with one coefficient row for two classes, the full
/// multinomial form (a row per class) for more; minimised by scipy's L-BFGS-B iterates (`LBFGS`), so that a fit
/// stopped at 100 iterations, unconverged, predicts as scikit-learn's does. Inputs are widened to double, as
/// scikit-learn does for lbfgs.
public struct LogisticRegression {
    public var c = 1.0
    public var maxIterations = 100
    public private(set) var classes = 0
    public private(set) var dimension = 0
    /// Iterations the last fit took (scikit-learn's `n_iter_`).
    public private(set) var iterations = 0
    /// The weights, a row of `dimension` per class (one row for two classes), row-major.
    var weights: [Double] = []
    var intercepts: [Double] = []

    public init(c: Double = 1, maxIterations: Int = 100) {
        self.c = c
        self.maxIterations = maxIterations
    }

    /// Rows of parameters: one for the binomial form, one per class for the multinomial.
    var rowsOfWeights: Int { classes == 2 ? 1 : classes }

    public mutating func fit(_ x: Vectors, labels: [Int], classes: Int) throws {
        guard labels.count == x.rows, x.rows > 0 else { throw MetricsError("logistic regression needs one label per training vector, got \(labels.count) for \(x.rows)") }
        guard classes >= 2, labels.allSatisfy({ (0..<classes).contains($0) }) else { throw MetricsError("a label is outside 0..<\(classes)") }
        self.classes = classes
        dimension = x.dimension
        let features = x.values.map(Double.init)
        let k = rowsOfWeights, d = dimension
        var solver = LBFGS()
        solver.maxIterations = maxIterations
        let result = solver.minimize(from: [Double](repeating: 0, count: k * (d + 1))) { w in
            classes == 2 ? binomialObjective(w, features, labels, x.rows) : multinomialObjective(w, features, labels, x.rows)
        }
        weights = Array(result.x[0..<(k * d)])
        intercepts = Array(result.x[(k * d)...])
        iterations = result.iterations
    }

    /// Class probabilities of each row, row-major n × classes (scikit-learn's `predict_proba`).
    public func probabilities(_ x: Vectors) -> [Double] {
        let scores = decision(weights[...], intercepts[...], x.values.map(Double.init), x.rows)
        if classes == 2 {
            return scores.flatMap { s -> [Double] in let p = 1 / (1 + Foundation.exp(-s)); return [1 - p, p] }
        }
        var p = scores
        for r in 0..<x.rows {
            let row = (r * classes)..<((r + 1) * classes)
            let m = p[row].max()!
            var sum = 0.0
            for i in row { p[i] = Foundation.exp(p[i] - m); sum += p[i] }
            for i in row { p[i] /= sum }
        }
        return p
    }

    /// The predicted class of each row: the first largest score, or for two classes class 1 where the score is positive.
    public func predict(_ x: Vectors) -> [Int] {
        let scores = decision(weights[...], intercepts[...], x.values.map(Double.init), x.rows)
        if classes == 2 { return scores.map { $0 > 0 ? 1 : 0 } }
        return (0..<x.rows).map { r in
            var best = 0
            for k in 1..<classes where scores[r * classes + k] > scores[r * classes + best] { best = k }
            return best
        }
    }

    /// X·Wᵀ + b: n × (rows of weights).
    func decision(_ w: ArraySlice<Double>, _ b: ArraySlice<Double>, _ x: [Double], _ n: Int) -> [Double] {
        let k = b.count
        var scores = [Double](repeating: 0, count: n * k)
        for r in 0..<n { for j in 0..<k { scores[r * k + j] = b[b.startIndex + j] } }
        w.withUnsafeBufferPointer { w in
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(k), Int32(dimension),
                        1, x, Int32(dimension), w.baseAddress, Int32(dimension), 1, &scores, Int32(k))
        }
        return scores
    }

    /// The L2 term and its gradient over the weights (not the intercepts), added to `loss` and `gradient`.
    func penalise(_ w: [Double], weights count: Int, n: Int, loss: inout Double, gradient: inout [Double]) {
        let l2 = 1 / (c * Double(n))
        var squares = 0.0
        for i in 0..<count { squares += w[i] * w[i]; gradient[i] += l2 * w[i] }
        loss += 0.5 * l2 * squares
    }

    /// γᵀX into the weight part of `gradient` and Σγ (over rows) into its intercepts, for γ of n × k (already divided by n).
    func accumulate(_ gamma: [Double], _ x: [Double], n: Int, k: Int, into gradient: inout [Double]) {
        let d = dimension
        gradient.withUnsafeMutableBufferPointer { g in
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(d), Int32(n),
                        1, gamma, Int32(k), x, Int32(d), 0, g.baseAddress!, Int32(d))
        }
        for j in 0..<k {
            var sum = 0.0
            for r in 0..<n { sum += gamma[r * k + j] }
            gradient[k * d + j] = sum
        }
    }

    /// Mean multinomial cross-entropy (`HalfMultinomialLoss`) with the L2 term, and its gradient.
    func multinomialObjective(_ w: [Double], _ x: [Double], _ labels: [Int], _ n: Int) -> (Double, [Double]) {
        let k = classes, d = dimension
        var gamma = decision(w[0..<(k * d)], w[(k * d)...], x, n)
        var total = 0.0
        for r in 0..<n {
            let row = (r * k)..<((r + 1) * k)
            var m = gamma[row.lowerBound]
            for i in row where m < gamma[i] { m = gamma[i] }
            let own = gamma[r * k + labels[r]]
            var sum = 0.0
            for i in row { gamma[i] = Foundation.exp(gamma[i] - m); sum += gamma[i] }
            total += (Foundation.log(sum) + m) - own
            for i in row { gamma[i] /= sum }
            gamma[r * k + labels[r]] -= 1
        }
        for i in gamma.indices { gamma[i] /= Double(n) }
        var gradient = [Double](repeating: 0, count: w.count)
        accumulate(gamma, x, n: n, k: k, into: &gradient)
        var loss = total / Double(n)
        penalise(w, weights: k * d, n: n, loss: &loss, gradient: &gradient)
        return (loss, gradient)
    }

    /// Mean binomial cross-entropy (`HalfBinomialLoss`, class 1 the positive one) with the L2 term, and its gradient.
    func binomialObjective(_ w: [Double], _ x: [Double], _ labels: [Int], _ n: Int) -> (Double, [Double]) {
        let d = dimension
        var gamma = decision(w[0..<d], w[d...], x, n)
        var total = 0.0
        for r in 0..<n {
            let (z, t) = (gamma[r], labels[r] == 1 ? 1.0 : 0.0)
            let (loss, slope): (Double, Double)
            if z <= -37 {
                let e = Foundation.exp(z)
                (loss, slope) = (e - t * z, e - t)
            } else if z <= -2 {
                let e = Foundation.exp(z)
                (loss, slope) = (Foundation.log1p(e) - t * z, ((1 - t) * e - t) / (1 + e))
            } else if z <= 18 {
                let e = Foundation.exp(-z)
                (loss, slope) = (Foundation.log1p(e) + (1 - t) * z, ((1 - t) - t * e) / (1 + e))
            } else {
                let e = Foundation.exp(-z)
                (loss, slope) = (e + (1 - t) * z, ((1 - t) - t * e) / (1 + e))
            }
            total += loss
            gamma[r] = slope / Double(n)
        }
        var gradient = [Double](repeating: 0, count: w.count)
        accumulate(gamma, x, n: n, k: 1, into: &gradient)
        var loss = total / Double(n)
        penalise(w, weights: d, n: n, loss: &loss, gradient: &gradient)
        return (loss, gradient)
    }
}
