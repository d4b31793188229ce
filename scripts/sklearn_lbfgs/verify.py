"""Compare lbfgs_ref.fit with sklearn 1.9 LogisticRegression(max_iter=100).

usage: OPENBLAS_NUM_THREADS=1 python verify.py
"""
import os, sys, warnings
import numpy as np
import scipy.optimize
from sklearn.linear_model import LogisticRegression
import sklearn.linear_model._logistic as _lg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lbfgs_ref as ref

# --- record every (x, f) sklearn's objective sees, via the real fit() ------
_real_minimize = scipy.optimize.minimize
REC = {}


def _rec_minimize(fun, x0, *a, **k):
    xs, fs = [], []

    def wrapped(x, *args):
        f, g = fun(x, *args)
        xs.append(np.array(x, copy=True)); fs.append(f)
        return f, g

    res = _real_minimize(wrapped, x0, *a, **k)
    REC.update(xs=xs, fs=fs, res=res)
    return res


_lg.optimize.minimize = _rec_minimize


CASES = {
    "a": "64x16 Gaussian, 4 classes",
    "b": "64x16 Gaussian, 2 classes",
    "c": "8 cls x 8/label, 384-d, unit rows",
    "d": "64x16 Gaussian*3+3, 4 classes (hits max_iter)",
    "e": "64x16 correlated *10+10, 2 classes (hits max_iter)",
    "f": "8 cls x 8/label, 384-d raw (|x|~35), str labels",
    "g": "stress: 64x16 Gaussian*1000, 4 classes",
    "h": "stress: 64x16 Gaussian*1000, 2 classes",
    "i": "stress: duplicated + constant columns *5, 3 classes",
    "j": "stress: 20x200 *10, 2 classes (separable)",
    "k": "stress: 6x2 tiny, 3 classes",
}


def make_data(case, seed):
    rng = np.random.default_rng(seed)
    if case == "a":
        X = rng.standard_normal((64, 16)); y = rng.integers(0, 4, 64)
        Xt = rng.standard_normal((500, 16))
    elif case == "b":
        X = rng.standard_normal((64, 16)); y = rng.integers(0, 2, 64)
        Xt = rng.standard_normal((500, 16))
    elif case in ("c", "f"):
        K, per, d = 8, 8, 384
        cent = rng.standard_normal((K, d))
        mu = 3.0 * rng.standard_normal(d) if case == "f" else 0.0
        X = mu + np.repeat(cent, per, axis=0) + 1.5 * rng.standard_normal((K * per, d))
        Xt = mu + cent[rng.integers(0, K, 500)] + 1.5 * rng.standard_normal((500, d))
        y = np.repeat(np.arange(K), per)
        if case == "c":
            X /= np.linalg.norm(X, axis=1, keepdims=True)
            Xt /= np.linalg.norm(Xt, axis=1, keepdims=True)
        else:
            X *= 0.5; Xt *= 0.5
            y = np.array(["lab%d" % k for k in range(K)])[y]
    elif case == "d":
        X = 3 * rng.standard_normal((64, 16)) + 3; y = rng.integers(0, 4, 64)
        Xt = 3 * rng.standard_normal((500, 16)) + 3
    elif case == "e":
        A = rng.standard_normal((16, 16))
        X = 10 * rng.standard_normal((64, 16)) @ A + 10; y = rng.integers(0, 2, 64)
        Xt = 10 * rng.standard_normal((500, 16)) @ A + 10
    elif case in ("g", "h"):
        K = 4 if case == "g" else 2
        X = 1000 * rng.standard_normal((64, 16)); y = rng.integers(0, K, 64)
        Xt = 1000 * rng.standard_normal((500, 16))
    elif case == "i":
        B = 5 * rng.standard_normal((64, 8)) + 2
        X = np.hstack([B, B[:, :4], np.full((64, 1), 3.0)]); y = rng.integers(0, 3, 64)
        Bt = 5 * rng.standard_normal((500, 8)) + 2
        Xt = np.hstack([Bt, Bt[:, :4], np.full((500, 1), 3.0)])
    elif case == "j":
        X = 10 * rng.standard_normal((20, 200)); y = np.arange(20) % 2
        Xt = 10 * rng.standard_normal((500, 200))
    elif case == "k":
        X = rng.standard_normal((6, 2)); y = np.array([0, 1, 2, 0, 1, 2])
        Xt = rng.standard_normal((500, 2))
    # shuffle rows so labels are not sorted
    p = rng.permutation(len(y))
    return X[p], y[p], Xt


