#!/usr/bin/env python3
"""Tiny random-weight EmbeddingGemma-architecture models and their sentence-transformers reference outputs.

Writes two complete sentence-transformers folders into --out (default Tests/EncodersTests/Fixtures), each
with reference files beside the model:
  gemma-h64/  hidden 64, 2 layers (sliding + full), query_pre_attn_scalar == head_dim, 2 query heads per KV head
  gemma-h48/  hidden 48 (sqrt(48) is not exact), 4 layers mixing sliding and full attention, 4 query heads
              over 2 KV heads, query_pre_attn_scalar (24) != head_dim (16), a sliding window of 6 that most
              test texts exceed, config written in the older form (rope_theta + rope_local_base_freq)
Each folder holds the model (Gemma3TextModel + mean pooling with the prompt + Dense + Dense + Normalize, as
EmbeddingGemma), the prompts in config_sentence_transformers.json, and:
  reference/texts.json       the test texts
  reference/token_ids.json   input ids the transformer sees (<bos> ... <eos>, truncated to max_seq_length)
  reference/embeddings.npy   model.encode(texts, batch_size=8), float32
  reference/prompted.npy     model.encode(texts, prompt_name="query", batch_size=8)
  reference/meta.json        library versions, tokenizer agreement, single-vs-batched difference

The SentencePiece model is trained here, on sentences this script makes up, with Gemma's settings: BPE,
byte fallback, digits split, no dummy prefix, whitespace kept, identity normalisation, and Gemma's special
pieces (<pad> 0, <eos> 1, <bos> 2, <unk> 3). Norm weights are drawn non-zero so that the (1 + w) RMSNorm
convention is exercised. Before writing, the script checks that libsentencepiece's ids (plus <bos>/<eos>)
equal the Hugging Face tokenizer's on every text.

    pip install -r scripts/requirements.txt sentencepiece protobuf
    python3 scripts/make_gemma_fixtures.py
"""
import argparse
import json
import os
import platform
import random
import shutil
import tempfile

import numpy as np
import sentencepiece as spm
import torch

WORDS = ("the river carries silt past an old mill while lanterns flicker across a quiet harbour at dusk sailors "
         "mend nets and children chase gulls along the pier measuring tides with notched sticks bakers fold dough "
         "before sunrise a courier cycles through fog delivering maps of valleys nobody has walked since spring "
         "glaciers retreat slowly leaving gravel ridges where foxes den beside copper beech trees").split()

EXTRA_TRAINING_LINES = [
    "港口的灯笼在黄昏时闪烁", "東京の川は静かに流れる", "서울의 골목길에는 오래된 찻집이 있다",
    "café naïve résumé über straße façade", "order 66 arrived at 10:45 on 2024-03-07",
    "tabs\tand  double  spaces   and more", "Ελληνικά και русский текст рядом",
]

# Byte fallback (emoji, rare CJK, a private-use character), digits, CJK, tabs, runs of spaces, empty text,
# texts longer than the sliding windows and than max_seq_length.
TEST_TEXTS = [
    "",
    " ",
    "the river carries silt",
    "The River Carries Silt!",
    "  leading spaces and trailing spaces  ",
    "runs    of     spaces\t\ttabs\tand\nnewlines",
    "order 66 arrived at 10:45 on 2024-03-07, invoice 3141592653",
    "港口的灯笼在黄昏时闪烁",
    "東京の川は静かに流れる and the harbour",
    "emoji 🙂🚲🌊 between words",
    "rare characters 龘 𠜎 \ue000 fall back to bytes",
    "Ελληνικά και русский текст рядом",
    "a",
    "glaciers retreat slowly leaving gravel ridges where foxes den beside copper beech trees while bakers "
    "fold dough before sunrise and a courier cycles through fog delivering maps of valleys",
    " ".join(["sailors mend nets at dusk"] * 30),
    "lanterns\u00a0flicker\u2003across\u3000the harbour",
]


def training_lines():
    rng = random.Random(20261122)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 16))) for _ in range(400)]
    return lines + EXTRA_TRAINING_LINES


def train_tokenizer(workdir):
    prefix = os.path.join(workdir, "tiny")
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()), model_prefix=prefix, vocab_size=640, model_type="bpe",
        byte_fallback=True, split_digits=True, add_dummy_prefix=False, remove_extra_whitespaces=False,
        normalization_rule_name="identity", allow_whitespace_only_pieces=True, character_coverage=1.0,
        pad_id=0, eos_id=1, bos_id=2, unk_id=3, pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>",
        unk_piece="<unk>", minloglevel=2)
    folder = os.path.join(workdir, "tokenizer")
    os.makedirs(folder)
    shutil.copy(prefix + ".model", os.path.join(folder, "tokenizer.model"))
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "GemmaTokenizer", "add_bos_token": True, "add_eos_token": True}, f)
    return folder


