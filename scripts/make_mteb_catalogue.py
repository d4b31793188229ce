#!/usr/bin/env python3
"""Writes evalbench's task definitions for the tasks of mteb's benchmarks MTEB(eng, v2) and NanoBEIR, and the benchmark
files that list them, from mteb's own task metadata (mteb 2.26.24, scripts/requirements-mteb.txt):

    python3 -m venv .venv-mteb && .venv-mteb/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    .venv-mteb/bin/python scripts/make_mteb_catalogue.py

Each task's Hub dataset, pinned revision, splits, subset, main score and protocol parameters come from mteb; how its
rows become the layout evalbench's kind reads (the `data.hub.files` mappings) follows the column names mteb's loaders
read, per task type (the RULES below). A task already defined at the top of Tasks/ keeps its definition and gains the
Hub source; the others are written to Tasks/mteb/. Where mteb transforms a dataset in a way evalbench does not
(subsampling a test split, hierarchical labels, reranking over a top_ranked config), the description says so.
"""
import json
import logging
import os
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)
import mteb  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tasks")
BENCHMARKS = {"MTEB(eng, v2)": "mteb-eng-v2.json", "NanoBEIR": "nanobeir.json"}

# What evalbench evaluates differently from mteb, by task (stated in the task's description).
DIFFERENCES = {
    "ArXivHierarchicalClusteringP2P": "mteb splits labels on '.' into a hierarchy and subsamples 2048 documents; evalbench clusters the flat labels of all documents",
    "ArXivHierarchicalClusteringS2S": "mteb splits labels on '.' into a hierarchy and subsamples 2048 documents; evalbench clusters the flat labels of all documents",
    "StackExchangeClustering.v2": "mteb subsamples 2048 documents stratified by label; evalbench clusters them all",
    "StackExchangeClusteringP2P.v2": "mteb drops labels that occur once; evalbench keeps them",
    "ToxicConversationsClassification": "mteb subsamples the test split to 2048 texts stratified by label; evalbench tests on all of them",
}
# Tasks whose Hub layout evalbench cannot read yet: reranking over retrieval configs with top_ranked candidates.
NOT_FROM_HUB = {
    "AskUbuntuDupQuestions": "mteb 2.x reads it as retrieval configs with a top_ranked config, which evalbench does not read yet",
    "MindSmallReranking": "mteb 2.x reads it as retrieval configs with a top_ranked config (2.36M subqueries), which evalbench does not read yet",
}
# Tasks evalbench lists (they belong to a benchmark) but cannot evaluate yet.
UNSUPPORTED = {
    "MindSmallReranking": "its main score, max_over_subqueries_map_at_1000, is MAP over each query's best subquery, which evalbench's "
                          "Reranking kind does not compute, and its top_ranked Hub layout is not read",
}


def beir():
    """mteb's RetrievalDatasetLoader: the corpus and queries configs' only split, the qrels of the evaluated split."""
    ids = {"_id": "_id|id"}
    return [
        {"file": "corpus.jsonl", "config": "corpus", "columns": ["_id", "title", "text"], "rename": ids, "optional": ["title"]},
        {"file": "queries.jsonl", "config": "queries", "columns": ["_id", "text"], "rename": ids},
        {"file": "qrels/{split}.tsv", "config": "default", "split": "{split}", "columns": ["query-id", "corpus-id", "score"]},
    ]


