"""Golden files for a port: data, sklearn's result, and the per-iteration
trace of the (bit-identical) reference, all printed with %.17g.

golden/<case>/X.csv y.csv Xtest.csv          input
golden/<case>/sk_coef.csv sk_intercept.csv    LogisticRegression(max_iter=100)
golden/<case>/sk_meta.txt                     n_iter_, status, message, classes_
golden/<case>/sk_predict_test.csv             sklearn predictions on Xtest
golden/<case>/trace.csv   per accepted iteration: nit,nfev,f,stp,theta,sbgnrm,col
golden/<case>/evals.csv   every objective evaluation: k,f,|x|_inf,|g|_inf
"""
import os, warnings
import numpy as np
import verify, lbfgs_ref as ref
from sklearn.linear_model import LogisticRegression

warnings.simplefilter("ignore")
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
for case in "abcdef":
    X, y, Xt = verify.make_data(case, 0)
    Xt = Xt[:200]                       # keep the files small
    out = os.path.join(root, case); os.makedirs(out, exist_ok=True)
    sk = LogisticRegression(max_iter=100).fit(X, y)
    res = verify.REC["res"]
    np.savetxt(f"{out}/X.csv", X, fmt="%.17g", delimiter=",")
    np.savetxt(f"{out}/Xtest.csv", Xt, fmt="%.17g", delimiter=",")
    np.savetxt(f"{out}/y.csv", y, fmt="%s")
    np.savetxt(f"{out}/sk_coef.csv", sk.coef_, fmt="%.17g", delimiter=",")
    np.savetxt(f"{out}/sk_intercept.csv", sk.intercept_, fmt="%.17g", delimiter=",")
    np.savetxt(f"{out}/sk_predict_test.csv", sk.predict(Xt), fmt="%s")
    with open(f"{out}/sk_meta.txt", "w") as fh:
        fh.write(f"data: {verify.CASES[case]}, seed 0\n")
        fh.write(f"n_iter_: {int(sk.n_iter_[0])}\nstatus: {res.status}\nmessage: {res.message}\n")
        fh.write(f"nfev: {res.nfev}\nfinal f: {res.fun:.17g}\nclasses_: {[str(c) for c in sk.classes_]}\n")
    tr = []
    coef, icpt, nit, classes, info = ref.fit(X, y, return_info=True, seqdot="blas", trace=tr)
    assert np.array_equal(coef, sk.coef_) and np.array_equal(icpt, sk.intercept_)
    with open(f"{out}/trace.csv", "w") as fh:
        fh.write("nit,nfev,f,stp,theta_before_update,sbgnrm,col_before_update\n")
        for t in tr:
            fh.write("%d,%d,%.17g,%.17g,%.17g,%.17g,%d\n" % (t["nit"], t["nfev"], t["f"], t["stp"],
                                                          t["theta"], t["sbgnrm"], t["col"]))
    l2 = 1.0 / X.shape[0]
    K = classes.size
    yenc = (y == classes[1]).astype(float) if K == 2 else np.searchsorted(classes, y)
    with open(f"{out}/evals.csv", "w") as fh:
        fh.write("k,f,max_abs_x,max_abs_g\n")
        for k, (xk, fk) in enumerate(zip(verify.REC["xs"], verify.REC["fs"])):
            _, gk = ref.objective(xk, X, yenc, K, l2)
            fh.write("%d,%.17g,%.17g,%.17g\n" % (k, fk, np.max(np.abs(xk)), np.max(np.abs(gk))))
    print(case, "n_iter", int(sk.n_iter_[0]), "nfev", res.nfev, res.message)
