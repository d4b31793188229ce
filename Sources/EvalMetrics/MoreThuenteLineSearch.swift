/// The Moré–Thuente line search (MINPACK-2's `dcsrch` with its safeguarded step `dcstep`) as scipy's L-BFGS-B
/// drives it: find a step along a descent direction that meets the strong Wolfe conditions
/// f(stp) ≤ f(0) + ftol·stp·f'(0) and |f'(stp)| ≤ gtol·|f'(0)|, keeping an interval that brackets such a step.
/// Written from scripts/sklearn_lbfgs/SPEC.md; every operation keeps the order scipy's code uses, since the iterates
/// of an unconverged fit depend on its rounding.
struct MoreThuenteLineSearch {
    /// What the search wants next.
    enum Next: Equatable {
        /// Evaluate f and f' at this step.
        case evaluate(Double)
        /// The last evaluated step is accepted (converged, or a warning that stops the search where it is).
        case accept
    }

    let ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0.0, stpmax = 1e10
    let xtrapl = 1.1, xtrapu = 4.0

    private var bracketed = false, stage = 1
    private let finit: Double, ginit: Double, gtest: Double
    private var width: Double, width1: Double
    private var stx = 0.0, fx: Double, gx: Double
    private var sty = 0.0, fy: Double, gy: Double
    private var stmin = 0.0, stmax: Double

    /// A search from f(0) = `f`, f'(0) = `g` (negative), whose first trial is `step`.
    init(f: Double, g: Double, step: Double) {
        finit = f
        ginit = g
        gtest = ftol * g
        width = stpmax - stpmin
        width1 = width / 0.5
        (fx, gx, fy, gy) = (f, g, f, g)
        stmax = step + xtrapu * step
    }

    /// After evaluating f = `f`, f' = `g` at `stp`: accept it, or the next step to evaluate.
    mutating func next(f: Double, g: Double, stp: Double) -> Next {
        var stp = stp
        let ftest = finit + stp * gtest
        if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
        // scipy tests these in turn, each overriding the last; any of them ends the search at this step.
        var stop = false
        if bracketed && (stp <= stmin || stp >= stmax) { stop = true }
        if bracketed && stmax - stmin <= xtol * stmax { stop = true }
        if stp == stpmax && f <= ftest && g <= gtest { stop = true }
        if stp == stpmin && (f > ftest || g >= gtest) { stop = true }
        if f <= ftest && abs(g) <= gtol * (-ginit) { stop = true }
        if stop { return .accept }

        if stage == 1 && f <= fx && f > ftest {
            // The modified function ψ(a) = f(a) − a·gtest, while no step has met the sufficient decrease yet.
            var fxm = fx - stx * gtest, fym = fy - sty * gtest, gxm = gx - gtest, gym = gy - gtest
            Self.step(&stx, &fxm, &gxm, &sty, &fym, &gym, &stp, f - stp * gtest, g - gtest, &bracketed, stmin, stmax)
            fx = fxm + stx * gtest
            fy = fym + sty * gtest
            gx = gxm + gtest
            gy = gym + gtest
        } else {
            Self.step(&stx, &fx, &gx, &sty, &fy, &gy, &stp, f, g, &bracketed, stmin, stmax)
        }
        if bracketed {
            if abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
            width1 = width
            width = abs(sty - stx)
            stmin = min(stx, sty)
            stmax = max(stx, sty)
        } else {
            stmin = stp + xtrapl * (stp - stx)
            stmax = stp + xtrapu * (stp - stx)
        }
        stp = min(max(stp, stpmin), stpmax)
        if bracketed && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax) { stp = stx }
        return .evaluate(stp)
    }

    /// `dcstep`: a safeguarded cubic or quadratic step from the interval's ends (x: the best step so far, y: the
    /// other end) and the trial `stp`, updating the interval.
    private static func step(_ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
                             _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
                             _ stp: inout Double, _ fp: Double, _ dp: Double,
                             _ bracketed: inout Bool, _ lower: Double, _ upper: Double) {
        let sgnd = dp * (dx / abs(dx))
        let stpf: Double
        if fp > fx {
            // A higher value: the minimum is bracketed.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta, q = ((gamma - dx) + gamma) + dp
            let stpc = stx + (p / q) * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
            stpf = abs(stpc - stx) < abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
            bracketed = true
        } else if sgnd < 0 {
            // The derivative changes sign: bracketed.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dx
            let stpc = stp + (p / q) * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            bracketed = true
        } else if abs(dp) < abs(dx) {
            // Same sign, the derivative shrinking.
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta, q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : (stp > stx ? upper : lower)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if bracketed {
                let nearer = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                stpf = stp > stx ? min(stp + 0.66 * (sty - stp), nearer) : max(stp + 0.66 * (sty - stp), nearer)
            } else {
                let farther = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
                stpf = max(lower, min(upper, farther))
            }
        } else if bracketed {
            // Same sign, the derivative not shrinking: the cubic through the trial and the y end.
            let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
            let s = max(abs(theta), abs(dy), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
            if stp > sty { gamma = -gamma }
            let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dy
            stpf = stp + (p / q) * (sty - stp)
        } else {
            stpf = stp > stx ? upper : lower
        }
        if fp > fx {
            (sty, fy, dy) = (stp, fp, dp)
        } else {
            if sgnd < 0 { (sty, fy, dy) = (stx, fx, dx) }
            (stx, fx, dx) = (stp, fp, dp)
        }
        stp = stpf
    }
}
