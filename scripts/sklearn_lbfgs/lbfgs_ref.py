"""Pure-numpy reference of sklearn 1.9 LogisticRegression(solver='lbfgs') as run
through scipy 1.17 L-BFGS-B, for UNBOUNDED variables only.

Written from the algorithm description of L-BFGS-B 3.0 (Byrd, Lu, Nocedal, Zhu;
Morales & Nocedal 2011) and Moré & Thuente (1994), following the order of
floating point operations that scipy's C translation uses wherever that is
cheap to do, so that round-off stays as close as possible.

Public entry points
    objective(w, X, y_enc, n_classes, l2)  -> (f, g)   sklearn's loss_gradient
    lbfgsb(fg, x0, ...)                     -> dict     unbounded L-BFGS-B
    fit(X, y, C=1.0, max_iter=100, tol=1e-4) -> (coef, intercept, n_iter, classes)
    predict(X, coef, intercept, classes)

Options of `lbfgsb` that switch inner kernels (verification only):
    seqdot='numpy' (default): ddot -> np.dot, dnrm2 -> sqrt(np.dot),
                   Cholesky / triangular solves hand-written (chol_upper...)
    seqdot='seq'  : ddot/dnrm2 as strict left-to-right loops
    seqdot='blas' : the very BLAS/LAPACK routines scipy's C code calls
                   (scipy.linalg.blas.ddot/dnrm2, lapack.dpotrf/dtrtrs);
                   with this, every iterate is bit-identical to scipy/sklearn.
    direction='compact' (default, what scipy does) or 'twoloop' (classic
                   two-loop recursion; same maths, different round-off).
`fit(..., naive_obj=True)` evaluates the objective with strictly sequential
reductions instead of sklearn's BLAS/numpy ones (simulates a plain port).
"""
import math
import numpy as np

EPSMCH = 2.220446049250313e-16          # DBL_EPSILON, hard-coded in scipy's C


# ----------------------------------------------------------------------------
# 1. The objective sklearn minimises
# ----------------------------------------------------------------------------
def _seqsum(v):
    """left-to-right sum  ((0 + v0) + v1) + ..."""
    s = 0.0
    for a in v:
        s += a
    return s


def _mm_seq(A, B):
    """A @ B with every inner product summed strictly left to right"""
    return np.cumsum(A[:, :, None] * B[None, :, :], axis=1)[:, -1, :]


def objective_naive(w, X, y_enc, n_classes, l2):
    """Same maths as `objective`, but every reduction is a plain left-to-right
    loop (what a straightforward Swift port computes).  Used to measure how
    much round-off in the objective alone moves the result."""
    ns, d = X.shape
    if n_classes == 2:
        coef, b = w[:-1], w[-1]
        raw = _mm_seq(X, coef[:, None])[:, 0] + b
        loss = np.empty(ns); gp = np.empty(ns)
        for i in range(ns):
            r, y = raw[i], y_enc[i]
            if r <= -37.0:
                e = math.exp(r); loss[i] = e - y * r; gp[i] = e - y
            elif r <= -2.0:
                e = math.exp(r); loss[i] = math.log1p(e) - y * r
                gp[i] = ((1.0 - y) * e - y) / (1.0 + e)
            elif r <= 18.0:
                e = math.exp(-r); loss[i] = math.log1p(e) + (1.0 - y) * r
                gp[i] = ((1.0 - y) - y * e) / (1.0 + e)
            else:
                e = math.exp(-r); loss[i] = e + (1.0 - y) * r
                gp[i] = ((1.0 - y) - y * e) / (1.0 + e)
        f = _seqsum(loss) / ns + 0.5 * l2 * _seqsum(coef * coef)
        gp /= ns
        g = np.empty_like(w)
        g[:-1] = _mm_seq(X.T, gp[:, None])[:, 0] + l2 * coef
        g[-1] = _seqsum(gp)
        return f, g
    K = n_classes
    W = w.reshape((K, d + 1), order="F")
    coef, b = W[:, :-1], W[:, -1]
    raw = _mm_seq(X, np.ascontiguousarray(coef.T)) + b
    mx = raw[:, 0].copy()
    for k in range(1, K):
        mx = np.where(mx < raw[:, k], raw[:, k], mx)
    E = np.vectorize(math.exp, otypes=[float])(raw - mx[:, None])
    s = np.zeros(ns)
    for k in range(K):
        s = s + E[:, k]
    loss = (np.vectorize(math.log, otypes=[float])(s) + mx) - raw[np.arange(ns), y_enc]
    G = E / s[:, None]
    G[np.arange(ns), y_enc] -= 1.0
    f = _seqsum(loss) / ns + 0.5 * l2 * _seqsum(np.ravel(coef, order="F") ** 2)
    G /= ns
    Gr = np.empty((K, d + 1), order="F")
    Gr[:, :d] = _mm_seq(np.ascontiguousarray(G.T), X) + l2 * coef
    Gr[:, d] = np.cumsum(G, axis=0)[-1]
    return f, Gr.ravel(order="F")


