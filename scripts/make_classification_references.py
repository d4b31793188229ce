#!/usr/bin/env python3
"""Reference values for mteb 2.x's classification protocol, from mteb's own undersampling and scikit-learn's
LogisticRegression(max_iter=100): per experiment, the training rows drawn, the fit's iterations, the test
predictions and the scores. Inputs are seeded synthetic embeddings (unit rows, like a normalising model's, and
unnormalised ones whose fits stop at 100 iterations unconverged); everything goes to
Tests/EvalMetricsTests/Fixtures/classification_protocol.json.

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    OPENBLAS_NUM_THREADS=1 /tmp/mteb-venv/bin/python scripts/make_classification_references.py
"""
import json
import os
import types
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalMetricsTests", "Fixtures", "classification_protocol.json")


def undersample_like_mteb(labels, samples_per_label, experiments, seed):
    """mteb 2.x's AbsTaskClassification._undersample_data, called on a stand-in for the task and the dataset."""
    from mteb.abstasks.classification import AbsTaskClassification

    class Rows:
        def __init__(self, labels):
            self.labels = labels

        def __getitem__(self, column):
            return self.labels

        def __len__(self):
            return len(self.labels)

        def select(self, indices):
            return indices

    task = types.SimpleNamespace(seed=seed, samples_per_label=samples_per_label, label_column_name="label")
    idxs, draws = None, []
    for i in range(experiments):
        _, idxs, chosen = AbsTaskClassification._undersample_data(task, Rows(labels), i, idxs)
        draws.append([int(j) for j in chosen])
    return draws


def clusters(rng, classes, per_class, dim, spread, normalise):
    centres = rng.normal(0, 1, size=(classes, dim))
    x = np.concatenate([c + rng.normal(0, spread, size=(per_class, dim)) for c in centres])
    y = np.repeat(np.arange(classes), per_class)
    order = rng.permutation(len(y))
    x, y = x[order], y[order]
    if normalise:
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), y


def float32_rows(x):
    """float32 values as the 9 significant digits that give back the same float32."""
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def case(name, rng, classes, dim, spread, normalise, scale=1.0, samples=16, train_per_class=30, test_per_class=20):
    x, y = clusters(rng, classes, train_per_class + test_per_class, dim, spread, normalise)
    x = (x * np.float32(scale)).astype(np.float32)
    n_train = classes * train_per_class
    x_train, y_train, x_test, y_test = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    labels = [str(int(v)) for v in y_train]
    draws = undersample_like_mteb(labels, samples, 10, 42)
    experiments = []
    for rows in draws:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning at 100 iterations: the protocol's usual case
            clf = LogisticRegression(max_iter=100).fit(x_train[rows], y_train[rows])
        predicted = clf.predict(x_test)
        experiments.append({
            "rows": rows, "n_iter": int(clf.n_iter_[0]), "predicted": [int(v) for v in predicted],
            "accuracy": accuracy_score(y_test, predicted), "f1": f1_score(y_test, predicted, average="macro"),
            "f1_weighted": f1_score(y_test, predicted, average="weighted"),
            "precision": precision_score(y_test, predicted, average="macro", zero_division=0),
            "recall": recall_score(y_test, predicted, average="macro"),
        })
    return {"name": name, "samples_per_label": samples, "train": float32_rows(x_train), "train_labels": labels,
            "test": float32_rows(x_test), "test_labels": [str(int(v)) for v in y_test], "experiments": experiments}


def main():
    import mteb
    rng = np.random.default_rng(14)
    cases = [
        # Unit rows, 12 overlapping classes: like a sentence-embedding model's; fits converge in 7-9 iterations.
        case("unit-rows", rng, 12, 32, 2.5, True, samples=8),
        # Two classes: scikit-learn's binomial form with one coefficient row.
        case("binary", rng, 2, 32, 4.0, True),
        # Unnormalised and overlapping: every fit stops at 100 iterations, unconverged.
        case("unconverged", rng, 6, 16, 2.5, False, scale=30.0),
    ]
    with open(OUT, "w") as f:
        json.dump({"mteb": mteb.__version__, "scikit-learn": sklearn.__version__, "seed": 42, "cases": cases}, f)
    for c in cases:
        print(c["name"], "n_iter", [e["n_iter"] for e in c["experiments"]], "accuracy", np.mean([e["accuracy"] for e in c["experiments"]]))


if __name__ == "__main__":
    main()
