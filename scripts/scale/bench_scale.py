#!/usr/bin/env python3
"""The scale benchmark: a synthetic corpus of N passages (1M by default) with one planted relevant passage per query,
encoded through a fleet of stand-in servers (hash_embedding_server.py) and evaluated by `evalbench run
--stream-corpus` at 384 dimensions in float32, int8 and binary (rescored).

    python3 scripts/scale/bench_scale.py [--passages 1000000] [--queries 1000] [--replicas 2] [--check 100]
        [--evalbench .build/release/evalbench] [--work .build/scale]

It prints the corpus size, the encoding rate (fleet and per replica), search seconds per 1,000 queries per precision,
evalbench's peak resident memory (/usr/bin/time), a brute-force check of the float32 ranking (numpy recomputes the
stand-in embeddings and, for --check queries, the rank of the relevant passage among all N, which must equal the rank
evalbench's per-query detail gives), and what MIRIAD's 4.4M passages at 768 dimensions would take at these rates.
Needs numpy. The stand-in is a hashed bag of words, not a language model: the scores measure the machinery.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hash_embedding import BUCKETS, HashEmbedding  # noqa: E402

MIRIAD_PASSAGES = 4_400_000


def generate(folder, passages, queries, seed=7):
    """A BEIR task folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) and its task file; kept when already there."""
    data = os.path.join(folder, "data", "scale")
    marker = os.path.join(data, f".done-{passages}-{queries}")
    if os.path.exists(marker):
        return
    os.makedirs(os.path.join(data, "qrels"), exist_ok=True)
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocabulary = sorted({"".join(rng.choice(letters, size=rng.integers(3, 10))) for _ in range(60_000)})
    lengths = rng.integers(30, 61, size=passages)
    words = (rng.pareto(1.2, size=int(lengths.sum())) * 40).astype(np.int64) % len(vocabulary)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    planted = {(j * 7919 + 13) % passages: f"q{j}" for j in range(queries)}
    with open(os.path.join(data, "corpus.jsonl"), "w") as corpus, open(os.path.join(data, "queries.jsonl"), "w") as qs, \
            open(os.path.join(data, "qrels", "test.tsv"), "w") as qrels:
        qrels.write("query-id\tcorpus-id\tscore\n")
        for i in range(passages):
            text = [vocabulary[w] for w in words[offsets[i]:offsets[i + 1]]]
            corpus.write(json.dumps({"_id": f"p{i}", "title": "", "text": " ".join(text)}) + "\n")
            if i in planted:
                distinct = sorted(set(text))
                chosen = rng.choice(len(distinct), size=min(8, len(distinct)), replace=False)
                qs.write(json.dumps({"_id": planted[i], "text": " ".join(distinct[c] for c in chosen)}) + "\n")
                qrels.write(f"{planted[i]}\tp{i}\t1\n")
    with open(os.path.join(folder, "ScaleCorpus.json"), "w") as task:
        json.dump({"name": "ScaleCorpus", "type": "Retrieval", "description": "synthetic corpus of the scale benchmark",
                   "data": {"path": "data/scale"}, "format": "beir", "splits": ["test"], "main_score": "ndcg_at_10"}, task)
    open(marker, "w").close()


def start_servers(count, dimension):
    servers = []
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hash_embedding_server.py")
    for _ in range(count):
        process = subprocess.Popen([sys.executable, script, "--dimension", str(dimension)], stdout=subprocess.PIPE, text=True)
        servers.append((process, f"http://127.0.0.1:{int(process.stdout.readline())}"))
    return servers


def results(folder):
    """precision → (result file, its detail) of the run's ScaleCorpus results."""
    found = {}
    for path in glob.glob(os.path.join(folder, "**", "ScaleCorpus.json"), recursive=True):
        if "/details/" in path:
            continue
        result = json.load(open(path))
        detail = json.load(open(os.path.join(os.path.dirname(path), "details", "ScaleCorpus.json")))
        found[result["evalbench"]["precision"]] = (result, detail)
    return found