def objective(w, X, y_enc, n_classes, l2):
    """sklearn LinearModelLoss.loss_gradient with fit_intercept=True,
    sample_weight=None, HalfBinomialLoss (n_classes == 2) or
    HalfMultinomialLoss (n_classes > 2).

    w layout:
      binary     : [w_0 .. w_{d-1}, b]                    (n = d + 1)
      multinomial: Fortran ravel of W (K, d+1): w[j*K + k] = W[k, j],
                   column d holds the intercepts          (n = K*(d+1))
    y_enc: binary -> 0.0/1.0 (1.0 == classes_[1]);  multinomial -> 0..K-1
    l2 = 1 / (C * n_samples)
    """
    ns, d = X.shape
    if n_classes == 2:
        coef, b = w[:-1], w[-1]
        raw = X @ coef + b
        loss = np.empty(ns)
        gp = np.empty(ns)
        for i in range(ns):               # closs_grad_half_binomial
            r, y = raw[i], y_enc[i]
            if r <= -37.0:
                e = math.exp(r)
                loss[i] = e - y * r
                gp[i] = e - y
            elif r <= -2.0:
                e = math.exp(r)
                loss[i] = math.log1p(e) - y * r
                gp[i] = ((1.0 - y) * e - y) / (1.0 + e)
            elif r <= 18.0:
                e = math.exp(-r)
                loss[i] = math.log1p(e) + (1.0 - y) * r
                gp[i] = ((1.0 - y) - y * e) / (1.0 + e)
            else:
                e = math.exp(-r)
                loss[i] = e + (1.0 - y) * r
                gp[i] = ((1.0 - y) - y * e) / (1.0 + e)
        f = float(np.sum(loss) / ns)
        f += float(0.5 * l2 * (coef @ coef))
        gp /= ns
        g = np.empty_like(w)
        g[:-1] = X.T @ gp + l2 * coef
        g[-1] = np.sum(gp)
        return f, g

    K = n_classes
    W = w.reshape((K, d + 1), order="F")
    coef, b = W[:, :-1], W[:, -1]
    raw = X @ coef.T + b                                  # (ns, K)
    mx = raw[:, 0].copy()
    for k in range(1, K):                                 # first max, strict <
        mx = np.where(mx < raw[:, k], raw[:, k], mx)
    E = np.vectorize(math.exp, otypes=[float])(raw - mx[:, None])   # libm exp
    s = np.zeros(ns)
    for k in range(K):                                    # sequential over k
        s = s + E[:, k]
    logs = np.vectorize(math.log, otypes=[float])(s)
    loss = (logs + mx) - raw[np.arange(ns), y_enc]
    G = E / s[:, None]
    G[np.arange(ns), y_enc] -= 1.0
    f = float(np.sum(loss) / ns)
    cf = np.ravel(coef, order="K")                        # memory (F) order
    f += float(0.5 * l2 * np.dot(cf, cf))
    G /= ns
    Gr = np.empty((K, d + 1), order="F")
    Gr[:, :d] = G.T @ X + l2 * coef
    Gr[:, d] = G.sum(axis=0)
    return f, Gr.ravel(order="F")


