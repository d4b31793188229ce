#!/usr/bin/env python3
"""Reference values for evalbench's metrics, from independent implementations: pytrec_eval (trec_eval)
for retrieval, scipy for correlations, scikit-learn for logistic regression, k-means, V-measure and
average precision (mteb's classification protocol has its own: make_classification_references.py). Inputs are seeded synthetic data; inputs and outputs go to Tests/EvalMetricsTests/Fixtures.

    pip install -r scripts/requirements.txt && python3 scripts/make_metric_references.py
"""
import json
import os

import numpy as np
import pytrec_eval
from scipy import stats
from sklearn.cluster import MiniBatchKMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score, v_measure_score

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalMetricsTests", "Fixtures")
K_VALUES = [1, 3, 5, 10, 20, 100]


def ranked(scores):
    """trec_eval order: score descending, then document id descending."""
    return [d for d, _ in sorted(scores.items(), key=lambda x: (x[1], x[0]), reverse=True)]


def retrieval(rng):
    run, qrels = {}, {}
    for q in range(60):
        qid = f"q{q:02d}"
        docs = [f"d{d:03d}" for d in rng.choice(300, size=120, replace=False)]
        # Two decimals make ties frequent, which exercises the tie rule.
        run[qid] = {d: float(np.round(rng.random(), 2)) for d in docs}
        judged = rng.choice(docs + [f"x{q}"], size=int(rng.integers(1, 8)), replace=False)
        qrels[qid] = {str(d): int(rng.choice([0, 1, 1, 2])) for d in judged}
    qrels["q_unjudged_in_run"] = {"d001": 1}
    run["q_not_in_qrels"] = {"d001": 0.5}
    measures = {"ndcg_cut." + ",".join(map(str, K_VALUES)), "map_cut." + ",".join(map(str, K_VALUES)),
                "recall." + ",".join(map(str, K_VALUES)), "P." + ",".join(map(str, K_VALUES))}
    results = pytrec_eval.RelevanceEvaluator(qrels, measures).evaluate(run)
    expected = {}
    for k in K_VALUES:
        for ours, theirs in [("ndcg_at", "ndcg_cut"), ("map_at", "map_cut"), ("recall_at", "recall"), ("precision_at", "P")]:
            expected[f"{ours}_{k}"] = float(np.mean([r[f"{theirs}_{k}"] for r in results.values()]))
        truncated = {q: {d: s for d, s in scores.items() if d in ranked(scores)[:k]} for q, scores in run.items()}
        # recip_rank on the run cut to the top k under the same tie rule is MRR@k.
        rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(truncated)
        expected[f"mrr_at_{k}"] = float(np.mean([r["recip_rank"] for r in rr.values()]))
    return {"run": run, "qrels": qrels, "k_values": K_VALUES, "expected": expected, "queries_evaluated": len(results)}


def correlation(rng):
    gold = [float(x) for x in rng.integers(0, 6, size=200)]
    similarity = [float(np.round(g / 5 + rng.normal(0, 0.3), 1)) for g in gold]
    return {"gold": gold, "similarity": similarity,
            "pearson": float(stats.pearsonr(gold, similarity)[0]), "spearman": float(stats.spearmanr(gold, similarity)[0])}


def gaussian_classes(rng, classes, per_class, dim, spread):
    centers = rng.normal(0, 1, size=(classes, dim))
    x = np.concatenate([c + rng.normal(0, spread, size=(per_class, dim)) for c in centers]).astype(np.float32)
    y = np.repeat(np.arange(classes), per_class)
    return x, y


def classification(rng):
    x_train, y_train = gaussian_classes(rng, 4, 40, 16, 1.2)
    centers_seed = rng.integers(0, 1 << 30)
    rng_test = np.random.default_rng(centers_seed)
    x_test, y_test = x_train[:0], y_train[:0]
    # The test split comes from the same class centres: re-draw around the training class means.
    means = np.stack([x_train[y_train == c].mean(0) for c in range(4)])
    x_test = np.concatenate([m + rng_test.normal(0, 1.2, size=(30, 16)) for m in means]).astype(np.float32)
    y_test = np.repeat(np.arange(4), 30)
    full = LogisticRegression(C=1.0, max_iter=100).fit(x_train, y_train)
    return {
        "train": x_train.tolist(), "train_labels": [f"c{c}" for c in y_train], "test": x_test.tolist(), "test_labels": [f"c{c}" for c in y_test],
        "full_fit_probabilities": full.predict_proba(x_test).tolist(), "full_fit_accuracy": float(accuracy_score(y_test, full.predict(x_test))),
        "numpy_shuffles": numpy_shuffles(),
    }


def numpy_shuffles():
    """RandomState(42) shuffling arange(1000) twice, for the Swift port of NumPy's legacy shuffle."""
    state, order = np.random.RandomState(42), np.arange(1000)
    state.shuffle(order)
    first = order.tolist()
    state.shuffle(order)
    return [first, order.tolist()]


def clustering(rng):
    x, y = gaussian_classes(rng, 5, 60, 8, 0.6)
    scores = [v_measure_score(y, MiniBatchKMeans(n_clusters=5, batch_size=500, n_init="auto", random_state=s).fit_predict(x)) for s in range(10)]
    labels = [int(v) for v in rng.integers(0, 4, size=50)]
    clusters = [int(v) for v in rng.integers(0, 3, size=50)]
    return {"vectors": x.tolist(), "labels": [f"t{c}" for c in y], "v_measure": float(np.mean(scores)),
            "fixed_labels": labels, "fixed_clusters": clusters, "fixed_v_measure": float(v_measure_score(labels, clusters))}


def pair_classification(rng):
    labels = [int(v) for v in rng.integers(0, 2, size=150)]
    scores = [float(np.round(0.4 * l + rng.normal(0.3, 0.25), 2)) for l in labels]
    # Best accuracy by brute force over every threshold between distinct scores.
    cuts = sorted(set(scores))
    best = max(np.mean([(s > t) == bool(l) for s, l in zip(scores, labels)]) for t in [cuts[0] - 1] + cuts)
    return {"scores": scores, "labels": labels, "average_precision": float(average_precision_score(labels, scores)),
            "best_accuracy": float(best)}


def main():
    rng = np.random.default_rng(20261122)
    os.makedirs(OUT, exist_ok=True)
    for name, make in [("retrieval", retrieval), ("correlation", correlation), ("classification", classification),
                       ("clustering", clustering), ("pair_classification", pair_classification)]:
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(make(rng), f, separators=(",", ":"))
        print("wrote", name)


if __name__ == "__main__":
    main()
