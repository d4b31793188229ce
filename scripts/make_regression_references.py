#!/usr/bin/env python3
"""Reference values for mteb 2.26's regression protocol (AbsTaskRegression) on seeded synthetic float32 embeddings;
written to Tests/EvalBenchCoreTests/Fixtures/regression.json.

For each case: mteb's own `AbsTaskRegression._undersample_data` confirms that a training split of at most n_samples
rows is used whole; scikit-learn's `LinearRegression()` (mteb's `evaluator_model`) is fitted on the training
embeddings and values and predicts the test embeddings, as SklearnEvaluator does; the scores are mteb's own
`AbsTaskRegression._calculate_scores`. The fit is given float64 copies of the float32 vectors: scikit-learn keeps
float32 input in float32 (scipy's sgelsd), which moves predictions in the 6th digit; evalbench solves in float64, so
the float64 fit is the reference it must meet. Cases: more rows than dimensions, fewer (the minimum-norm solution),
and two identical feature columns (a zero singular value that `tol` drops); gold values rounded so some tie.

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/make_regression_references.py
"""
import json
import os
import types

import numpy as np
from sklearn.linear_model import LinearRegression
from mteb.abstasks.regression import AbsTaskRegression

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalBenchCoreTests", "Fixtures", "regression.json")


def rows(x):
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def case(name, rng, n_train, n_test, dim, duplicate_column=False):
    w = rng.normal(0, 1, size=dim)
    x = rng.normal(0, 1, size=(n_train + n_test, dim))
    if duplicate_column:
        x[:, 1] = x[:, 0]
    x = x.astype(np.float32)
    y = np.round(x.astype(np.float64) @ w + rng.normal(0, 0.5, size=n_train + n_test), 1)
    x_train, y_train, x_test, y_test = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    task = types.SimpleNamespace(n_samples=2048)
    _, _, selected = AbsTaskRegression._undersample_data(task, list(range(n_train)), 0)
    assert selected == list(range(n_train))
    model = LinearRegression().fit(x_train[selected].astype(np.float64), y_train[selected])
    predicted = model.predict(x_test.astype(np.float64))
    gaps = np.diff(np.sort(predicted))
    assert gaps.min() > 1e-6, "near-tied predictions: choose another seed"
    scores = AbsTaskRegression._calculate_scores(None, y_test, predicted)
    return {"name": name, "train": rows(x_train), "train_values": y_train.tolist(), "test": rows(x_test), "test_values": y_test.tolist(),
            "predicted": predicted.tolist(), "scores": {k: float(v) for k, v in scores.items()}}


def main():
    rng = np.random.default_rng(3)
    cases = [case("overdetermined", rng, 80, 30, 16), case("underdetermined", rng, 10, 30, 16),
             case("duplicate column", rng, 60, 30, 16, duplicate_column=True)]
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
    for c in cases:
        print(c["name"], c["scores"])


if __name__ == "__main__":
    main()