def mapping(task):
    """The Hub files of the task and the format they become, per type."""
    kind = task.metadata.type
    subset = task.hf_subsets[0] if task.hf_subsets else "default"
    config = None if subset == "default" or getattr(task, "fast_loading", False) else subset
    filters = {"lang": subset} if getattr(task, "fast_loading", False) else None

    def entry(file, split, columns, **extra):
        item = {"file": file, "split": split, "columns": columns}
        if config:
            item["config"] = config
        if filters:
            item["filter"] = filters
        item.update(extra)
        return item

    if kind == "STS":
        return "sts-pairs", [entry("{split}.jsonl", "{split}", ["sentence1", "sentence2", "score"])]
    if kind == "Classification":
        return "labelled-texts", [entry("train.jsonl", "train", ["text", "label"]), entry("{split}.jsonl", "{split}", ["text", "label"])]
    if kind == "Clustering":
        return "labelled-texts", [entry("{split}.jsonl", "{split}", ["text", "label"], rename={"text": "sentences", "label": "labels"}, explode=True)]
    if kind == "PairClassification":
        return "pairs", [entry("{split}.jsonl", "{split}", ["sentence1", "sentence2", "label"],
                               rename={"sentence1": "sentence1|sent1", "sentence2": "sentence2|sent2", "label": "labels|label"}, explode=True)]
    if kind == "Retrieval":
        return "beir", beir()
    if kind == "Reranking":
        return "reranking-rows", None  # see NOT_FROM_HUB
    if kind == "Summarization":
        return "summaries", [entry("{split}.jsonl", "{split}", ["text", "human_summaries", "machine_summaries", "relevance"])]
    raise SystemExit(f"{task.metadata.name}: no rule for type {kind}")


def evaluation(task):
    kind = task.metadata.type
    if kind == "Classification":
        return {"samples_per_label": task.samples_per_label, "n_experiments": task.n_experiments, "seed": task.seed}
    if kind == "Clustering":
        options = {"protocol": "bootstrap", "seed": task.seed}
        if task.max_fraction_of_documents_to_embed != 0.04:
            options["max_fraction_of_documents_to_embed"] = task.max_fraction_of_documents_to_embed
        return options
    if kind == "Retrieval" and getattr(task, "ignore_identical_ids", False):
        return {"ignore_identical_ids": True}
    if kind == "STS" and getattr(task, "max_score", 5) == 5 and getattr(task, "min_score", 0) == 0:
        return {"score_scale": 5}
    return None


def definition(task, existing):
    meta = task.metadata
    subset = task.hf_subsets[0] if task.hf_subsets else "default"
    languages = meta.eval_langs[subset] if isinstance(meta.eval_langs, dict) else meta.eval_langs
    description = " ".join((meta.description or "").split())
    if meta.name in DIFFERENCES:
        description += f" (Differs from mteb: {DIFFERENCES[meta.name]}.)"
    if existing:
        item = existing
    else:
        fmt, _ = mapping(task)
        item = {"name": meta.name, "type": meta.type, "description": description, "domains": meta.domains or [],
                "languages": list(languages), "data": {"dataset": meta.name}, "format": fmt, "splits": list(meta.eval_splits),
                "main_score": meta.main_score}
        options = evaluation(task)
        if options:
            item["evaluation"] = options
    if meta.name in UNSUPPORTED:
        item["unsupported"] = UNSUPPORTED[meta.name]
    if meta.name in NOT_FROM_HUB:
        item["source"] = f"{meta.dataset['path']} on the Hub: {NOT_FROM_HUB[meta.name]}; place it by hand under --data-dir"
        return item
    _, files = mapping(task)
    item["data"] = {"dataset": item["data"].get("dataset", meta.name),
                    "hub": {"repo": meta.dataset["path"], "revision": meta.dataset["revision"], "files": files}}
    item["source"] = f"{meta.dataset['path']} on the Hub at mteb's pinned revision (or a folder {item['data']['dataset']}/ under --data-dir)"
    return item


def main():
    os.makedirs(os.path.join(ROOT, "mteb"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "benchmarks"), exist_ok=True)
    for name, file in BENCHMARKS.items():
        benchmark = mteb.get_benchmark(name)
        names = []
        for task in benchmark.tasks:
            top = os.path.join(ROOT, f"{task.metadata.name}.json")
            existing = json.load(open(top)) if os.path.exists(top) else None
            target = top if existing else os.path.join(ROOT, "mteb", f"{task.metadata.name}.json")
            with open(target, "w") as f:
                f.write(json.dumps(definition(task, existing), indent=2, ensure_ascii=False) + "\n")
            names.append(task.metadata.name)
        with open(os.path.join(ROOT, "benchmarks", file), "w") as f:
            description = " ".join((benchmark.description or "").split())
            f.write(json.dumps({"name": name, "description": description, "tasks": names,
                                "source": f"mteb {mteb.__version__}: mteb.get_benchmark({name!r})"}, indent=2) + "\n")


if __name__ == "__main__":
    main()
