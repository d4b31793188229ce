#!/usr/bin/env python3
"""Reference values for mteb 2.26's multilabel classification protocol (AbsTaskMultilabelClassification) on seeded
synthetic float32 embeddings; written to Tests/EvalBenchCoreTests/Fixtures/multilabel_classification.json.

mteb's `_evaluate_subset` needs a model; this script runs the rest of it with mteb's own pieces, in its order: the
task's `np_rng = default_rng(seed)` (mteb's `_set_seed`), `_undersample_data_indices` once per experiment (the
generator running on across experiments), a `MultiLabelBinarizer` fitted on the test labels and applied to each
draw's training labels, `_evaluate_classifier` with mteb's `KNeighborsClassifier(n_neighbors=5)`, and
`_calculate_scores`; the averages are numpy means as in `_evaluate_subset`. The classifier is given float64 copies of
the float32 vectors (evalbench computes distances in double); the script checks every test row's 5th and 6th
nearest drawn rows are apart, so the neighbours cannot depend on rounding. Also written: `default_rng` shuffles, to
check evalbench's PCG64 port.

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/make_multilabel_classification_references.py
"""
import json
import os
import types
import warnings

import numpy as np
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from mteb._set_seed import _set_seed
from mteb.abstasks.multilabel_classification import AbsTaskMultilabelClassification, _evaluate_classifier

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalBenchCoreTests", "Fixtures", "multilabel_classification.json")
LABELS = ["a", "b", "c", "d", "e", "f"]


def rows(x):
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def data(rng, n, dim, centres, extra_label):
    labels, x = [], []
    for _ in range(n):
        k = int(rng.integers(0, 4))
        chosen = sorted(rng.choice(LABELS, size=k, replace=False).tolist())
        if extra_label and rng.random() < 0.1:
            chosen.append("z")  # a training label the test split never uses: the binarizer ignores it
        labels.append(chosen)
        x.append(sum((centres[LABELS.index(l)] for l in chosen if l in LABELS), np.zeros(dim)) + rng.normal(0, 0.6, size=dim))
    return np.array(x).astype(np.float32), labels


def case(rng, seed, samples_per_label, n_experiments=10, n_train=120, n_test=40, dim=8):
    centres = rng.normal(0, 1, size=(len(LABELS), dim))
    x_train, y_train = data(rng, n_train, dim, centres, True)
    x_test, y_test = data(rng, n_test, dim, centres, False)
    task = types.SimpleNamespace(np_rng=_set_seed(seed)[1])
    draws = [AbsTaskMultilabelClassification._undersample_data_indices(task, y_train, samples_per_label, None)[0] for _ in range(n_experiments)]
    binarizer = MultiLabelBinarizer()
    truth = binarizer.fit_transform(y_test)
    experiments = []
    for draw in draws:
        xt = x_train[draw].astype(np.float64)
        d = np.sort(((x_test.astype(np.float64)[:, None, :] - xt[None, :, :]) ** 2).sum(-1), axis=1)
        assert np.all(d[:, 5] - d[:, 4] > 1e-6), "near-tied neighbours: choose another seed"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown label 'z' in the training labels
            y = binarizer.transform([y_train[i] for i in draw])
        predicted, classifier = _evaluate_classifier(xt, y, x_test.astype(np.float64), KNeighborsClassifier(n_neighbors=5))
        scores = AbsTaskMultilabelClassification._calculate_scores(None, truth, predicted, x_test.astype(np.float64), classifier)
        experiments.append({"rows": [int(i) for i in draw], "scores": {k: float(v) for k, v in scores.items()}})
    mean = {k: float(np.mean([e["scores"][k] for e in experiments])) for k in experiments[0]["scores"]}
    return {"seed": seed, "samples_per_label": samples_per_label, "n_experiments": n_experiments,
            "train": rows(x_train), "train_labels": y_train, "test": rows(x_test), "test_labels": y_test,
            "experiments": experiments, "scores": mean}


def main():
    rng = np.random.default_rng(5)
    cases = [case(rng, 42, 8), case(rng, 7, 4, n_experiments=3)]
    shuffles = []
    for seed in [42, 0, 2**32 - 1, 2**40 + 5]:
        generator = np.random.default_rng(seed)
        for n in [10, 1000]:
            order = list(range(n))
            generator.shuffle(order)
            shuffles.append({"seed": seed, "n": n, "order": order})
    with open(OUT, "w") as f:
        json.dump({"cases": cases, "shuffles": shuffles}, f, indent=1)
    for c in cases:
        print(c["seed"], c["scores"], [len(e["rows"]) for e in c["experiments"]])


if __name__ == "__main__":
    main()
