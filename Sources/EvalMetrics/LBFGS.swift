import Foundation

/// scipy's L-BFGS-B on a problem without bounds, as scikit-learn's `LogisticRegression(solver="lbfgs")` calls it
/// (scripts/sklearn_lbfgs/SPEC.md): memory 10, a first step of 1/‖d‖ and then 1, the Moré–Thuente line search with at
/// most 50 evaluations, and scipy's stopping rules in scipy's order. The direction comes from the two-loop recursion,
/// equal in exact arithmetic to L-BFGS-B's compact form; a failed line search clears the memory and retries from
/// steepest descent, as L-BFGS-B does. Matching its iterates, not just its optimum, is what makes an unconverged fit
/// (stopped at the iteration limit, the usual case in mteb's protocol) predict as scikit-learn's does.
struct LBFGS {
    var memory = 10
    var maxIterations = 100
    var maxLineSearchEvaluations = 50
    /// Stop when the largest gradient component is at most this (`gtol`, scikit-learn's `tol`).
    var gradientTolerance = 1e-4
    /// Stop when f fell by at most this, relative to max(|f_old|, |f|, 1) (scikit-learn's `ftol` 64·ε).
    var relativeReduction = 64 * Double.ulpOfOne

    struct Result {
        var x: [Double]
        var iterations: Int
    }

    /// Minimises the function `evaluate` returns the value and gradient of, from `start`.
    func minimize(from start: [Double], _ evaluate: ([Double]) -> (Double, [Double])) -> Result {
        var x = start
        var (f, g) = evaluate(x)
        if Self.largest(g) <= gradientTolerance { return Result(x: x, iterations: 0) }
        var pairs: [(s: [Double], y: [Double], sy: Double)] = []
        var theta = 1.0, iterations = 0
        while true {
            // The step's target z and direction d = z − x (so d carries z's rounding, as in L-BFGS-B).
            let z = pairs.isEmpty ? zip(x, g).map { $0 + -$1 } : zip(x, Self.direction(g.map { -$0 }, pairs, theta)).map { $0 + $1 }
            let d = zip(z, x).map { $0 - $1 }
            let dnorm = Self.dot(d, d).squareRoot()
            var stp = iterations == 0 ? min(1 / dnorm, 1e10) : 1
            let (start, startF, startG) = (x, f, g)
            let gdold = Self.dot(g, d)
            var gd = gdold
            var accepted = false
            if gd < 0 {
                var search = MoreThuenteLineSearch(f: f, g: gd, step: stp)
                for _ in 0..<maxLineSearchEvaluations {
                    x = stp == 1 ? z : zip(d, start).map { stp * $0 + $1 }
                    (f, g) = evaluate(x)
                    gd = Self.dot(g, d)
                    switch search.next(f: f, g: gd, stp: stp) {
                    case .accept: accepted = true
                    case .evaluate(let next): stp = next
                    }
                    if accepted { break }
                }
            }
            guard accepted else {
                // Back to the last accepted point; without memory there is nothing left to try.
                (x, f, g) = (start, startF, startG)
                if pairs.isEmpty { return Result(x: x, iterations: iterations) }
                pairs.removeAll()
                theta = 1
                continue
            }
            iterations += 1
            if iterations >= maxIterations { return Result(x: x, iterations: iterations) }
            if Self.largest(g) <= gradientTolerance { return Result(x: x, iterations: iterations) }
            if startF - f <= relativeReduction * max(abs(startF), abs(f), 1) { return Result(x: x, iterations: iterations) }

            // The new pair, with s·y from the line search's own dot products; skipped when curvature is not positive.
            let y = zip(g, startG).map { $0 - $1 }
            let yNorm = Self.dot(y, y).squareRoot(), rr = yNorm * yNorm
            let dr = stp == 1 ? gd - gdold : (gd - gdold) * stp
            let ddum = stp == 1 ? -gdold : -gdold * stp
            if dr <= Double.ulpOfOne * ddum { continue }
            pairs.append((stp == 1 ? d : d.map { stp * $0 }, y, dr))
            if pairs.count > memory { pairs.removeFirst() }
            theta = rr / dr
        }
    }

    /// H·r for the inverse-Hessian approximation of the stored pairs, with H₀ = I/θ. The vector updates run through
    /// buffer pointers (element by element, so vectorised without changing a result); the dot products add in order.
    static func direction(_ r: [Double], _ pairs: [(s: [Double], y: [Double], sy: Double)], _ theta: Double) -> [Double] {
        var q = r
        var alphas = [Double](repeating: 0, count: pairs.count)
        q.withUnsafeMutableBufferPointer { q in
            for i in pairs.indices.reversed() {
                pairs[i].s.withUnsafeBufferPointer { s in alphas[i] = dot(s, UnsafeBufferPointer(q)) / pairs[i].sy }
                let alpha = alphas[i]
                pairs[i].y.withUnsafeBufferPointer { y in for j in q.indices { q[j] -= alpha * y[j] } }
            }
            let scale = 1 / theta
            for j in q.indices { q[j] *= scale }
            for i in pairs.indices {
                let beta = pairs[i].y.withUnsafeBufferPointer { y in dot(y, UnsafeBufferPointer(q)) } / pairs[i].sy
                let step = alphas[i] - beta
                pairs[i].s.withUnsafeBufferPointer { s in for j in q.indices { q[j] += s[j] * step } }
            }
        }
        return q
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b) } }
    }

    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        precondition(a.count == b.count, "LBFGS.dot: lengths differ")
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    static func largest(_ g: [Double]) -> Double { g.reduce(0) { max($0, abs($1)) } }
}