def brute_force_ranks(folder, check_ids, dimension):
    """For each checked query: the relevant passage's rank among all passages by float64 dot products of the
    stand-in's float32 vectors (ties to the larger id, as trec_eval), and the smallest score gap to a passage on the
    other side of it."""
    data = os.path.join(folder, "data", "scale")
    model = HashEmbedding(dimension)
    queries = {row["_id"]: row["text"] for row in map(json.loads, open(os.path.join(data, "queries.jsonl")))}
    relevant = dict(line.split("\t")[:2] for line in list(open(os.path.join(data, "qrels", "test.tsv")))[1:])
    q = np.stack([model.embed(queries[qid]) for qid in check_ids]).astype(np.float64)
    ids, scores = [], []
    chunk = []

    def flush():
        # Each passage's vector exactly as the server computes it (float64 sum of its rows, normalised, float32).
        vectors = np.stack([model.embed(text) for text in chunk]).astype(np.float64)
        scores.append(vectors @ q.T)
        chunk.clear()

    for line in open(os.path.join(data, "corpus.jsonl")):
        row = json.loads(line)
        ids.append(row["_id"])
        chunk.append(row["text"])
        if len(chunk) == 20_000:
            flush()
    if chunk:
        flush()
    scores = np.concatenate(scores)
    position = {pid: i for i, pid in enumerate(ids)}
    ranks, gaps = [], []
    for c, qid in enumerate(check_ids):
        column, target = scores[:, c], position[relevant[qid]]
        s = column[target]
        above = (column > s).sum() + sum(1 for i in np.flatnonzero(column == s) if ids[i] > ids[target])
        ranks.append(int(above) + 1)
        others = np.delete(column, target)
        gaps.append(float(np.min(np.abs(others - s))))
    return ranks, gaps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--check", type=int, default=100, help="queries checked against brute force")
    parser.add_argument("--evalbench", default=".build/release/evalbench")
    parser.add_argument("--work", default=".build/scale")
    args = parser.parse_args()

    tasks = os.path.join(args.work, f"tasks-{args.passages}")
    started = time.time()
    generate(tasks, args.passages, args.queries)
    corpus_bytes = os.path.getsize(os.path.join(tasks, "data", "scale", "corpus.jsonl"))
    print(f"corpus: {args.passages} passages, {corpus_bytes / 1e6:.0f} MB, {args.queries} queries ({time.time() - started:.0f} s to generate)")

    servers = start_servers(args.replicas, args.dimension)
    output = os.path.join(args.work, f"results-{args.passages}")
    subprocess.run(["rm", "-rf", output], check=True)
    command = ["/usr/bin/time", "-v", args.evalbench, "run", "--backend", "openai:" + ",".join(url for _, url in servers),
               "--model", f"hash-{args.dimension}", "--tasks-dir", tasks, "--task", "ScaleCorpus", "--stream-corpus", "--no-cache",
               "--dims", str(args.dimension), "--precision", "float32,int8,binary", "--rescore", "--request-batch", "256",
               "--max-in-flight", "2", "--quiet", "--output", output]
    started = time.time()
    run = subprocess.run(command, capture_output=True, text=True)
    wall = time.time() - started
    for process, _ in servers:
        process.kill()
    if run.returncode != 0:
        sys.exit(f"evalbench failed ({run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    found = results(output)
    float32, _ = found["float32"]
    encoded, encoding = float32["evalbench"]["encoded_texts"], float32["evalbench"]["encoding_time"]
    rate = encoded / encoding
    print(f"evalbench: {wall:.0f} s in all, peak RSS {peak_kb / 1048576:.2f} GiB")
    print(f"encoding: {encoded} texts in {encoding:.0f} s through {args.replicas} replicas = {rate:.0f} texts/s")
    for line in run.stdout.splitlines():
        if line.startswith("http://"):
            print("  replica " + line)
    search = {}
    for precision in ("float32", "int8", "binary"):
        result, _ = found[precision]
        seconds = result["evaluation_time"]
        search[precision] = seconds * 1000 / args.queries
        print(f"search {precision:8}: {seconds:.1f} s for {args.queries} queries = {search[precision]:.1f} s per 1,000 queries, "
              f"nDCG@10 {result['scores']['test'][0]['ndcg_at_10']:.4f}")

    # Brute force: the relevant passage's rank among all N, against evalbench's per-query reciprocal rank at 1000.
    _, detail = found["float32"]
    check_ids = sorted(detail["per_query"])[: args.check]
    started = time.time()
    ranks, gaps = brute_force_ranks(tasks, check_ids, args.dimension)
    agree, explained = 0, 0
    for qid, rank, gap in zip(check_ids, ranks, gaps):
        reciprocal = detail["per_query"][qid]["mrr_at_1000"]
        theirs = round(1 / reciprocal) if reciprocal > 0 else None
        mine = rank if rank <= 1000 else None
        if theirs == mine:
            agree += 1
        elif gap < 1e-5:
            explained += 1  # a float32 near-tie: scores closer than float32 resolves
        else:
            print(f"  MISMATCH {qid}: evalbench rank {theirs}, brute force {mine} (gap {gap:.2e})")
    print(f"brute force ({time.time() - started:.0f} s): {agree}/{len(check_ids)} queries rank their relevant passage exactly as "
          f"evalbench does" + (f", {explained} differ only at float32 near-ties" if explained else ""))

    # MIRIAD at 768 dimensions: search grows with passages × dimensions, the stored file with both, memory with the
    # corpus-sized parts (ids, their set) while blocks stay the same number of rows.
    factor = MIRIAD_PASSAGES / args.passages * 768 / args.dimension
    print(f"MIRIAD (4.4M passages, 768 dims) at these rates: float32 search {search['float32'] * factor:.0f} s per 1,000 queries, "
          f"int8 {search['int8'] * factor:.0f} s, binary {search['binary'] * factor:.0f} s; embeddings file "
          f"{MIRIAD_PASSAGES * 768 * 4 / 2**30:.1f} GiB on disk; peak RSS at most "
          f"{peak_kb / 1048576 * max(MIRIAD_PASSAGES / args.passages, 768 / args.dimension):.1f} GiB (every part of this run's "
          f"scaled by the larger of the passage and dimension factors); encoding {MIRIAD_PASSAGES / rate / 3600:.1f} h at this stand-in's "
          f"{rate:.0f} texts/s (a real model's rate per replica × replicas decides it)")
    sys.exit(0 if agree + explained == len(check_ids) and peak_kb <= 4 * 1048576 else 1)


if __name__ == "__main__":
    main()