def build(name, out, tokenizer_folder, config_kwargs, seed, old_style_pattern=None):
    from sentence_transformers import SentenceTransformer, models
    from transformers import AutoTokenizer, Gemma3TextConfig, Gemma3TextModel

    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_folder)
    config = Gemma3TextConfig(vocab_size=len(tokenizer), use_bidirectional_attention=True, hidden_activation="gelu_pytorch_tanh",
                              rms_norm_eps=1e-6, max_position_embeddings=512, pad_token_id=0, eos_token_id=1, bos_token_id=2,
                              **config_kwargs)
    model = Gemma3TextModel(config).eval()
    with torch.no_grad():
        for parameter_name, parameter in model.named_parameters():
            if parameter_name.endswith("norm.weight"):
                parameter.copy_(torch.randn_like(parameter) * 0.3)
            else:
                parameter.copy_(torch.randn_like(parameter) * 0.2)

    folder = os.path.join(out, name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    workdir = tempfile.mkdtemp()
    model.save_pretrained(workdir, safe_serialization=True)
    tokenizer.save_pretrained(workdir)
    transformer = models.Transformer(workdir, max_seq_length=64)
    hidden = config.hidden_size
    pooling = models.Pooling(hidden, pooling_mode="mean", include_prompt=True)
    dense_up = models.Dense(hidden, 4 * hidden, bias=False, activation_function=torch.nn.Identity())
    dense_down = models.Dense(4 * hidden, hidden, bias=False, activation_function=torch.nn.Identity())
    prompts = {"query": "task: search result | query: ", "document": "title: none | text: ",
               "STS": "task: sentence similarity | query: "}
    st = SentenceTransformer(modules=[transformer, pooling, dense_up, dense_down, models.Normalize()], prompts=prompts,
                             device="cpu")
    st.save(folder, safe_serialization=True)
    # transformers 5 writes only tokenizer.json; EmbeddingGemma's folder also carries the SentencePiece model.
    shutil.copy(os.path.join(tokenizer_folder, "tokenizer.model"), os.path.join(folder, "tokenizer.model"))
    os.remove(os.path.join(folder, "README.md"))
    tokenizer_config_path = os.path.join(folder, "tokenizer_config.json")
    tokenizer_config = json.load(open(tokenizer_config_path))
    tokenizer_config.pop("vocab_file", None)  # a temporary path
    json.dump(tokenizer_config, open(tokenizer_config_path, "w"), indent=2)
    if old_style_pattern:
        # The older config form: rope_theta + rope_local_base_freq, layer types from sliding_window_pattern.
        path = os.path.join(folder, "config.json")
        saved = json.load(open(path))
        rope = saved.pop("rope_parameters")
        saved["rope_theta"] = rope["full_attention"]["rope_theta"]
        saved["rope_local_base_freq"] = rope["sliding_attention"]["rope_theta"]
        saved.pop("layer_types")
        saved.pop("_sliding_window_pattern", None)
        saved["sliding_window_pattern"] = old_style_pattern
        json.dump(saved, open(path, "w"), indent=2)
    shutil.rmtree(workdir)
    st = SentenceTransformer(folder, device="cpu")
    loaded = st[0].auto_model.config
    assert loaded.layer_types == config_kwargs["layer_types"], loaded.layer_types
    assert loaded.rope_parameters == config_kwargs["rope_parameters"], loaded.rope_parameters

    sp = spm.SentencePieceProcessor(model_file=os.path.join(folder, "tokenizer.model"))
    ids = []
    for text in TEST_TEXTS:
        hf = st.tokenizer(text, truncation=True, max_length=st.max_seq_length)["input_ids"]
        native = ([2] + sp.encode(text) + [1])
        if len(native) > st.max_seq_length:
            native = native[:st.max_seq_length - 1] + [1]
        assert hf == native, (text, hf, native)
        fed = st.preprocess([text])["input_ids"][0].tolist()
        assert fed == hf, (text, fed, hf)
        ids.append(hf)

    embeddings = st.encode(TEST_TEXTS, batch_size=8, convert_to_numpy=True).astype(np.float32)
    prompted = st.encode(TEST_TEXTS, prompt_name="query", batch_size=8, convert_to_numpy=True).astype(np.float32)
    single = np.stack([st.encode([t], convert_to_numpy=True)[0] for t in TEST_TEXTS])
    reference = os.path.join(folder, "reference")
    os.makedirs(reference)
    json.dump(TEST_TEXTS, open(os.path.join(reference, "texts.json"), "w"), indent=1)
    json.dump(ids, open(os.path.join(reference, "token_ids.json"), "w"))
    np.save(os.path.join(reference, "embeddings.npy"), embeddings)
    np.save(os.path.join(reference, "prompted.npy"), prompted)
    import sentence_transformers, transformers
    json.dump({"texts": len(TEST_TEXTS), "max_tokens": max(map(len, ids)), "max_seq_length": st.max_seq_length,
               "sliding_window": config_kwargs["sliding_window"], "layer_types": st[0].auto_model.config.layer_types,
               "max_abs_diff_single_vs_batched": float(np.abs(single - embeddings).max()),
               "sentencepiece_ids_equal_hf": True, "sentence_transformers": sentence_transformers.__version__,
               "transformers": transformers.__version__, "torch": torch.__version__, "sentencepiece": spm.__version__,
               "python": platform.python_version()},
              open(os.path.join(reference, "meta.json"), "w"), indent=2)
    print(f"{name}: {len(TEST_TEXTS)} texts, longest {max(map(len, ids))} tokens, "
          f"single vs batched {np.abs(single - embeddings).max():.2e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "EncodersTests", "Fixtures"))
    args = parser.parse_args()
    workdir = tempfile.mkdtemp()
    tokenizer_folder = train_tokenizer(workdir)
    build("gemma-h64", args.out, tokenizer_folder, dict(
        hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
        head_dim=32, query_pre_attn_scalar=32, sliding_window=12,
        layer_types=["sliding_attention", "full_attention"],
        rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                         "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}}),
        seed=1)
    build("gemma-h48", args.out, tokenizer_folder, dict(
        hidden_size=48, intermediate_size=80, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
        head_dim=16, query_pre_attn_scalar=24, sliding_window=6,
        layer_types=["sliding_attention", "sliding_attention", "full_attention", "sliding_attention"],
        rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 100.0},
                         "full_attention": {"rope_type": "default", "rope_theta": 50000.0}}),
        seed=2, old_style_pattern=3)
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
