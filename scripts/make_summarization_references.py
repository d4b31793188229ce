#!/usr/bin/env python3
"""Reference values for mteb 2.26's summarization protocol (SummarizationEvaluator, as SummEvalSummarization.v2 runs it),
on seeded synthetic float32 embeddings; written to Tests/EvalBenchCoreTests/Fixtures/summarization.json.

mteb's `SummarizationEvaluator.__call__` needs a model and torch; this script follows it line by line with numpy
(mteb/_evaluators/text/summarization_evaluator.py): per machine summary the max cosine, dot and model similarity over the
text's human summaries, and a text is skipped when its human scores, best dots or best cosines form a single value.
The relevance normalisation is AbsTaskSummarization._evaluate_subset's ((x - min_score) / (max_score - min_score)).
The metrics are mteb's own `SummarizationEvaluator._calculate_metrics` (scipy's spearmanr and pearsonr, numpy's mean).
Similarities are computed in float64 from the float32 vectors (mteb computes them in float32 with torch); the inputs
have no near ties, so this moves no rank and only the 7th digit of a Pearson value.

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/make_summarization_references.py
"""
import json
import os

import numpy as np
from mteb._evaluators.text.summarization_evaluator import SummarizationEvaluator

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalBenchCoreTests", "Fixtures", "summarization.json")
MIN_SCORE, MAX_SCORE = 1.0, 5.0


def cos(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def distances(texts, similarity):
    """SummarizationEvaluator.__call__ from its embeddings on: the per-text best scores, skipped texts left out."""
    out = {"cosine_scores": [], "dot_scores": [], "similarity_scores": [], "human_scores": []}
    skipped = []
    for i, text in enumerate(texts):
        human = np.array(text["human"], dtype=np.float64)
        cosine_pred, dot_pred, sim_pred, human_scores = [], [], [], []
        for machine, gold in zip(np.array(text["machine"], dtype=np.float64), text["normalised"], strict=True):
            cosine_pred.append(max(cos(machine, h) for h in human))
            dot_pred.append(max(float(machine @ h) for h in human))
            sim_pred.append(max((cos if similarity == "cosine" else lambda a, b: float(a @ b))(machine, h) for h in human))
            human_scores.append(gold)
        if len(set(human_scores)) == 1 or len(set(dot_pred)) == 1 or len(set(cosine_pred)) == 1:
            skipped.append(i)
            continue
        out["cosine_scores"].append(cosine_pred)
        out["dot_scores"].append(dot_pred)
        out["similarity_scores"].append(sim_pred)
        out["human_scores"].append(human_scores)
    return out, skipped


def main():
    rng = np.random.default_rng(7)
    dim = 12
    texts = []
    for i in range(8):
        n_human, n_machine = int(rng.integers(1, 4)), int(rng.integers(3, 9))
        human = rng.normal(0, 1, size=(n_human, dim)) * rng.uniform(0.5, 2.0, size=(n_human, 1))
        machine = rng.normal(0, 1, size=(n_machine, dim)) * rng.uniform(0.5, 2.0, size=(n_machine, 1))
        relevance = rng.integers(1, 6, size=n_machine).astype(float).tolist()  # 1..5 with ties
        if i == 3:
            relevance = [4.0] * n_machine  # constant human scores: skipped
        if i == 5:
            machine[:] = machine[0]  # identical machine summaries: constant best scores, skipped
        texts.append({"human": human.astype(np.float32), "machine": machine.astype(np.float32), "relevance": relevance})
    for text in texts:
        text["normalised"] = ((np.array(text["relevance"]) - MIN_SCORE) / (MAX_SCORE - MIN_SCORE)).tolist()

    evaluator = SummarizationEvaluator.__new__(SummarizationEvaluator)  # _calculate_metrics reads only its argument
    expected, skipped = {}, None
    for similarity in ["cosine", "dot"]:
        dist, skipped = distances(texts, similarity)
        expected[similarity] = {k: float(v) for k, v in evaluator._calculate_metrics(dist).items()}

    def rows(x):
        return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]

    fixture = {
        "min_score": MIN_SCORE, "max_score": MAX_SCORE,
        "texts": [{"human": rows(t["human"]), "machine": rows(t["machine"]), "relevance": t["relevance"]} for t in texts],
        "skipped": skipped,
        "expected": expected,
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
    print(json.dumps(expected, indent=1), "skipped", skipped)


if __name__ == "__main__":
    main()
