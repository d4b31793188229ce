#!/usr/bin/env python3
"""Reference values for mteb 2.26's FollowIR protocol (InstructionReranking tasks such as Core17InstructionRetrieval)
on seeded synthetic float32 embeddings; written to Tests/EvalBenchCoreTests/Fixtures/instruction_reranking.json.

mteb's search (`rerank_top_ranked_documents`) needs a model and torch; this script follows it with numpy: each query
scores its own candidates by cosine and keeps its best max(k_values) (the inputs have no near ties). The scores are
mteb's own code on that run: `calculate_retrieval_scores` + `make_score_dict` over all queries (what
`AbsTaskRetrieval._evaluate_subset` reports) and `evaluate_p_mrr_change` (p-MRR and the `og` / `changed` halves).
pytrec_eval's metrics come rounded to 5 decimals by mteb; p-MRR is not rounded. Also written: query rows and the texts
mteb's `_combine_queries_with_instruction_text` makes of them (the instruction kinds' query text).

    python3 -m venv /tmp/mteb-venv && /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/make_instruction_reranking_references.py
"""
import json
import os

import numpy as np
from datasets import Dataset
from mteb._create_dataloaders import _combine_queries_with_instruction_text
from mteb._evaluators.retrieval_metrics import calculate_retrieval_scores, evaluate_p_mrr_change, make_score_dict

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalBenchCoreTests", "Fixtures", "instruction_reranking.json")
K_VALUES = [1, 3, 5, 10]


def rows(x):
    return [[float(f"{v:.9g}") for v in row] for row in x.tolist()]


def main():
    rng = np.random.default_rng(13)
    dim, n_docs = 8, 40
    corpus = rng.normal(0, 1, size=(n_docs, dim)).astype(np.float32)
    doc_ids = [f"d{i:02d}" for i in range(n_docs)]
    queries, query_vectors, candidates, qrels, changed = [], [], {}, {}, {}
    for q in range(6):
        base = f"q{q}"
        og = rng.normal(0, 1, size=dim)
        new = og + rng.normal(0, 0.8, size=dim)
        pool = sorted(rng.choice(n_docs, size=int(rng.integers(8, 15)), replace=False).tolist())
        relevant = pool[: int(rng.integers(2, 5))]
        moved = relevant[: int(rng.integers(1, len(relevant)))]  # relevant under the original instruction only
        for suffix, vector in [("-og", og), ("-changed", new)]:
            qid = base + suffix
            queries.append(qid)
            query_vectors.append(vector)
            candidates[qid] = [doc_ids[i] for i in pool]
            keep = relevant if suffix == "-og" else [i for i in relevant if i not in moved]
            qrels[qid] = {doc_ids[i]: (1 if i in keep else 0) for i in pool}
        changed[base] = [doc_ids[i] for i in moved]
    query_vectors = np.array(query_vectors).astype(np.float32)

    results = {}
    for qid, vector in zip(queries, query_vectors.astype(np.float64)):
        ids = candidates[qid]
        docs = corpus[[doc_ids.index(d) for d in ids]].astype(np.float64)
        scores = docs @ vector / (np.linalg.norm(docs, axis=1) * np.linalg.norm(vector))
        top = np.sort(scores)
        assert np.all(np.diff(top) > 1e-6), "near-tied scores: choose another seed"
        best = np.argsort(-scores)[: max(K_VALUES)]
        results[qid] = {ids[i]: float(scores[i]) for i in best}

    _, ndcg, _map, recall, precision, naucs, mrr, naucs_mrr, hit_rate = calculate_retrieval_scores(results, qrels, K_VALUES)
    scores = make_score_dict(ndcg=ndcg, _map=_map, recall=recall, precision=precision, mrr=mrr, naucs=naucs, naucs_mrr=naucs_mrr,
                             hit_rate=hit_rate, task_scores={})
    followir = evaluate_p_mrr_change(qrels, results, changed, K_VALUES)
    expected = {k: float(v) for k, v in scores.items() if not k.startswith("nauc") and k != "accuracy"}
    for half in ["og", "changed"]:
        expected.update({f"{half}_{k}": float(v) for k, v in followir[half].items() if not k.startswith("nauc") and k != "accuracy"})
    expected["p-MRR"] = float(followir["p-MRR"])
    rows_in = {"id": ["a", "b", "c", "d"], "text": ["what is x", " spaced ", "é", "tab\there"],
               "instruction": ["Be brief.", None, "  two  spaces", ""]}
    joined = list(_combine_queries_with_instruction_text(Dataset.from_dict(rows_in))["text"])
    fixture = {"instructed_queries": {"rows": [dict(zip(rows_in, v)) for v in zip(*rows_in.values())], "texts": joined},
               "k_values": K_VALUES, "corpus_ids": doc_ids, "corpus": rows(corpus), "query_ids": queries, "queries": rows(query_vectors),
               "candidates": candidates, "qrels": qrels, "changed": changed, "expected": expected}
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
    print({k: v for k, v in expected.items() if "at_5" in k or k == "p-MRR"})


if __name__ == "__main__":
    main()
