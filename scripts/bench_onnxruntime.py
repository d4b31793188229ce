#!/usr/bin/env python3
"""The ONNX Runtime peer of `evalbench bench`: times the model exported to ONNX, f32 or int8, over the same texts.

Prints exactly one JSON line to stdout:
  {"backend": "ONNX Runtime 1.xx fp32", "threads": N, "texts": n, "tokens": t, "seconds": s,
   "texts_per_s": ..., "tokens_per_s": ..., "dimension": d}
Everything else (library logs, export progress) goes to stderr.

The sentence-transformers folder's Transformer module is exported with torch.onnx.export (inputs input_ids,
attention_mask and token_type_ids when the model takes them; batch and sequence axes dynamic; output
last_hidden_state) into --cache-dir, keyed by the weights file's path, size and modification time, and
quantized there with onnxruntime's quantize_dynamic (int8 weights, one scale per output channel; activations
quantized at run time). A later run with the same weights file reuses both.

The input is read as scripts/bench_sentence_transformers.py reads it, and tokens are counted the same way.
The timed region covers what model.encode does: texts sorted by length (longest first, as sentence-transformers
sorts them), batches of --batch-size tokenized by the model's fast tokenizer (truncated to its max sequence
length, padded to the longest in the batch), the ONNX Runtime session on --threads threads, the folder's pooling
(mean, cls or max) and L2 normalisation when the folder has a Normalize module. It follows a warm-up over the
first 64 texts.

    python3 scripts/bench_onnxruntime.py --model DIR --input texts.txt --variant int8 --threads 2 --batch-size 32
"""
import argparse
import contextlib
import hashlib
import inspect
import json
import os
import shutil
import sys
import tempfile
import time

from bench_sentence_transformers import read_texts, write_embeddings


def weights_file(folder):
    """The Transformer module's weights file in a sentence-transformers folder."""
    with open(os.path.join(folder, "modules.json"), encoding="utf-8") as f:
        modules = json.load(f)
    path = next((m["path"] for m in modules if m["type"].endswith("Transformer")), "")
    for name in ("model.safetensors", "pytorch_model.bin"):
        candidate = os.path.join(folder, path, name)
        if os.path.exists(candidate):
            return candidate
    sys.exit(f"no model.safetensors or pytorch_model.bin in {os.path.join(folder, path)}")