def run(case, seed=0, mode="numpy", verbose=True):
    """mode: 'blas'  -> optimizer uses scipy's BLAS/LAPACK (bit-exact check)
             'numpy' -> np.dot, sqrt(dot) for nrm2, hand-written Cholesky
             'naive' -> strictly sequential loops everywhere, objective too
             'twoloop' -> as 'numpy' but direction by the two-loop recursion
             'sk-perm' -> NOT the reference: sklearn itself on row-permuted
                          data (same maths, different summation order):
                          the intrinsic round-off noise floor"""
    X, y, Xt = make_data(case, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk = LogisticRegression(max_iter=100).fit(X, y)
        xs = REC["xs"]; res_sk = REC["res"]
        if mode == "sk-perm":
            p = np.random.default_rng(1234).permutation(len(y))
            o = LogisticRegression(max_iter=100).fit(X[p], y[p])
            coef, icpt, nit, classes = o.coef_, o.intercept_, int(o.n_iter_[0]), o.classes_
            info = dict(evals=[], status=REC["res"].status, stats={}, nskip=0,
                        message=REC["res"].message)
    if mode != "sk-perm":
        seqdot = {"blas": "blas", "numpy": "numpy", "naive": "seq", "twoloop": "numpy"}[mode]
        coef, icpt, nit, classes, info = ref.fit(X, y, return_info=True, seqdot=seqdot,
                                                 naive_obj=(mode == "naive"),
                                                 direction=("twoloop" if mode == "twoloop" else "compact"))
    sk_n = int(sk.n_iter_[0])
    dcoef = np.max(np.abs(coef - sk.coef_))
    dint = np.max(np.abs(icpt - sk.intercept_))
    scale = max(np.max(np.abs(sk.coef_)), np.max(np.abs(sk.intercept_)))
    same_pred = np.array_equal(ref.predict(Xt, coef, icpt, classes), sk.predict(Xt))
    D_sk = sk.decision_function(Xt); D_ref = Xt @ coef.T + icpt
    if D_sk.ndim == 1:
        D_sk = D_sk[:, None]
    ddec = np.max(np.abs(D_sk - D_ref))
    if D_sk.shape[1] == 1:
        margin = np.min(np.abs(D_sk[:, 0]))
    else:
        top2 = np.sort(D_sk, axis=1)[:, -2:]
        margin = np.min(top2[:, 1] - top2[:, 0])
    ev = info["evals"]
    first = next((i for i, (a, b) in enumerate(zip(xs, ev)) if not np.array_equal(a, b)), None)
    bit_exact = (mode != "sk-perm" and first is None and len(xs) == len(ev)
                 and dcoef == 0 and dint == 0)
    row = dict(case=case, seed=seed, mode=mode, n_iter_sk=sk_n, n_iter_ref=nit,
               status_sk=res_sk.status, status_ref=info["status"],
               nfev=(len(xs), len(ev)), first_diff_eval=first, bit_exact=bit_exact,
               max_abs_dcoef=dcoef, max_abs_dint=dint, max_abs_coef=scale,
               max_abs_ddec=ddec, min_margin=margin, pred_equal=same_pred,
               msg=res_sk.message, stats=info["stats"], nskip=info["nskip"],
               msg_ref=info["message"])
    if verbose:
        print(row, flush=True)
    return row


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="abcdef")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--modes", default="blas,numpy,naive,sk-perm")
    a = ap.parse_args()
    print("| case | data | mode | hit max_iter | n_iter equal | bit-exact | max|dcoef| "
          "| max|dintercept| | max|ddecision| | min test margin | held-out preds equal |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in a.cases:
        for mode in a.modes.split(","):
            rs = [run(c, seed, mode, verbose=False) for seed in range(a.seeds)]
            N = len(rs)
            print("| %s | %s | %s | %d/%d | %d/%d | %s | %.1e | %.1e | %.1e | %.1e | %d/%d |" % (
                c, CASES[c], mode,
                sum(r["n_iter_sk"] == 100 for r in rs), N,
                sum(r["n_iter_sk"] == r["n_iter_ref"] and r["status_sk"] == r["status_ref"]
                    for r in rs), N,
                "-" if mode == "sk-perm" else "%d/%d" % (sum(r["bit_exact"] for r in rs), N),
                max(r["max_abs_dcoef"] for r in rs), max(r["max_abs_dint"] for r in rs),
                max(r["max_abs_ddec"] for r in rs), min(r["min_margin"] for r in rs),
                sum(bool(r["pred_equal"]) for r in rs), N), flush=True)
