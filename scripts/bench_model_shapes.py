#!/usr/bin/env python3
"""Real-size readiness of the native encoder on models too large to keep as fixtures (a benchmark, not a test).

Builds, once per shape, a sentence-transformers folder with a real model's exact shapes and random weights, saved as
BF16 safetensors (as the real models ship) so the encoder widens to f32 at load:
  --shape gemma   EmbeddingGemma-300m: Gemma3TextModel, 24 layers, hidden 768, 3 query heads over 1 KV head of 256,
                  MLP 1152, 262,144-token vocabulary, sliding window 512 on 5 of every 6 layers; mean pooling,
                  Dense 768->3072->768, Normalize
  --shape qwen3   Qwen3-Embedding-0.6B: Qwen3Model, 28 layers, hidden 1024, 16 query heads over 8 KV heads of 128,
                  MLP 3072, 151,669-token vocabulary, causal; last-token pooling, Normalize
The tokenizer is the tiny one of the matching test fixture: the shapes, not the vocabulary, are what is measured.

Then runs `evalbench embed` on texts of 128 and 2048 tokens under /usr/bin/time and prints tokens/s and
peak resident memory. With --peer, sentence-transformers on PyTorch encodes the same texts in the same
run and the ratio and the peer's peak memory (its own process, under /usr/bin/time) are printed.

    python3 scripts/bench_model_shapes.py --shape qwen3 --evalbench .build/release/evalbench [--threads 2] [--peer]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "EncodersTests", "Fixtures")

EMBEDDINGGEMMA = dict(
    vocab_size=262144, hidden_size=768, intermediate_size=1152, num_hidden_layers=24, num_attention_heads=3,
    num_key_value_heads=1, head_dim=256, query_pre_attn_scalar=256, sliding_window=512, max_position_embeddings=2048,
    rms_norm_eps=1e-6, hidden_activation="gelu_pytorch_tanh", use_bidirectional_attention=True,
    layer_types=["full_attention" if (i + 1) % 6 == 0 else "sliding_attention" for i in range(24)],
    rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                     "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}},
    pad_token_id=0, eos_token_id=1, bos_token_id=2)

QWEN3_EMBEDDING = dict(
    vocab_size=151669, hidden_size=1024, intermediate_size=3072, num_hidden_layers=28, num_attention_heads=16,
    num_key_value_heads=8, head_dim=128, max_position_embeddings=32768, rms_norm_eps=1e-6, rope_theta=1000000.0,
    hidden_act="silu", attention_bias=False, tie_word_embeddings=True)


def build(shape, folder):
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Dense, Pooling
    from transformers import AutoTokenizer, Gemma3TextConfig, Gemma3TextModel, Qwen3Config, Qwen3Model

    torch.manual_seed(0)
    work = tempfile.mkdtemp()
    tiny = os.path.join(FIXTURES, "gemma-h64" if shape == "gemma" else "qwen3")
    if shape == "gemma":
        model = Gemma3TextModel(Gemma3TextConfig(**EMBEDDINGGEMMA))
        width, pooling = 768, Pooling(768, pooling_mode="mean", include_prompt=True)
        heads = [Dense(768, 3072, bias=False, activation_function=torch.nn.Identity()),
                 Dense(3072, 768, bias=False, activation_function=torch.nn.Identity())]
    else:
        model = Qwen3Model(Qwen3Config(**QWEN3_EMBEDDING))
        width, pooling, heads = 1024, Pooling(1024, pooling_mode="lasttoken", include_prompt=True), []
    model.to(torch.bfloat16).eval().save_pretrained(work, safe_serialization=True)
    AutoTokenizer.from_pretrained(tiny).save_pretrained(work)
    transformer = Transformer(work, max_seq_length=2048)
    assert transformer.get_embedding_dimension() == width
    st = SentenceTransformer(modules=[transformer, pooling, *heads, Normalize()], device="cpu")
    st.save(folder, safe_serialization=True)
    for name in ("tokenizer.model",):
        if os.path.exists(os.path.join(tiny, name)):
            shutil.copy(os.path.join(tiny, name), os.path.join(folder, name))
    shutil.rmtree(work)


def texts_of(folder, tokens, count):
    """Texts that the folder's (tiny) tokenizer turns into exactly `tokens` ids, template included."""
    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(folder)
    length = lambda text: len(tokenizer(text)["input_ids"])
    words = "sailors mend nets at dusk while lanterns flicker across the quiet harbour".split()
    out = []
    for i in range(count):
        text = ""
        while length(text) < tokens:
            text += words[(i + len(text)) % len(words)] + " "
        while length(text) > tokens:
            text = text[:-1]
        assert length(text) == tokens, (tokens, length(text))
        out.append(text)
    return out