# ----------------------------------------------------------------------------
# 2. Moré-Thuente line search (dcsrch / dcstep of MINPACK-2)
# ----------------------------------------------------------------------------
def dcstep(stx, fx, dx, sty, fy, dy, stp, fp, dp, brackt, stpmin, stpmax):
    """One safeguarded step; returns (stx,fx,dx, sty,fy,dy, stp, brackt)."""
    sgnd = dp * (dx / abs(dx))
    if fp > fx:                                   # case 1: higher function value
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        s = max(abs(theta), max(abs(dx), abs(dp)))
        gamma = s * math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s))
        if stp < stx:
            gamma = -gamma
        p = (gamma - dx) + theta
        q = ((gamma - dx) + gamma) + dp
        r = p / q
        stpc = stx + r * (stp - stx)
        stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
        if abs(stpc - stx) < abs(stpq - stx):
            stpf = stpc
        else:
            stpf = stpc + (stpq - stpc) / 2.0
        brackt = True
    elif sgnd < 0.0:                              # case 2: derivatives change sign
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        s = max(abs(theta), max(abs(dx), abs(dp)))
        gamma = s * math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s))
        if stp > stx:
            gamma = -gamma
        p = (gamma - dp) + theta
        q = ((gamma - dp) + gamma) + dx
        r = p / q
        stpc = stp + r * (stx - stp)
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
        brackt = True
    elif abs(dp) < abs(dx):                       # case 3: |derivative| decreases
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        s = max(abs(theta), max(abs(dx), abs(dp)))
        gamma = s * math.sqrt(max(0.0, (theta / s) * (theta / s) - (dx / s) * (dp / s)))
        if stp > stx:
            gamma = -gamma
        p = (gamma - dp) + theta
        q = (gamma + (dx - dp)) + gamma
        r = p / q
        if r < 0.0 and gamma != 0.0:
            stpc = stp + r * (stx - stp)
        elif stp > stx:
            stpc = stpmax
        else:
            stpc = stpmin
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        if brackt:
            stpf = stpc if abs(stpc - stp) < abs(stpq - stp) else stpq
            if stp > stx:
                stpf = min(stp + 0.66 * (sty - stp), stpf)
            else:
                stpf = max(stp + 0.66 * (sty - stp), stpf)
        else:
            stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
            stpf = min(stpmax, stpf)
            stpf = max(stpmin, stpf)
    else:                                         # case 4: no decrease in |deriv|
        if brackt:
            theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
            s = max(abs(theta), max(abs(dy), abs(dp)))
            gamma = s * math.sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s))
            if stp > sty:
                gamma = -gamma
            p = (gamma - dp) + theta
            q = ((gamma - dp) + gamma) + dy
            r = p / q
            stpf = stp + r * (sty - stp)
        elif stp > stx:
            stpf = stpmax
        else:
            stpf = stpmin
    # update the interval of uncertainty
    if fp > fx:
        sty, fy, dy = stp, fp, dp
    else:
        if sgnd < 0.0:
            sty, fy, dy = stx, fx, dx
        stx, fx, dx = stp, fp, dp
    return stx, fx, dx, sty, fy, dy, stpf, brackt


