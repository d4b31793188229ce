import COpenBLAS
import Foundation

/// Multinomial logistic regression with scikit-learn's objective for `LogisticRegression(C:, lbfgs)`:
/// mean cross-entropy + ‖W‖² / (2·C·n), intercept not penalised, minimised by L-BFGS (memory 10,
/// backtracking Armijo line search) until the largest gradient component is below `tolerance` or
/// `maxIterations` is reached.
public struct LogisticRegression {
    public var c = 1.0
    public var maxIterations = 100
    public var tolerance = 1e-4
    public private(set) var classes = 0
    public private(set) var dimension = 0
    /// classes × dimension weights followed by classes intercepts.
    var parameters: [Double] = []

    public init(c: Double = 1, maxIterations: Int = 100) {
        self.c = c
        self.maxIterations = maxIterations
    }

    public mutating func fit(_ x: Vectors, labels: [Int], classes: Int) throws {
        guard labels.count == x.rows, x.rows > 0 else { throw MetricsError("logistic regression needs one label per training vector, got \(labels.count) for \(x.rows)") }
        guard labels.allSatisfy({ (0..<classes).contains($0) }) else { throw MetricsError("a label is outside 0..<\(classes)") }
        self.classes = classes
        dimension = x.dimension
        let features = x.values.map(Double.init)
        var w = [Double](repeating: 0, count: classes * (dimension + 1))
        var (loss, gradient) = objective(w, features, labels, x.rows)
        var history: [(s: [Double], y: [Double], rho: Double)] = []
        for _ in 0..<maxIterations {
            if gradient.map(abs).max()! <= tolerance { break }
            // Two-loop recursion for the search direction.
            var q = gradient
            var alphas: [Double] = []
            for (s, y, rho) in history.reversed() {
                let alpha = rho * dot(s, q)
                alphas.append(alpha)
                for i in q.indices { q[i] -= alpha * y[i] }
            }
            if let last = history.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for i in q.indices { q[i] *= gamma }
            } else {
                let scale = 1 / max(gradient.map(abs).max()!, 1e-12)
                for i in q.indices { q[i] *= min(1, scale) }
            }
            for ((s, y, rho), alpha) in zip(history, alphas.reversed()) {
                let beta = rho * dot(y, q)
                for i in q.indices { q[i] += s[i] * (alpha - beta) }
            }
            let direction = q.map { -$0 }
            let slope = dot(gradient, direction)
            guard slope < 0 else { history.removeAll(); continue }
            var step = 1.0, candidate = w, next = (loss, gradient)
            for _ in 0..<40 {
                for i in w.indices { candidate[i] = w[i] + step * direction[i] }
                next = objective(candidate, features, labels, x.rows)
                if next.0 <= loss + 1e-4 * step * slope { break }
                step *= 0.5
            }
            let s = zip(candidate, w).map { $0 - $1 }, y = zip(next.1, gradient).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 {
                history.append((s, y, 1 / sy))
                if history.count > 10 { history.removeFirst() }
            }
            w = candidate
            (loss, gradient) = next
        }
        parameters = w
    }

    /// Class probabilities of each row, row-major n × classes.
    public func probabilities(_ x: Vectors) -> [Double] {
        var logits = logitsOf(parameters, x.values.map(Double.init), x.rows)
        softmaxRows(&logits, rows: x.rows)
        return logits
    }

    /// The most probable class of each row.
    public func predict(_ x: Vectors) -> [Int] {
        let logits = logitsOf(parameters, x.values.map(Double.init), x.rows)
        return (0..<x.rows).map { r in (0..<classes).max { logits[r * classes + $0] < logits[r * classes + $1] }! }
    }

    func logitsOf(_ w: [Double], _ x: [Double], _ n: Int) -> [Double] {
        var logits = [Double](repeating: 0, count: n * classes)
        let bias = classes * dimension
        for r in 0..<n { for k in 0..<classes { logits[r * classes + k] = w[bias + k] } }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(classes), Int32(dimension),
                    1, x, Int32(dimension), w, Int32(dimension), 1, &logits, Int32(classes))
        return logits
    }

    func softmaxRows(_ z: inout [Double], rows: Int) {
        for r in 0..<rows {
            let row = (r * classes)..<((r + 1) * classes)
            let m = z[row].max()!
            var sum = 0.0
            for i in row { z[i] = Foundation.exp(z[i] - m); sum += z[i] }
            for i in row { z[i] /= sum }
        }
    }

    /// Loss and gradient at `w`.
    func objective(_ w: [Double], _ x: [Double], _ labels: [Int], _ n: Int) -> (Double, [Double]) {
        var p = logitsOf(w, x, n)
        var loss = 0.0
        for r in 0..<n {
            let row = (r * classes)..<((r + 1) * classes)
            let m = p[row].max()!
            let logSum = m + Foundation.log(p[row].reduce(0) { $0 + Foundation.exp($1 - m) })
            loss += logSum - p[r * classes + labels[r]]
        }
        softmaxRows(&p, rows: n)
        for r in 0..<n { p[r * classes + labels[r]] -= 1 }
        let scale = 1 / Double(n), l2 = 1 / (c * Double(n))
        var gradient = [Double](repeating: 0, count: w.count)
        gradient.withUnsafeMutableBufferPointer { g in
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(classes), Int32(dimension), Int32(n),
                        scale, p, Int32(classes), x, Int32(dimension), 0, g.baseAddress!, Int32(dimension))
        }
        var penalty = 0.0
        for i in 0..<(classes * dimension) { gradient[i] += l2 * w[i]; penalty += w[i] * w[i] }
        let bias = classes * dimension
        for r in 0..<n { for k in 0..<classes { gradient[bias + k] += scale * p[r * classes + k] } }
        return (loss * scale + 0.5 * l2 * penalty, gradient)
    }

    func dot(_ a: [Double], _ b: [Double]) -> Double { cblas_ddot(Int32(a.count), a, 1, b, 1) }
}
