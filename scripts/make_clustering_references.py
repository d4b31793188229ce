#!/usr/bin/env python3
"""Reference values for mteb's clustering protocols, from mteb's own functions and scikit-learn: Python's
random.Random(42) draws (the documents sampled to embed, each bootstrap round's rows), and per round the labels
MiniBatchKMeans gives and their V-measure (mteb's _evaluate_clustering_bootstrapped, scikit-learn 1.9.1).
Inputs are seeded synthetic unit-length embeddings; everything goes to
Tests/EvalMetricsTests/Fixtures/clustering_protocol.json.

    OPENBLAS_NUM_THREADS=1 /tmp/mteb-venv/bin/python scripts/make_clustering_references.py   (see make_classification_references.py)
"""
import json
import os
import random

import numpy as np
import sklearn
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import v_measure_score

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalMetricsTests", "Fixtures", "clustering_protocol.json")


def float32_rows(x):
    """float32 values as the 9 significant digits that give back the same float32."""
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def main():
    import mteb
    from mteb.abstasks.clustering import _evaluate_clustering_bootstrapped

    rng = np.random.default_rng(15)
    classes, per_class, dim = 8, 60, 24
    centres = rng.normal(0, 1, size=(classes, dim))
    x = np.concatenate([c + rng.normal(0, 1.3, size=(per_class, dim)) for c in centres])
    labels = np.repeat(np.arange(classes), per_class)
    order = rng.permutation(len(labels))
    x, labels = x[order], labels[order]
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    labels = [str(int(v)) for v in labels]

    # The v2 protocol as mteb runs it: one random.Random(seed) samples the documents, then draws every round.
    state = random.Random(42)
    sampled = state.sample(range(len(labels)), k=200)
    x_sampled, labels_sampled = x[sampled], [labels[i] for i in sampled]
    rounds_state = random.Random()
    rounds_state.setstate(state.getstate())
    rounds = [rounds_state.choices(range(len(sampled)), k=300) for _ in range(5)]
    scores, assignments = _evaluate_clustering_bootstrapped(
        x_sampled, [[label] for label in labels_sampled], n_clusters=5, cluster_size=300, kmean_batch_size=128,
        max_depth=None, rng_state=state, seed=42)

    # The v1 protocol on one set: MiniBatchKMeans(batch_size=500) over every text.
    whole = MiniBatchKMeans(n_clusters=classes, batch_size=500, n_init="auto", random_state=42).fit_predict(x)
    with open(OUT, "w") as f:
        json.dump({
            "mteb": mteb.__version__, "scikit-learn": sklearn.__version__, "vectors": float32_rows(x), "labels": labels,
            "bootstrap": {"sample": sampled, "rounds": rounds, "batch_size": 128, "assignments": assignments["Level 0"],
                          "v_measures": scores["v_measure"]["Level 0"]},
            "legacy": {"batch_size": 500, "assignment": whole.tolist(), "v_measure": v_measure_score(labels, whole)},
        }, f)
    print("bootstrap", scores["v_measure"]["Level 0"], "legacy", v_measure_score(labels, whole))


if __name__ == "__main__":
    main()