class DCSrch:
    """State machine of dcsrch.  start() then step() after each evaluation.
    Both return (task, stp) with task in {'FG', 'CONV', 'WARN', 'ERROR'}."""
    XTRAPL, XTRAPU = 1.1, 4.0

    def __init__(self, ftol=1e-3, gtol=0.9, xtol=0.1, stpmin=0.0, stpmax=1e10):
        self.ftol, self.gtol, self.xtol = ftol, gtol, xtol
        self.stpmin, self.stpmax = stpmin, stpmax

    def start(self, f, g, stp):
        if (stp < self.stpmin or stp > self.stpmax or g >= 0.0 or self.ftol < 0
                or self.gtol < 0 or self.xtol < 0 or self.stpmin < 0
                or self.stpmax < self.stpmin):
            return "ERROR", stp
        self.brackt = False
        self.stage = 1
        self.finit, self.ginit = f, g
        self.gtest = self.ftol * g
        self.width = self.stpmax - self.stpmin
        self.width1 = self.width / 0.5
        self.stx, self.fx, self.gx = 0.0, f, g
        self.sty, self.fy, self.gy = 0.0, f, g
        self.stmin = 0.0
        self.stmax = stp + self.XTRAPU * stp
        return "FG", stp

    def step(self, f, g, stp):
        ftest = self.finit + stp * self.gtest
        if self.stage == 1 and f <= ftest and g >= 0.0:
            self.stage = 2
        task = None
        if self.brackt and (stp <= self.stmin or stp >= self.stmax):
            task = "WARN"                                   # rounding errors
        if self.brackt and (self.stmax - self.stmin) <= self.xtol * self.stmax:
            task = "WARN"                                   # xtol
        if stp == self.stpmax and f <= ftest and g <= self.gtest:
            task = "WARN"                                   # stp = stpmax
        if stp == self.stpmin and (f > ftest or g >= self.gtest):
            task = "WARN"                                   # stp = stpmin
        if f <= ftest and abs(g) <= self.gtol * (-self.ginit):
            task = "CONV"                                   # strong Wolfe
        if task is not None:
            return task, stp
        gtest = self.gtest
        if self.stage == 1 and f <= self.fx and f > ftest:
            # modified function psi(a) = f(a) - f(0) - a*gtest
            fm = f - stp * gtest
            fxm = self.fx - self.stx * gtest
            fym = self.fy - self.sty * gtest
            gm = g - gtest
            gxm = self.gx - gtest
            gym = self.gy - gtest
            (self.stx, fxm, gxm, self.sty, fym, gym, stp, self.brackt) = dcstep(
                self.stx, fxm, gxm, self.sty, fym, gym, stp, fm, gm,
                self.brackt, self.stmin, self.stmax)
            self.fx = fxm + self.stx * gtest
            self.fy = fym + self.sty * gtest
            self.gx = gxm + gtest
            self.gy = gym + gtest
        else:
            (self.stx, self.fx, self.gx, self.sty, self.fy, self.gy, stp,
             self.brackt) = dcstep(self.stx, self.fx, self.gx, self.sty, self.fy,
                                   self.gy, stp, f, g, self.brackt,
                                   self.stmin, self.stmax)
        if self.brackt:
            if abs(self.sty - self.stx) >= 0.66 * self.width1:
                stp = self.stx + 0.5 * (self.sty - self.stx)       # bisection
            self.width1 = self.width
            self.width = abs(self.sty - self.stx)
            self.stmin = min(self.stx, self.sty)
            self.stmax = max(self.stx, self.sty)
        else:
            self.stmin = stp + self.XTRAPL * (stp - self.stx)
            self.stmax = stp + self.XTRAPU * (stp - self.stx)
        stp = max(stp, self.stpmin)
        stp = min(stp, self.stpmax)
        if self.brackt and (stp <= self.stmin or stp >= self.stmax
                            or self.stmax - self.stmin <= self.xtol * self.stmax):
            stp = self.stx
        return "FG", stp


# ----------------------------------------------------------------------------
# 3. small dense helpers (LAPACK dpotrf 'U', dtrtrs 'U')
# ----------------------------------------------------------------------------
def chol_upper(A):
    """A = U^T U, U upper; returns None if not positive definite."""
    n = A.shape[0]
    U = np.zeros((n, n))
    for j in range(n):
        s = A[j, j] - np.dot(U[:j, j], U[:j, j])
        if not s > 0.0:
            return None
        U[j, j] = math.sqrt(s)
        for k in range(j + 1, n):
            U[j, k] = (A[j, k] - np.dot(U[:j, j], U[:j, k])) / U[j, j]
    return U


def solve_upper_T(U, b):
    """solve U^T x = b (forward substitution)"""
    n = U.shape[0]
    x = np.array(b, dtype=float)
    for i in range(n):
        x[i] = (x[i] - np.dot(U[:i, i], x[:i])) / U[i, i]
    return x


def solve_upper(U, b):
    """solve U x = b (back substitution)"""
    n = U.shape[0]
    x = np.array(b, dtype=float)
    for i in range(n - 1, -1, -1):
        x[i] = (x[i] - np.dot(U[i, i + 1:], x[i + 1:])) / U[i, i]
    return x


