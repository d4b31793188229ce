#!/usr/bin/env python3
"""The PyTorch peer of `evalbench bench`: times sentence-transformers on CPU over the same texts and prints
one JSON line {backend, threads, texts, tokens, seconds, texts_per_s, tokens_per_s}. Logs go to stderr.

    python3 scripts/bench_sentence_transformers.py --model DIR --input texts.txt --threads 2 --batch-size 32
"""
import argparse
import json
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True, help="one text per line, UTF-8")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    torch.set_num_threads(args.threads)
    from sentence_transformers import SentenceTransformer

    with open(args.input, encoding="utf-8") as f:
        texts = f.read().split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    model = SentenceTransformer(args.model, device="cpu")
    tokens = sum(int(m.sum()) for m in (model.tokenize([t])["attention_mask"] for t in texts))
    with torch.inference_mode():
        model.encode(texts[:64], batch_size=args.batch_size, show_progress_bar=False)
        start = time.perf_counter()
        model.encode(texts, batch_size=args.batch_size, show_progress_bar=False)
        seconds = time.perf_counter() - start
    print(json.dumps({
        "backend": f"sentence-transformers {__import__('sentence_transformers').__version__} (PyTorch {torch.__version__} CPU)",
        "threads": args.threads, "texts": len(texts), "tokens": tokens, "seconds": seconds,
        "texts_per_s": len(texts) / seconds, "tokens_per_s": tokens / seconds,
    }))


if __name__ == "__main__":
    sys.exit(main())
