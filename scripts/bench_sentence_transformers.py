#!/usr/bin/env python3
"""The PyTorch peer of `evalbench bench`: times sentence-transformers on the CPU over the same texts.

Prints exactly one JSON line to stdout:
  {"backend": "sentence-transformers (PyTorch CPU)", "threads": N, "texts": n, "tokens": t, "seconds": s,
   "texts_per_s": ..., "tokens_per_s": ..., "dimension": d}
Everything else (library logs, progress) goes to stderr.

The input holds one text per line, UTF-8. Each line is one text exactly as written: the file is split on
"\\n" only (a "\\r" or other line-breaking character inside a line stays part of the text, and no
unescaping is done); a final newline does not add an empty text. Tokens are counted with the model's
tokenizer after truncation to the max sequence length, [CLS] and [SEP] included, no padding. The timed
call is model.encode(texts, batch_size=B) after a warm-up encode of the first 64 texts; --embeddings-out writes
what it returned, in input order, as raw little-endian float32 (texts × dimension), for `bench` to compare.

    python3 scripts/bench_sentence_transformers.py --model DIR --input texts.txt --threads 2 --batch-size 32
"""
import argparse
import contextlib
import json
import os
import sys
import time

BACKEND = "sentence-transformers (PyTorch CPU)"


def read_texts(path):
    with open(path, encoding="utf-8", newline="") as f:
        texts = f.read().split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    return texts


def write_embeddings(embeddings, path):
    """Rows of float32, little-endian, no header: what `evalbench bench` reads back."""
    import numpy as np
    np.ascontiguousarray(embeddings, dtype="<f4").tofile(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="sentence-transformers folder (or a Hugging Face id in the local cache)")
    parser.add_argument("--input", required=True, help="one text per line, UTF-8")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-seq-length", type=int, default=None, help="default: the model's own (256 for MiniLM)")
    parser.add_argument("--embeddings-out", help="write the timed run's embeddings here: float32 little-endian, texts × dimension")
    args = parser.parse_args()
    if args.threads < 1 or args.batch_size < 1 or (args.max_seq_length is not None and args.max_seq_length < 2):
        parser.error("--threads, --batch-size and --max-seq-length must be positive")

    # Before torch and tokenizers are imported: no network, and no thread pools wider than --threads
    # (OpenMP/MKL inside torch, rayon inside the Rust tokenizer that encode calls).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ[name] = str(args.threads)

    texts = read_texts(args.input)
    if not texts:
        parser.error(f"{args.input} holds no texts")

    # Keep stdout for the single JSON line: anything a library prints goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        import torch
        torch.set_num_threads(args.threads)
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(args.model, device="cpu")
        model.eval()
        if args.max_seq_length is not None:
            model.max_seq_length = args.max_seq_length
        max_len = model.max_seq_length
        tokens = sum(len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=max_len)["input_ids"])
        print(f"{len(texts)} texts, {tokens} tokens (max {max_len}), {args.threads} threads, batch size "
              f"{args.batch_size}, torch {torch.__version__}", file=sys.stderr)

        model.encode(texts[:64], batch_size=args.batch_size, show_progress_bar=False)
        start = time.perf_counter()
        embeddings = model.encode(texts, batch_size=args.batch_size, show_progress_bar=False)
        seconds = time.perf_counter() - start
        assert len(embeddings) == len(texts)
        if args.embeddings_out:
            write_embeddings(embeddings, args.embeddings_out)

    print(json.dumps({
        "backend": BACKEND,
        "threads": args.threads,
        "texts": len(texts),
        "tokens": tokens,
        "seconds": seconds,
        "texts_per_s": len(texts) / seconds,
        "tokens_per_s": tokens / seconds,
        "dimension": int(embeddings.shape[1]),
    }), flush=True)


if __name__ == "__main__":
    main()