# ----------------------------------------------------------------------------
# 4. L-BFGS-B, unbounded case
# ----------------------------------------------------------------------------
def lbfgsb(fg, x0, m=10, factr=64.0, pgtol=1e-4, maxiter=100, maxls=50,
           maxfun=15000, seqdot="numpy", trace=None, direction="compact"):
    """Unbounded L-BFGS-B as in scipy 1.17 `minimize(method='L-BFGS-B')`.

    Returns dict(x, f, g, nit, nfev, status, message).
    status 0 = converged, 1 = maxiter/maxfun, 2 = ABNORMAL (line search
    failed with an empty memory).
    """
    if seqdot == "seq":
        def bdot(a, b):
            s = 0.0
            for u, v in zip(a.tolist(), b.tolist()):
                s += u * v
            return s
    else:
        bdot = lambda a, b: float(np.dot(a, b))
    nrm2 = lambda a: math.sqrt(bdot(a, a))
    chol, trsT, trs = chol_upper, solve_upper_T, solve_upper
    if seqdot == "blas":
        # diagnostic mode: the very BLAS/LAPACK routines scipy's C code calls
        from scipy.linalg import blas as _b, lapack as _l
        bdot = lambda a, b: float(_b.ddot(a, b))
        nrm2 = lambda a: float(_b.dnrm2(a))

        def chol(A):
            c, info = _l.dpotrf(A, lower=0, clean=1)
            return None if info != 0 else np.triu(c)

        def trsT(U, b):
            x, info = _l.dtrtrs(U, b, lower=0, trans=1)
            return x

        def trs(U, b):
            x, info = _l.dtrtrs(U, b, lower=0, trans=0)
            return x

    def sdot(a, b):            # the explicit C loops: strictly sequential
        return float(np.cumsum(a * b)[-1]) if a.size else 0.0

    tol = factr * EPSMCH
    x = np.array(x0, dtype=float).ravel()
    n = x.size
    f, g = fg(x)
    g = np.asarray(g, dtype=float)
    nfev = 1
    evals = [x.copy()]

    WS = np.zeros((m, n))       # s vectors, slot-indexed (circular)
    WY = np.zeros((m, n))       # y vectors
    SY = np.zeros((m, m))       # logical order; SY[i,j] = s_i.y_j, i >= j
    SS = np.zeros((m, m))       # logical order; SS[i,j] = s_i.s_j, i <= j
    YY = np.zeros((m, m))       # formk cache: y_i.y_j (lower)
    RZ = np.zeros((m, m))       # formk cache: s_i.y_j (upper, incl. diag)
    col = head = itail = iupdat = 0
    theta = 1.0
    updatd = False
    WN = None
    it = 0                      # mainlb's iter
    nit = 0                     # driver's n_iterations (returned as nit)
    nskip = 0
    stats = dict(restarts=0, ls_warn=0, ls_maxevals=0, formk_fail=0,
                 formt_fail=0, gd_nonneg=0, stp_not1=0)

    def out(status, msg):
        return dict(x=x, f=f, g=g, nit=nit, nfev=nfev, status=status,
                    message=msg, evals=evals, nskip=nskip, stats=stats)

    sbgnrm = float(np.max(np.abs(g))) if n else 0.0
    if sbgnrm <= pgtol:
        return out(0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL")

    def reset():
        nonlocal col, head, theta, iupdat, updatd
        stats["restarts"] += 1
        col = head = iupdat = 0
        theta = 1.0
        updatd = False

    while True:
        # ------------------------------------------------ search direction
        if col == 0:
            # generalized Cauchy point with B = theta*I (theta == 1 here):
            # f1 = -g.g, f2 = theta*g.g, dtm = -f1/f2, z = x + dtm*(-g)
            f1 = 0.0
            for gi in g.tolist():
                f1 = f1 - gi * gi
            f2 = -theta * f1
            dtm = -f1 / f2
            if dtm <= 0.0:
                dtm = 0.0
            tsum = 0.0 + dtm
            z = x + tsum * (-g)
        elif direction == "twoloop":
            # NOT what scipy does; mathematically identical direction via the
            # classic two-loop recursion (H0 = I/theta, rho_i = 1/SY[i,i]).
            q = -g
            alph = np.empty(col)
            for i in range(col - 1, -1, -1):
                s_ = (head + i) % m
                alph[i] = bdot(WS[s_], q) / SY[i, i]
                q = q - alph[i] * WY[s_]
            q = q / theta
            for i in range(col):
                s_ = (head + i) % m
                beta = bdot(WY[s_], q) / SY[i, i]
                q = q + (alph[i] - beta) * WS[s_]
            z = x + q
        else:
            if updatd:
                # ---- formk: new row of Y'Y and new column of R = triu(S'Y)
                if iupdat > m:
                    YY[:m - 1, :m - 1] = YY[1:, 1:].copy()
                    RZ[:m - 1, :m - 1] = RZ[1:, 1:].copy()
                slot = lambda i: (head + i) % m
                new = slot(col - 1)
                for j in range(col):
                    YY[col - 1, j] = sdot(WY[new], WY[slot(j)])
                for i in range(col):
                    RZ[i, col - 1] = sdot(WS[slot(i)], WY[new])
                # WN = [ D + Y'Y/theta    R^T              ]  (upper parts)
                #      [                  theta*S'AA'S = 0 ]
                A11 = np.zeros((col, col))
                for iy in range(col):
                    for jy in range(iy + 1):
                        A11[jy, iy] = YY[iy, jy] / theta
                    A11[iy, iy] = A11[iy, iy] + SY[iy, iy]
                A12 = np.zeros((col, col))
                for iy in range(col):
                    for jy in range(iy, col):
                        A12[jy, iy] = RZ[iy, jy]
                U1 = chol(A11)
                ok = U1 is not None
                if ok:
                    Xb = trsT(U1, A12) if seqdot == "blas" else np.empty((col, col))
                    for c in range(col if seqdot != "blas" else 0):
                        Xb[:, c] = trsT(U1, A12[:, c])
                    A22 = np.zeros((col, col))
                    Xc = np.array(Xb.T)       # columns of Xb as contiguous rows
                    for i in range(col):
                        for j in range(i, col):
                            A22[i, j] = 0.0 + bdot(Xc[i], Xc[j])
                    U2 = chol(A22)
                    ok = U2 is not None
                if not ok:
                    stats["formk_fail"] += 1
                    reset()
                    continue
                WN = np.zeros((2 * col, 2 * col))
                WN[:col, :col] = U1
                WN[:col, col:] = Xb
                WN[col:, col:] = U2
            # ---- subsm: d = B^{-1} r with r = -g, via K = WN^T E WN
            r = -g
            wv = np.empty(2 * col)
            for i in range(col):
                s_ = (head + i) % m
                wv[i] = sdot(WY[s_], r)
                wv[col + i] = theta * sdot(WS[s_], r)
            wv = trsT(WN, wv)
            if not np.all(np.isfinite(wv)):
                reset()
                continue
            wv[:col] = -wv[:col]
            wv = trs(WN, wv)
            dsub = r.copy()
            for j in range(col):
                s_ = (head + j) % m
                dsub = (dsub + (WY[s_] * wv[j]) / theta) + WS[s_] * wv[col + j]
            dsub = (1.0 / theta) * dsub
            z = x + dsub
        d = z - x

        # ------------------------------------------------ line search (lnsrlb)
        dnorm = nrm2(d)
        dtd = dnorm * dnorm            # C: pow(dnorm,2.0) == dnorm*dnorm (gcc folds it)
        stpmx = 1e10
        stp = min(1.0 / dnorm, stpmx) if it == 0 else 1.0
        t = x.copy()
        r = g.copy()
        fold = f
        ifun = 0
        gd = bdot(g, d)
        gdold = gd
        failed = False
        accepted = False
        if gd >= 0.0:
            failed = True                      # info = -4: not a descent dir.
            stats["gd_nonneg"] += 1
        else:
            ls = DCSrch(1e-3, 0.9, 0.1, 0.0, stpmx)
            task, stp = ls.start(f, gd, stp)
            while True:
                ifun += 1
                iback = ifun - 1
                if iback >= maxls:
                    failed = True
                    break
                x = z.copy() if stp == 1.0 else stp * d + t
                f, g = fg(x)
                g = np.asarray(g, dtype=float)
                nfev += 1
                evals.append(x.copy())
                gd = bdot(g, d)
                task, stp = ls.step(f, gd, stp)
                if task in ("CONV", "WARN"):
                    accepted = True
                    stats["ls_warn"] += task == "WARN"
                    stats["ls_maxevals"] = max(stats["ls_maxevals"], ifun)
                    stats["stp_not1"] += stp != 1.0
                    break
        if failed:
            x, g, f = t, r, fold
            if col == 0:
                return out(2, "ABNORMAL: ")
            reset()
            continue
        # ------------------------------------------------ new iterate
        it += 1
        sbgnrm = float(np.max(np.abs(g)))
        nit += 1
        if trace is not None:
            trace.append(dict(nit=nit, f=f, stp=stp, nfev=nfev, col=col,
                              theta=theta, sbgnrm=sbgnrm,
                              WN=None if WN is None else WN.copy(),
                              SY=SY.copy(), SS=SS.copy(), WS=WS.copy(),
                              WY=WY.copy(), d=d.copy()))
        if nit >= maxiter:
            return out(1, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT")
        if nfev > maxfun:
            return out(1, "STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT")
        if sbgnrm <= pgtol:
            return out(0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL")
        ddum = max(abs(fold), abs(f), 1.0)
        if (fold - f) <= tol * ddum:
            return out(0, "CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH")
        # ------------------------------------------------ BFGS update
        yv = g - r
        rr = nrm2(yv)
        rr = rr * rr                     # not rr**2: libm pow may differ by 1 ulp
        if stp == 1.0:
            dr = gd - gdold
            ddum = -gdold
            sv = d
        else:
            dr = (gd - gdold) * stp
            sv = stp * d
            ddum = -gdold * stp
        if dr <= EPSMCH * ddum:
            nskip += 1
            updatd = False
            continue
        updatd = True
        iupdat += 1
        # ---- matupd
        if iupdat <= m:
            col = iupdat
            itail = (head + iupdat - 1) % m
        else:
            itail = (itail + 1) % m
            head = (head + 1) % m
        WS[itail] = sv
        WY[itail] = yv
        theta = rr / dr
        if iupdat > m:
            SS[:col - 1, :col - 1] = SS[1:col, 1:col].copy()
            SY[:col - 1, :col - 1] = SY[1:col, 1:col].copy()
        for j in range(col - 1):
            s_ = (head + j) % m
            SY[col - 1, j] = bdot(sv, WY[s_])
            SS[j, col - 1] = bdot(WS[s_], sv)
        SS[col - 1, col - 1] = dtd if stp == 1.0 else stp * stp * dtd
        SY[col - 1, col - 1] = dr
        # ---- formt: T = theta*S'S + L D^-1 L' must be positive definite
        T = np.zeros((col, col))
        for j in range(col):
            T[0, j] = theta * SS[0, j]
        for i in range(1, col):
            for j in range(i, col):
                ddum = 0.0
                for k in range(i):
                    ddum = ddum + (SY[i, k] * SY[j, k]) / SY[k, k]
                T[i, j] = ddum + theta * SS[i, j]
        if chol(T) is None:
            stats["formt_fail"] += 1
            reset()
            continue


# ----------------------------------------------------------------------------
# 5. LogisticRegression(max_iter=100).fit equivalent
# ----------------------------------------------------------------------------
def fit(X, y, C=1.0, max_iter=100, tol=1e-4, return_info=False, naive_obj=False, **kw):
    X = np.ascontiguousarray(X, dtype=float)
    y = np.asarray(y)
    classes = np.unique(y)
    K = classes.size
    ns, d = X.shape
    l2 = 1.0 / (C * ns)
    if K == 2:
        y_enc = (y == classes[1]).astype(float)
        w0 = np.zeros(d + 1)
    else:
        y_enc = np.searchsorted(classes, y)
        w0 = np.zeros(K * (d + 1))
    obj = objective_naive if naive_obj else objective
    fg = lambda w: obj(w, X, y_enc, K, l2)
    res = lbfgsb(fg, w0, m=10, factr=64.0, pgtol=tol, maxiter=max_iter,
                 maxls=50, **kw)
    w = res["x"]
    if K == 2:
        coef, intercept = w[:-1][None, :].copy(), w[-1:].copy()
    else:
        W = w.reshape((K, d + 1), order="F")
        coef, intercept = W[:, :-1].copy(), W[:, -1].copy()
    n_iter = min(res["nit"], max_iter)
    if return_info:
        return coef, intercept, n_iter, classes, res
    return coef, intercept, n_iter, classes


def predict(X, coef, intercept, classes):
    s = X @ coef.T + intercept
    if classes.size == 2:
        return classes[(s[:, 0] > 0).astype(int)]
    return classes[np.argmax(s, axis=1)]