def timed(command):
    """Runs `command` under /usr/bin/time -v: its output and its peak resident memory in GiB."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return result.stdout + result.stderr, peak_kb / 1024 / 1024


def run_native(evalbench, folder, path, threads):
    output, peak = timed([evalbench, "embed", "--model", folder, "--input", path, "--field", "text", "--output", path + ".npy",
                          "--threads", str(threads)])
    return float(re.search(r"in ([0-9.]+) s", output).group(1)), peak


def run_peer(folder, path, threads, batch_size):
    """sentence-transformers on PyTorch in a process of its own (this script with --peer-run), so its memory is its own."""
    output, peak = timed([sys.executable, os.path.abspath(__file__), "--peer-run", folder, path, str(threads), str(batch_size)])
    return float(re.search(r"peer seconds ([0-9.]+)", output).group(1)), peak


def peer_run(folder, path, threads, batch_size):
    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(threads)
    with open(path) as f:
        texts = [json.loads(line)["text"] for line in f]
    st = SentenceTransformer(folder, device="cpu", model_kwargs={"torch_dtype": torch.float32})
    st.encode(texts[:1])
    start = time.perf_counter()
    st.encode(texts, batch_size=batch_size)
    print(f"peer seconds {time.perf_counter() - start}")


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--peer-run":
        return peer_run(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", choices=["gemma", "qwen3"], default="gemma")
    parser.add_argument("--evalbench", default=".build/release/evalbench")
    parser.add_argument("--folder", help="where the random model is built (default ~/.cache/evalbench/SHAPE-shaped-random)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--peer", action="store_true", help="also encode with sentence-transformers on PyTorch")
    args = parser.parse_args()
    args.folder = args.folder or os.path.expanduser(f"~/.cache/evalbench/{args.shape}-shaped-random")
    if not os.path.exists(os.path.join(args.folder, "modules.json")):
        print(f"building the {args.shape}-shaped model in {args.folder}")
        build(args.shape, args.folder)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.folder) for f in fs if f.endswith(".safetensors"))
    print(f"weights on disk: {size / 2**20:.0f} MiB (BF16)")
    work = tempfile.mkdtemp()
    for tokens, count in [(128, 64), (2048, 8)]:
        texts = texts_of(args.folder, tokens, count)
        path = os.path.join(work, f"texts-{tokens}.jsonl")
        with open(path, "w") as f:
            f.writelines(json.dumps({"text": t}) + "\n" for t in texts)
        seconds, peak = run_native(args.evalbench, args.folder, path, args.threads)
        line = f"{tokens:>5} tokens x {count}: native {count * tokens / seconds:8.0f} tokens/s, peak memory {peak:.2f} GiB"
        if args.peer:
            peer_seconds, peer_peak = run_peer(args.folder, path, args.threads, max(1, 8192 // tokens))
            line += (f"; PyTorch {count * tokens / peer_seconds:8.0f} tokens/s, peak memory {peer_peak:.2f} GiB; "
                     f"ratio {peer_seconds / seconds:.2f}x")
        print(line, flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
