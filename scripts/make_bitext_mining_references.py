#!/usr/bin/env python3
"""Reference values for mteb 2.26's bitext mining protocol on seeded synthetic float32 embeddings; written to
Tests/EvalBenchCoreTests/Fixtures/bitext_mining.json.

mteb's `BitextMiningEvaluator._similarity_search` needs torch (torch.topk over `model.similarity`); this script follows it
with numpy: each sentence1's top-1 sentence2 by cosine or dot (the inputs have no ties). The scores are mteb's own
`AbsTaskBitextMining._compute_metrics` (scikit-learn's weighted precision, recall and F1 with zero_division=0, and
accuracy) on those neighbours, with mteb's default gold (row i of sentence1 matches row i of sentence2).

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/make_bitext_mining_references.py
"""
import json
import os

import numpy as np
from mteb.abstasks.text.bitext_mining import AbsTaskBitextMining

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalBenchCoreTests", "Fixtures", "bitext_mining.json")


def nearest(first, second, similarity):
    a, b = first.astype(np.float64), second.astype(np.float64)
    if similarity == "cosine":
        a, b = a / np.linalg.norm(a, axis=1, keepdims=True), b / np.linalg.norm(b, axis=1, keepdims=True)
    scores = a @ b.T
    top = np.sort(scores, axis=1)
    assert np.all(top[:, -1] - top[:, -2] > 1e-5), "a near tie: choose another seed"
    return [{"corpus_id": int(j), "score": float(scores[i, j])} for i, j in enumerate(scores.argmax(axis=1))]


def main():
    rng = np.random.default_rng(11)
    n, dim = 40, 8
    first = rng.normal(0, 1, size=(n, dim)) * rng.uniform(0.5, 2.0, size=(n, 1))
    second = first + rng.normal(0, 0.9, size=(n, dim))
    first, second = first.astype(np.float32), second.astype(np.float32)
    gold = list(zip(range(n), range(n)))
    expected = {}
    for similarity in ["cosine", "dot"]:
        neighbours = nearest(first, second, similarity)
        metrics = AbsTaskBitextMining._compute_metrics(None, neighbours, gold)
        expected[similarity] = {"predicted": [x["corpus_id"] for x in neighbours], "scores": {k: float(v) for k, v in metrics.items()}}

    def rows(x):
        return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]

    with open(OUT, "w") as f:
        json.dump({"sentence1": rows(first), "sentence2": rows(second), "expected": expected}, f, indent=1)
    print({k: v["scores"] for k, v in expected.items()})


if __name__ == "__main__":
    main()
