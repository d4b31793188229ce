#!/usr/bin/env python3
"""Real-size readiness of the native EmbeddingGemma encoder (a benchmark, not a test).

Builds, once, a sentence-transformers folder with EmbeddingGemma-300m's exact shapes and random weights
(Gemma3TextModel from its config: 24 layers, hidden 768, 3 query heads over 1 KV head of 256, MLP 1152,
262,144-token vocabulary, sliding window 512 on 5 of every 6 layers; Dense 768->3072->768), saved as BF16
safetensors (as Google ships it) so the encoder widens to f32 at load. The tokenizer is the tiny
SentencePiece model of the test fixtures: the shapes, not the vocabulary, are what is measured.

Then runs `evalbench embed` on texts of 128 and 2048 tokens under /usr/bin/time and prints tokens/s and
peak resident memory. With --peer, sentence-transformers on PyTorch encodes the same texts in the same
run and the ratio is printed.

    python3 scripts/bench_gemma_shapes.py --evalbench .build/release/evalbench [--threads 2] [--peer]
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
TINY = os.path.join(HERE, "..", "Tests", "EncodersTests", "Fixtures", "gemma-h64")

EMBEDDINGGEMMA = dict(
    vocab_size=262144, hidden_size=768, intermediate_size=1152, num_hidden_layers=24, num_attention_heads=3,
    num_key_value_heads=1, head_dim=256, query_pre_attn_scalar=256, sliding_window=512, max_position_embeddings=2048,
    rms_norm_eps=1e-6, hidden_activation="gelu_pytorch_tanh", use_bidirectional_attention=True,
    layer_types=["full_attention" if (i + 1) % 6 == 0 else "sliding_attention" for i in range(24)],
    rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                     "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}},
    pad_token_id=0, eos_token_id=1, bos_token_id=2)


def build(folder):
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import AutoTokenizer, Gemma3TextConfig, Gemma3TextModel

    torch.manual_seed(0)
    work = tempfile.mkdtemp()
    model = Gemma3TextModel(Gemma3TextConfig(**EMBEDDINGGEMMA)).to(torch.bfloat16).eval()
    model.save_pretrained(work, safe_serialization=True)
    AutoTokenizer.from_pretrained(TINY).save_pretrained(work)
    transformer = models.Transformer(work, max_seq_length=2048)
    dense_up = models.Dense(768, 3072, bias=False, activation_function=torch.nn.Identity())
    dense_down = models.Dense(3072, 768, bias=False, activation_function=torch.nn.Identity())
    st = SentenceTransformer(modules=[transformer, models.Pooling(768, pooling_mode="mean", include_prompt=True),
                                      dense_up, dense_down, models.Normalize()], device="cpu")
    st.save(folder, safe_serialization=True)
    shutil.copy(os.path.join(TINY, "tokenizer.model"), os.path.join(folder, "tokenizer.model"))
    shutil.rmtree(work)


def texts_of(tokens, count):
    """Texts that the tiny tokenizer turns into exactly `tokens` ids with <bos> and <eos>."""
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=os.path.join(TINY, "tokenizer.model"))
    words = "sailors mend nets at dusk while lanterns flicker across the quiet harbour".split()
    out = []
    for i in range(count):
        text = ""
        while len(sp.encode(text)) < tokens - 2:
            text += words[(i + len(text)) % len(words)] + " "
        while len(sp.encode(text)) > tokens - 2:
            text = text[:-1]
        assert len(sp.encode(text)) == tokens - 2, (tokens, len(sp.encode(text)))
        out.append(text)
    return out


def run_native(evalbench, folder, path, threads):
    result = subprocess.run(["/usr/bin/time", "-v", evalbench, "embed", "--model", folder, "--input", path, "--field", "text",
                             "--output", path + ".npy", "--threads", str(threads)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    seconds = float(re.search(r"in ([0-9.]+) s", result.stdout + result.stderr).group(1))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak_kb / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evalbench", default=".build/release/evalbench")
    parser.add_argument("--folder", default=os.path.expanduser("~/.cache/evalbench/embeddinggemma-shaped-random"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--peer", action="store_true", help="also encode with sentence-transformers on PyTorch")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.folder, "modules.json")):
        print(f"building the EmbeddingGemma-shaped model in {args.folder}")
        build(args.folder)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.folder) for f in fs if f.endswith(".safetensors"))
    print(f"weights on disk: {size / 2**20:.0f} MiB (BF16)")
    work = tempfile.mkdtemp()
    for tokens, count in [(128, 64), (2048, 8)]:
        texts = texts_of(tokens, count)
        path = os.path.join(work, f"texts-{tokens}.jsonl")
        with open(path, "w") as f:
            f.writelines(json.dumps({"text": t}) + "\n" for t in texts)
        seconds, peak = run_native(args.evalbench, args.folder, path, args.threads)
        line = f"{tokens:>5} tokens x {count}: native {count * tokens / seconds:8.0f} tokens/s, peak memory {peak:.2f} GiB"
        if args.peer:
            import torch
            from sentence_transformers import SentenceTransformer
            torch.set_num_threads(args.threads)
            st = SentenceTransformer(args.folder, device="cpu", model_kwargs={"torch_dtype": torch.float32})
            st.encode(texts[:1])
            start = time.perf_counter()
            st.encode(texts, batch_size=max(1, 8192 // tokens))
            peer = count * tokens / (time.perf_counter() - start)
            line += f"; PyTorch {peer:8.0f} tokens/s; ratio {count * tokens / seconds / peer:.2f}x"
        print(line, flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