def export(model, onnx_path):
    """The Transformer module's Hugging Face model as ONNX: token ids in, last_hidden_state out."""
    import torch

    hf_model = model[0].auto_model
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in inspect.signature(hf_model.forward).parameters:
        names.append("token_type_ids")

    class LastHiddenState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = hf_model

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            extra = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
            return self.model(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state

    features = model.tokenizer(["an example sentence to trace", "a second, longer example sentence to trace with"],
                               padding=True, return_tensors="pt")
    axes = {0: torch.export.Dim("batch"), 1: torch.export.Dim("sequence")}
    torch.onnx.export(LastHiddenState().eval(), tuple(features[name] for name in names), onnx_path,
                      input_names=names, output_names=["last_hidden_state"],
                      dynamic_shapes={name: axes for name in names})


def cached_models(model, folder, cache_dir):
    """The f32 and int8 ONNX files for this folder's weights, exported and quantized on first use."""
    weights = os.path.realpath(weights_file(folder))
    stat = os.stat(weights)
    key = hashlib.sha256(f"{weights}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = os.path.join(cache_dir, key)
    if not os.path.exists(os.path.join(target, "model.int8.onnx")):
        from onnxruntime.quantization import QuantType, quantize_dynamic

        os.makedirs(cache_dir, exist_ok=True)
        work = tempfile.mkdtemp(prefix=f"{key}.", dir=cache_dir)
        try:
            print(f"exporting {weights} to ONNX in {target}", file=sys.stderr)
            export(model, os.path.join(work, "model.onnx"))
            quantize_dynamic(os.path.join(work, "model.onnx"), os.path.join(work, "model.int8.onnx"),
                             per_channel=True, weight_type=QuantType.QInt8)
            with open(os.path.join(work, "source.json"), "w", encoding="utf-8") as f:
                json.dump({"weights": weights, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}, f)
            shutil.rmtree(target, ignore_errors=True)
            os.rename(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return os.path.join(target, "model.onnx"), os.path.join(target, "model.int8.onnx")


def pooler(model):
    """The folder's pooling and normalisation, in NumPy, from last_hidden_state and the attention mask."""
    import numpy as np

    kinds = [type(module).__name__ for module in model]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        sys.exit(f"the ONNX peer handles Transformer, Pooling and Normalize modules only, not {kinds}")
    mode = model[1].pooling_mode
    modes = (mode,) if isinstance(mode, str) else tuple(mode)
    if not set(modes) <= {"mean", "cls", "max"}:
        sys.exit(f"the ONNX peer handles mean, cls and max pooling, not {mode}")
    normalize = kinds[-1] == "Normalize"

    def pool(hidden, mask):
        mask = mask[..., None].astype(hidden.dtype)
        parts = []
        for mode in modes:
            if mode == "mean":
                parts.append((hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9))
            elif mode == "cls":
                parts.append(hidden[:, 0])
            else:
                parts.append(np.where(mask > 0, hidden, -1e9).max(axis=1))
        pooled = np.concatenate(parts, axis=1)
        if normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled

    return pool


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="sentence-transformers folder (or a Hugging Face id in the local cache)")
    parser.add_argument("--input", required=True, help="one text per line, UTF-8")
    parser.add_argument("--variant", choices=["fp32", "int8"], default="fp32")
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime intra-op threads (default 1)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cache-dir", default=".build/onnx", help="where exported models are kept (default .build/onnx)")
    parser.add_argument("--embeddings-out", help="write the timed run's embeddings here: float32 little-endian, texts × dimension")
    args = parser.parse_args()
    if args.threads < 1 or args.batch_size < 1:
        parser.error("--threads and --batch-size must be positive")

    # Before torch, onnxruntime and tokenizers are imported: no network, and no thread pools wider than --threads.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ[name] = str(args.threads)

    texts = read_texts(args.input)
    if not texts:
        parser.error(f"{args.input} holds no texts")

    # Keep stdout for the single JSON line: anything a library prints goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        import numpy as np
        import onnxruntime as ort
        import torch
        torch.set_num_threads(args.threads)
        from huggingface_hub import snapshot_download
        from sentence_transformers import SentenceTransformer

        folder = args.model if os.path.isdir(args.model) else snapshot_download(args.model, local_files_only=True)
        model = SentenceTransformer(folder, device="cpu")
        pool = pooler(model)
        fp32_path, int8_path = cached_models(model, folder, args.cache_dir)

        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        session = ort.InferenceSession(fp32_path if args.variant == "fp32" else int8_path, options,
                                       providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        tokenizer, max_len = model.tokenizer, model.max_seq_length

        def encode(texts):
            order = np.argsort([-len(text) for text in texts])
            out = None
            for start in range(0, len(texts), args.batch_size):
                rows = order[start:start + args.batch_size]
                features = tokenizer([texts[i] for i in rows], padding=True, truncation=True, max_length=max_len,
                                     return_tensors="np")
                feed = {name: features[name].astype(np.int64) for name in names}
                pooled = pool(session.run(None, feed)[0], features["attention_mask"])
                if out is None:
                    out = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
                out[rows] = pooled
            return out

        tokens = sum(len(ids) for ids in tokenizer(texts, truncation=True, max_length=max_len)["input_ids"])
        backend = f"ONNX Runtime {ort.__version__} " + ("fp32" if args.variant == "fp32" else "int8 (dynamic, per-channel)")
        print(f"{len(texts)} texts, {tokens} tokens (max {max_len}), {args.threads} threads, batch size "
              f"{args.batch_size}, {backend}", file=sys.stderr)

        encode(texts[:64])
        start = time.perf_counter()
        embeddings = encode(texts)
        seconds = time.perf_counter() - start
        if args.embeddings_out:
            write_embeddings(embeddings, args.embeddings_out)

    print(json.dumps({
        "backend": backend,
        "threads": args.threads,
        "texts": len(texts),
        "tokens": tokens,
        "seconds": seconds,
        "texts_per_s": len(texts) / seconds,
        "tokens_per_s": tokens / seconds,
        "dimension": embeddings.shape[1],
    }), flush=True)


if __name__ == "__main__":
    main()
