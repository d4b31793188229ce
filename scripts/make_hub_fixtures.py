#!/usr/bin/env python3
"""Writes the fake Hub's fixture repositories (Tests/EvalBenchCoreTests/Fixtures/hub), served by
Tests/EvalBenchCoreTests/Hub/FakeHub/fake_hub.py to the Hub tests. Only evalbench's own data is used: the bundled
evalbench-sts, evalbench-retrieval and evalbench-qa datasets and the tiny-dot-bert test model. Deterministic: gzip
without a time stamp, parquet by pyarrow (26.0.1 wrote the committed files).

    pip install pyarrow && python3 scripts/make_hub_fixtures.py
"""
import csv
import gzip
import io
import json
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "Tests/EvalBenchCoreTests/Fixtures/hub")
DATA = os.path.join(ROOT, "Tasks/data")
# mteb's pinned revision of mteb/stsbenchmark-sts (mteb 2.26.24's task metadata), which the task definition names.
STSB_REVISION = "b0fddb56ed78048fa8b90373c8a3cfc37b684831"


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def write(repo, path, content):
    target = os.path.join(OUT, repo, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())


def jsonl(items):
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode()


def gz(data):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
        f.write(data)
    return buffer.getvalue()


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    sts = rows(os.path.join(DATA, "evalbench-sts/test.jsonl"))
    card = "---\nlanguage:\n- en\n---\n# STS fixture\nevalbench's own STS pairs, laid out as mteb/stsbenchmark-sts is.\n"
    for repo in ["datasets/mteb/stsbenchmark-sts", "datasets/evalbench/dropped", "datasets/evalbench/wrong-size"]:
        write(repo, "README.md", card)
        write(repo, "test.jsonl.gz", gz(jsonl(sts)))
        write(repo, "train.jsonl.gz", gz(jsonl(sts[:20])))
        write(repo, "validation.jsonl.gz", gz(jsonl(sts[20:40])))

    # A BEIR dataset with configs declared in its README, in three formats.
    corpus = rows(os.path.join(DATA, "evalbench-retrieval/corpus.jsonl"))
    queries = rows(os.path.join(DATA, "evalbench-retrieval/queries.jsonl"))
    with open(os.path.join(DATA, "evalbench-retrieval/qrels/test.tsv")) as f:
        qrels = list(csv.DictReader(f, delimiter="\t"))
    repo = "datasets/evalbench/beir-configs"
    write(repo, "README.md", "---\nconfigs:\n- config_name: corpus\n  data_files:\n  - split: corpus\n    path: corpus/*.jsonl.gz\n"
          "- config_name: queries\n  data_files:\n  - split: queries\n    path: queries.csv\n"
          "- config_name: default\n  data_files:\n  - split: test\n    path: qrels/test.tsv\n---\n# BEIR fixture\n")
    write(repo, "corpus/corpus-00000.jsonl.gz", gz(jsonl(corpus)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["_id", "text"])
    for query in queries:
        writer.writerow([query["_id"], query["text"]])
    write(repo, "queries.csv", out.getvalue())
    write(repo, "qrels/test.tsv", "query-id\tcorpus-id\tscore\n" + "".join(
        "%s\t%s\t%s\n" % (q["query-id"], q["corpus-id"], q["score"]) for q in qrels))

    # MIRIAD's split layout (tomaarsen/miriad-4.4M-split): parquet shards of question/passage_text rows, test and train.
    qa = rows(os.path.join(DATA, "evalbench-qa/qa_passages.jsonl"))
    repo = "datasets/evalbench/miriad-split"
    write(repo, "README.md", "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n"
          "  - split: test\n    path: data/test-*\n---\n# MIRIAD-style fixture\n")
    shards = {"test-00000-of-00001": qa[:60], "train-00000-of-00002": qa[60:120], "train-00001-of-00002": qa[120:]}
    for name, part in shards.items():
        table = pa.table({"question": [r["question"] for r in part], "passage_text": [r["passage_text"] for r in part]})
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd", row_group_size=16)
        write(repo, f"data/{name}.parquet", buffer.getvalue())

    # A gated sentence-transformers model, with pickled weights beside the safetensors that must never be fetched.
    model = os.path.join(ROOT, "Tests/EvalBenchCoreTests/Fixtures/tiny-dot-bert/model")
    for base, _, names in os.walk(model):
        for name in names:
            path = os.path.relpath(os.path.join(base, name), model)
            with open(os.path.join(base, name), "rb") as f:
                write("models/evalbench/tiny-gated", path, f.read())
    write("models/evalbench/tiny-gated", "pytorch_model.bin", b"pickled weights evalbench must not download")
    write("models/evalbench/tiny-gated", "onnx/model.onnx", b"an ONNX export evalbench must not download")

    hub = {"repos": [
        {"type": "dataset", "id": "mteb/stsbenchmark-sts", "commit": STSB_REVISION},
        {"type": "dataset", "id": "evalbench/dropped", "commit": "1" * 40, "drop_first": ["test.jsonl.gz"]},
        {"type": "dataset", "id": "evalbench/wrong-size", "commit": "2" * 40, "wrong_size": ["test.jsonl.gz"]},
        {"type": "dataset", "id": "evalbench/beir-configs", "commit": "3" * 40},
        {"type": "dataset", "id": "evalbench/miriad-split", "commit": "5" * 40},
        {"type": "model", "id": "evalbench/tiny-gated", "commit": "4" * 40, "gated_token": "hf_evalbench_fixture"},
    ]}
    write("", "hub.json", json.dumps(hub, indent=1) + "\n")


if __name__ == "__main__":
    main()
