#!/usr/bin/env python3
"""Tiny random-weight models of the encoder architectures beside Gemma and BERT, with their sentence-transformers
reference outputs.

Writes one complete sentence-transformers folder per architecture into --out (default Tests/EncodersTests/Fixtures),
each saved by SentenceTransformer.save, so the folder is what sentence-transformers writes, with the sentence-
transformers configuration (pooling, prompts, Normalize, padding side) of the real model it stands for:
  qwen3/       Qwen3Model like Qwen3-Embedding-0.6B: causal, 4 query heads over 2 KV heads (head_dim 16), q/k RMSNorm,
               rope_theta 1e6 (config.json in the Hub's form, rope_theta at the top), SwiGLU; last-token pooling with
               the prompt, Normalize; left padding; the Qwen3-Embedding prompts. Byte-level BPE with Qwen2's split
               pattern, NFC, <|endoftext|> <|im_start|> <|im_end|> after the vocabulary, and the post-processor that
               appends <|endoftext|> (as Qwen3-Embedding's tokenizer.json does), so last-token pooling reads it.
  xlm-roberta/ XLMRobertaModel like multilingual-e5-small (hidden 32): mean pooling, Normalize, "query: " and
               "passage: " prompts, position ids from padding_idx + 1 (max_position_embeddings = max_seq_length + 2). A SentencePiece
               unigram model with XLM-R's settings (nmt_nfkc, dummy prefix, no byte fallback), saved as
               sentencepiece.bpe.model, and transformers' conversion to tokenizer.json (fairseq ids: <s> 0 <pad> 1
               </s> 2 <unk> 3, SentencePiece id + 1, <mask> last). The nmt_nfkc character map makes this folder the
               largest (about 250 KB in each of the two tokenizer files).
  mpnet/       MPNetModel like all-mpnet-base-v2: mean pooling, Normalize, no prompts; WordPiece vocab.txt with
               MPNet's <s> <pad> </s> <unk> ... [UNK] ... <mask>, lower case (transformers writes a RobertaProcessing
               post-processor); 32 relative-attention buckets, texts long enough that relative distances pass the
               exact buckets (8).
  modernbert/  ModernBertModel like modernbert-embed-base: 4 layers, global attention every 3rd layer (0 and 3 global,
               1 and 2 local), local_attention 8 (most texts exceed it), global_rope_theta 160000 and local_rope_theta
               10000 (config.json in the Hub's form), GeGLU, no biases; mean pooling, Normalize, search_query /
               search_document prompts. Byte-level BPE (ByteLevel pre-tokenizer with its regex), [CLS] $A [SEP].
  nomic-bert/  NomicBertModel (transformers' native nomic_bert, no remote code) like nomic-embed-text-v1.5: rotary
               (base 1000), SwiGLU, post-norm, no biases in attention and MLP; mean pooling, Normalize, search_query /
               search_document prompts; the BERT WordPiece vocabulary below. transformers writes config.json in its
               own form (hidden_size, rope_parameters) and the weights under nomic's names (emb_ln, attn.Wqkv,
               mlp.fc11/fc12/fc2, norm1/norm2), as the Hub checkpoints have them.
  roberta/     RobertaModel like all-distilroberta-v1: mean pooling, Normalize, no prompts; byte-level BPE (ByteLevel
               pre-tokenizer with its regex), <s> <pad> </s> <unk> first and <mask> (lstrip) last, RobertaProcessing;
               positions from padding_idx + 1.
  bge/         BertModel, CLS pooling, Normalize, the "Represent this sentence ..." query prompt (bge-*-v1.5)
  e5/          BertModel, mean pooling, Normalize, "query: "/"passage: " prompts (e5-*-v2)
  gte/         BertModel, mean pooling, no Normalize, no prompts (gte-small)
bge, e5, gte and nomic-bert share one made-up WordPiece vocabulary (lower case). Every tokenizer is trained here on
sentences this script makes up. Each folder also holds:
  reference/texts.json              the test texts
  reference/token_ids.json          input ids the transformer sees for each text (template and truncation to
                                    max_seq_length applied, no padding)
  reference/prompted_token_ids.json the same with the "query" prompt prepended (folders with prompts)
  reference/embeddings.npy          model.encode(texts, batch_size=8), float32
  reference/prompted.npy            model.encode(texts, prompt_name="query", batch_size=8), float32 (with prompts)
  reference/meta.json               library versions, config facts, tokenizer agreement, single-vs-batched difference

Norm weights are drawn around 1 and biases around 0 (never exactly 1 or 0), so that the conventions are exercised.
Before writing the reference files the script loads the folder back and checks, for every text, with and without
the prompt, that the ids sentence-transformers really feeds the transformer (captured with a forward pre-hook on the
Transformer module) equal the folder's tokenizer (st.tokenizer with truncation) and the `tokenizers` library reading
the folder's tokenizer.json on its own; for xlm-roberta also that libsentencepiece's ids with the fairseq offset give
the same; that the tokenizer.json components are the expected ones; and records how far encoding one text at a time
is from the batched encoding (reference/meta.json).

    pip install -r scripts/requirements.txt
    nice -n 10 python3 scripts/make_architecture_fixtures.py
"""
import argparse
import json
import os
import platform
import random
import re
import shutil
import tempfile

import numpy as np
import torch

# ---------------------------------------------------------------------------------------------------------
# Made-up training text

WORDS = {
    "en": ("the river carries silt past an old mill while lanterns flicker across a quiet harbour at dusk sailors "
           "mend nets and children chase gulls along the pier measuring tides with notched sticks bakers fold dough "
           "before sunrise a courier cycles through fog delivering maps of valleys nobody has walked since spring "
           "glaciers retreat slowly leaving gravel ridges where foxes den beside copper beech trees search query "
           "document passage represent this sentence for searching relevant passages instruct given web retrieve "
           "that answer it's i'm we'll they've don't she'd can't you're"),
    "fr": ("le fleuve porte le limon devant un vieux moulin café naïve résumé façade élève hôpital forêt château où "
           "déjà très été crème brûlée à la carte s'il vous plaît l'eau d'été"),
    "de": "über straße müde größe schön mädchen brücke fluss hafen dämmerung kühle nächte fährt wälder",
    "es": "el río lleva limo junto a un viejo molino niño año señal mañana canción corazón pequeño",
    "el": "ο ποταμός μεταφέρει λάσπη δίπλα σε έναν παλιό μύλο ελληνικά και κείμενο θάλασσα",
    "ru": "река несёт ил мимо старой мельницы русский текст рядом туман гавань вечер",
}
CJK_PHRASES = ["港口的灯笼在黄昏时闪烁", "河流带着泥沙流过旧磨坊", "我们明天早上在图书馆门口见面", "東京の川は静かに流れる",
               "今日は雨が降っています", "ひらがなとカタカナ", "서울의 골목길에는 오래된 찻집이 있다", "강물이 오래된 방앗간을 지나 흐른다"]


def training_lines():
    rng = random.Random(20261123)
    lines = []
    for words in WORDS.values():
        words = words.split()
        for _ in range(160):
            line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
            lines.append(line.capitalize() if rng.random() < 0.3 else line)
    for _ in range(160):
        lines.append("".join(rng.choice(CJK_PHRASES) for _ in range(rng.randint(1, 3))))
    for _ in range(120):
        lines.append(f"order {rng.randint(1, 999)} arrived at {rng.randint(0, 23)}:{rng.randint(0, 59):02d} on "
                     f"20{rng.randint(10, 29)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}, invoice "
                     f"{rng.randint(10 ** 5, 10 ** 10)}.")
    lines += ["tabs\tand  double  spaces   and\nnewlines", "IT'S I'M WE'LL", "Ｆｕｌｌ ｗｉｄｔｈ １２３", "(brackets) [and] {braces}!?"]
    return lines


# ---------------------------------------------------------------------------------------------------------
# Test texts

LONG_SENTENCE = ("glaciers retreat slowly leaving gravel ridges where foxes den beside copper beech trees while bakers "
                 "fold dough before sunrise and a courier cycles through fog delivering maps of valleys")
TEST_TEXTS = [
    "",
    "   ",
    "the river carries silt past an old mill",
    "The River Carries Silt! IT'S true, I'M sure we'll see it's fine, they've said",
    "  leading and trailing spaces  ",
    "runs    of     spaces\t\ttabs\tand\nnewlines\r\n end",
    "order 66 arrived at 10:45 on 2024-03-07, invoice 3141592653",
    "港口的灯笼在黄昏时闪烁，東京の川は静かに流れる",
    "서울의 골목길에는 오래된 찻집이 있다",
    "Ελληνικά και русский текст рядом",
    "Café naïve résumé über Straße; e\u0301tude re\u0301sume\u0301 combined, ｆｕｌｌｗｉｄｔｈ ＡＢＣ１２３ and \u212bngstro\u0308m",
    "emoji 🙂🚲🌊 and rare 龘 𠜎 \ue000 characters",
    "a",
    "a literal <|im_end|> token inside, and [CLS] <s> markers",
    LONG_SENTENCE,
    " ".join(["sailors mend nets at dusk"] * 30),
]

QWEN2_SPLIT = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


# ---------------------------------------------------------------------------------------------------------
# Tokenizers

def train_qwen_tokenizer(workdir):
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import AutoTokenizer

    tokenizer = Tokenizer(models.BPE(unk_token=None, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False,
                                     byte_fallback=False))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=760, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(training_lines(), trainer)
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False)
                                  for t in ("<|endoftext|>", "<|im_start|>", "<|im_end|>")])
    eos = tokenizer.token_to_id("<|endoftext|>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="$A:0 <|endoftext|>:0", pair="$A:0 <|endoftext|>:0 $B:1 <|endoftext|>:1",
        special_tokens=[("<|endoftext|>", eos)])
    folder = os.path.join(workdir, "qwen3-tokenizer")
    os.makedirs(folder)
    tokenizer.save(os.path.join(folder, "tokenizer.json"))
    # vocab.json and merges.txt as Qwen3-Embedding's folder carries them beside tokenizer.json
    saved = json.load(open(os.path.join(folder, "tokenizer.json")))
    json.dump(saved["model"]["vocab"], open(os.path.join(folder, "vocab.json"), "w"), ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n")
        for merge in saved["model"]["merges"]:
            f.write((merge if isinstance(merge, str) else " ".join(merge)) + "\n")
    json.dump({"tokenizer_class": "Qwen2Tokenizer", "padding_side": "left", "eos_token": "<|im_end|>",
               "pad_token": "<|endoftext|>", "unk_token": None, "bos_token": None, "add_prefix_space": False,
               "errors": "replace", "split_special_tokens": False, "clean_up_tokenization_spaces": False,
               "model_max_length": 131072}, open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    return folder, AutoTokenizer.from_pretrained(folder)


def train_modernbert_tokenizer(workdir):
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import AutoTokenizer

    tokenizer = Tokenizer(models.BPE(unk_token=None, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False,
                                     byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=True, trim_offsets=True, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=2, show_progress=False,
                                  special_tokens=["<|endoftext|>", "<|padding|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(training_lines(), trainer)
    tokenizer.add_special_tokens([AddedToken("[UNK]", special=True, normalized=False),
                                  AddedToken("[CLS]", special=True, normalized=False),
                                  AddedToken("[SEP]", special=True, normalized=False),
                                  AddedToken("[PAD]", special=True, normalized=False),
                                  AddedToken("[MASK]", special=True, normalized=False, lstrip=True)])
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    folder = os.path.join(workdir, "modernbert-tokenizer")
    os.makedirs(folder)
    tokenizer.save(os.path.join(folder, "tokenizer.json"))
    json.dump({"tokenizer_class": "PreTrainedTokenizerFast", "cls_token": "[CLS]", "sep_token": "[SEP]",
               "pad_token": "[PAD]", "mask_token": "[MASK]", "unk_token": "[UNK]", "clean_up_tokenization_spaces": True,
               "model_input_names": ["input_ids", "attention_mask"], "model_max_length": 8192},
              open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    return folder, AutoTokenizer.from_pretrained(folder)


def train_roberta_tokenizer(workdir):
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import AutoTokenizer

    tokenizer = Tokenizer(models.BPE(unk_token=None, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False,
                                     byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=2, show_progress=False,
                                  special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(training_lines(), trainer)
    tokenizer.add_special_tokens([AddedToken("<mask>", special=True, normalized=False, lstrip=True)])
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True,
                                                            add_prefix_space=False)
    folder = os.path.join(workdir, "roberta-tokenizer")
    os.makedirs(folder)
    tokenizer.save(os.path.join(folder, "tokenizer.json"))
    json.dump({"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>",
               "sep_token": "</s>", "pad_token": "<pad>", "mask_token": "<mask>", "unk_token": "<unk>",
               "model_max_length": 512}, open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    return folder, AutoTokenizer.from_pretrained(folder)


def made_up_wordpiece_words():
    """WordPiece vocabulary entries (no special tokens) made from the training lines, lower case and accents stripped
    as BERT's normaliser does: every character alone and as ##c, the most frequent words, and the most frequent
    word-initial pieces and ##continuations of 2-4 characters. Built by counting rather than with tokenizers'
    WordPieceTrainer, whose ties fall differently from run to run."""
    from collections import Counter
    from tokenizers import normalizers, pre_tokenizers

    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = Counter(word for line in training_lines()
                    for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(line)))
    chars = sorted({c for word in words for c in word})
    pieces = Counter()
    for word, count in words.items():
        for n in range(2, 5):
            if len(word) > n:
                pieces[word[:n]] += count
                for start in range(1, len(word) - n + 1):
                    pieces["##" + word[start:start + n]] += count
    by_count = lambda counter: [w for w, _ in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]
    vocab = chars + ["##" + c for c in chars]
    for word in by_count(words)[:420]:
        if word not in vocab:
            vocab.append(word)
    for piece in by_count(pieces):
        if len(vocab) >= 1100:
            break
        if piece not in vocab:
            vocab.append(piece)
    return vocab


def bert_tokenizer(workdir, words):
    from transformers import AutoTokenizer
    folder = os.path.join(workdir, "bert-tokenizer")
    os.makedirs(folder)
    # BERT's order: [PAD] first, a few [unused], then [UNK] [CLS] [SEP] [MASK], then the pieces
    vocab = ["[PAD]"] + [f"[unused{i}]" for i in range(4)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words
    open(os.path.join(folder, "vocab.txt"), "w").write("\n".join(vocab) + "\n")
    json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
               "strip_accents": None, "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]",
               "pad_token": "[PAD]", "mask_token": "[MASK]", "model_max_length": 512},
              open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    return folder, AutoTokenizer.from_pretrained(folder)


def mpnet_tokenizer(workdir, words):
    from transformers import AutoTokenizer
    folder = os.path.join(workdir, "mpnet-tokenizer")
    os.makedirs(folder)
    # MPNet's vocab.txt: <s> <pad> </s> <unk>, BERT's vocabulary (with its [PAD] [UNK] ...), <mask> last
    vocab = (["<s>", "<pad>", "</s>", "<unk>", "[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words
             + ["<mask>"])
    open(os.path.join(folder, "vocab.txt"), "w").write("\n".join(vocab) + "\n")
    json.dump({"tokenizer_class": "MPNetTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
               "strip_accents": None, "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>", "sep_token": "</s>",
               "unk_token": "[UNK]", "pad_token": "<pad>", "mask_token": "<mask>", "model_max_length": 512},
              open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    return folder, AutoTokenizer.from_pretrained(folder)


def xlmr_tokenizer(workdir):
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2
    from transformers import AutoTokenizer

    prefix = os.path.join(workdir, "xlmr")
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()), model_prefix=prefix, vocab_size=700, model_type="unigram",
        normalization_rule_name="nmt_nfkc", add_dummy_prefix=True, remove_extra_whitespaces=True, byte_fallback=False,
        split_digits=False, character_coverage=1.0, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, unk_piece="<unk>",
        bos_piece="<s>", eos_piece="</s>", minloglevel=2)
    folder = os.path.join(workdir, "xlmr-tokenizer")
    os.makedirs(folder)
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(open(prefix + ".model", "rb").read())
    proto.trainer_spec.model_prefix = "sentencepiece.bpe"  # not the temporary path, so reruns write the same bytes
    open(os.path.join(folder, "sentencepiece.bpe.model"), "wb").write(proto.SerializeToString())
    json.dump({"tokenizer_class": "XLMRobertaTokenizer", "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
               "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
               "model_max_length": 512}, open(os.path.join(folder, "tokenizer_config.json"), "w"), indent=2)
    # transformers 5 converts sentencepiece.bpe.model to the fast (tokenizers) form when it loads the folder;
    # XLMRobertaTokenizerFast(vocab_file=...) gives an empty five-token vocabulary in 5.23.
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert len(tokenizer) == spm.SentencePieceProcessor(model_file=prefix + ".model").get_piece_size() + 2
    return folder, tokenizer


# ---------------------------------------------------------------------------------------------------------
# Models

def randomize(model, special_scales=()):
    """Overwrite every parameter: norm weights 1 + N(0, 0.3), norm biases N(0, 0.1), other weights N(0, 0.2),
    other biases N(0, 0.1)."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            scale = next((s for key, s in special_scales if key in name), None)
            if scale is not None:
                parameter.copy_(torch.randn_like(parameter) * scale)
            elif "norm" in name.lower():
                parameter.copy_((1.0 if name.endswith("weight") else 0.0) + torch.randn_like(parameter) *
                                (0.3 if name.endswith("weight") else 0.1))
            elif name.endswith("bias"):
                parameter.copy_(torch.randn_like(parameter) * 0.1)
            else:
                parameter.copy_(torch.randn_like(parameter) * 0.2)


def hub_form_qwen3(config):
    """Qwen3-Embedding's config.json: rope_theta at the top instead of rope_parameters."""
    rope = config.pop("rope_parameters")
    config["rope_theta"] = rope["rope_theta"]
    config["rope_scaling"] = None
    return config


def hub_form_modernbert(config):
    """modernbert-embed-base's config.json: global_attn_every_n_layers, global/local_rope_theta, no layer_types."""
    rope = config.pop("rope_parameters")
    config["global_rope_theta"] = rope["full_attention"]["rope_theta"]
    config["local_rope_theta"] = rope["sliding_attention"]["rope_theta"]
    config.pop("layer_types")
    config["global_attn_every_n_layers"] = 3
    return config


# ---------------------------------------------------------------------------------------------------------

def backend_components(tokenizer_json_path):
    saved = json.load(open(tokenizer_json_path))

    def describe(component):
        if component is None:
            return None
        if component["type"] == "Sequence":
            key = "pretokenizers" if "pretokenizers" in component else "normalizers" if "normalizers" in component \
                else "processors" if "processors" in component else "decoders"
            return "Sequence[" + ", ".join(describe(c) for c in component[key]) + "]"
        return component["type"]

    return {"normalizer": describe(saved["normalizer"]), "pre_tokenizer": describe(saved["pre_tokenizer"]),
            "model": saved["model"]["type"], "post_processor": describe(saved["post_processor"]),
            "decoder": describe(saved["decoder"]),
            "added_tokens": [[t["id"], t["content"], t["special"]] for t in saved["added_tokens"]]}


def fed_ids(st, texts, prompt_name=None):
    """The unpadded input ids model.encode really feeds the transformer, one text at a time, and the embeddings."""
    seen = []

    def hook(module, args):
        features = args[0]  # the Transformer module calls the model's forward itself, so hook the module
        ids, mask = features["input_ids"], features["attention_mask"]
        seen.append([int(i) for i, m in zip(ids[0].tolist(), mask[0].tolist()) if m])

    handle = st[0].register_forward_pre_hook(hook)
    embeddings = []
    try:
        for text in texts:
            embeddings.append(st.encode([text], prompt_name=prompt_name, convert_to_numpy=True)[0])
    finally:
        handle.remove()
    assert len(seen) == len(texts)
    return seen, np.stack(embeddings)


def build(name, out, spec):
    import sentence_transformers
    import tokenizers
    import transformers
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling

    torch.manual_seed(spec["seed"])
    model = spec["model"]().eval()
    randomize(model, spec.get("special_scales", ()))
    folder = os.path.join(out, name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    workdir = tempfile.mkdtemp()
    model.save_pretrained(workdir, safe_serialization=True)
    spec["tokenizer"].save_pretrained(workdir)
    max_seq_length = spec["max_seq_length"]
    transformer = Transformer(workdir, max_seq_length=max_seq_length)
    hidden = model.config.hidden_size
    modules = [transformer, Pooling(hidden, pooling_mode=spec["pooling"], include_prompt=True)]
    if spec["normalize"]:
        modules.append(Normalize())
    prompts = spec.get("prompts")
    st = SentenceTransformer(modules=modules, prompts=prompts, device="cpu")
    st.save(folder, safe_serialization=True)
    shutil.rmtree(workdir)
    os.remove(os.path.join(folder, "README.md"))
    for source in spec.get("copy_files", ()):  # files the real folder carries beside tokenizer.json
        shutil.copy(source, os.path.join(folder, os.path.basename(source)))
    tokenizer_config_path = os.path.join(folder, "tokenizer_config.json")
    tokenizer_config = json.load(open(tokenizer_config_path))
    for key in ("vocab_file", "merges_file", "tokenizer_file"):
        tokenizer_config.pop(key, None)  # temporary paths
    json.dump(tokenizer_config, open(tokenizer_config_path, "w"), indent=2, ensure_ascii=False)
    if spec.get("hub_form"):
        path = os.path.join(folder, "config.json")
        json.dump(spec["hub_form"](json.load(open(path))), open(path, "w"), indent=2)

    # Load the folder back, as the tests will, and check what it holds.
    st = SentenceTransformer(folder, device="cpu")
    assert st.max_seq_length == max_seq_length
    for check in spec.get("config_checks", ()):
        assert check(st[0].auto_model.config), (name, st[0].auto_model.config)
    assert st.tokenizer.padding_side == spec["padding_side"], st.tokenizer.padding_side
    components = backend_components(os.path.join(folder, "tokenizer.json"))
    for key, expected in spec["components"].items():
        assert components[key] == expected, (name, key, components[key], expected)
    raw = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    raw.no_padding()
    raw.enable_truncation(max_seq_length)

    def reference_ids(prompt_name):
        prefix = st.prompts[prompt_name] if prompt_name else ""
        ids, single = fed_ids(st, TEST_TEXTS, prompt_name)
        for text, fed in zip(TEST_TEXTS, ids):
            hf = st.tokenizer(prefix + text, truncation=True, max_length=max_seq_length)["input_ids"]
            assert fed == hf, (name, text, fed, hf)
            assert raw.encode(prefix + text).ids == hf, (name, text, raw.encode(prefix + text).ids, hf)
            if spec.get("native_ids"):
                assert spec["native_ids"](prefix + text, max_seq_length) == hf, (name, text, hf)
        batched = st.encode(TEST_TEXTS, prompt_name=prompt_name, batch_size=8, convert_to_numpy=True).astype(np.float32)
        diff = float(np.abs(single - batched).max())
        assert diff < 1e-5, (name, prompt_name, diff)
        return ids, batched, diff

    ids, embeddings, diff = reference_ids(None)
    assert np.isfinite(embeddings).all()
    reference = os.path.join(folder, "reference")
    os.makedirs(reference)
    json.dump(TEST_TEXTS, open(os.path.join(reference, "texts.json"), "w"), indent=1)
    json.dump(ids, open(os.path.join(reference, "token_ids.json"), "w"))
    np.save(os.path.join(reference, "embeddings.npy"), embeddings)
    meta = {"texts": len(TEST_TEXTS), "max_tokens": max(map(len, ids)),
            "truncated_texts": sum(len(i) == max_seq_length for i in ids), "max_seq_length": max_seq_length,
            "max_abs_diff_single_vs_batched": diff}
    if prompts:
        prompted_ids, prompted, prompted_diff = reference_ids("query")
        assert np.isfinite(prompted).all()
        json.dump(prompted_ids, open(os.path.join(reference, "prompted_token_ids.json"), "w"))
        np.save(os.path.join(reference, "prompted.npy"), prompted)
        meta["max_abs_diff_single_vs_batched_prompted"] = prompted_diff
        meta["query_prompt"] = st.prompts["query"]
    config = st[0].auto_model.config
    meta.update({
        "model_type": config.model_type, "model_class": type(st[0].auto_model).__name__,
        "attn_implementation": config._attn_implementation, "pooling": spec["pooling"], "normalize": spec["normalize"],
        "padding_side": st.tokenizer.padding_side, "vocab_size": config.vocab_size, "tokenizer_size": len(st.tokenizer),
        "hidden_size": config.hidden_size, "num_hidden_layers": config.num_hidden_layers,
        "num_attention_heads": config.num_attention_heads, **spec.get("facts", lambda c: {})(config),
        "tokenizer_json": {k: v for k, v in components.items() if k != "added_tokens"},
        "added_tokens": components["added_tokens"],
        "ids_equal": "sentence-transformers' fed ids == st.tokenizer == tokenizers.Tokenizer.from_file(tokenizer.json)"
                     + (" == " + spec["native_name"] if spec.get("native_ids") else ""),
        "sentence_transformers": sentence_transformers.__version__, "transformers": transformers.__version__,
        "torch": torch.__version__, "tokenizers": tokenizers.__version__, "python": platform.python_version()})
    json.dump(meta, open(os.path.join(reference, "meta.json"), "w"), indent=2, ensure_ascii=False)

    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)
    similarities = embeddings @ embeddings.T / np.outer(np.linalg.norm(embeddings, axis=1), np.linalg.norm(embeddings, axis=1))
    print(f"{name}: {size / 1024:.0f} KB, {config.num_hidden_layers} layers, hidden {config.hidden_size}, vocab "
          f"{config.vocab_size}, longest {meta['max_tokens']} tokens, single vs batched {diff:.2e}"
          + (f" (prompted {meta['max_abs_diff_single_vs_batched_prompted']:.2e})" if prompts else "")
          + f", max off-diagonal cosine {np.max(similarities - 2 * np.eye(len(ids))):.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "EncodersTests", "Fixtures"))
    parser.add_argument("--only", nargs="*", help="folder names to write (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    import sentencepiece as spm
    from transformers import (BertConfig, BertModel, ModernBertConfig, ModernBertModel, MPNetConfig, MPNetModel,
                              NomicBertConfig, NomicBertModel, Qwen3Config, Qwen3Model, RobertaConfig, RobertaModel,
                              XLMRobertaConfig, XLMRobertaModel)

    workdir = tempfile.mkdtemp()
    words = made_up_wordpiece_words()
    specs = {}

    qwen_folder, qwen_tok = train_qwen_tokenizer(workdir)
    specs["qwen3"] = dict(
        seed=11, tokenizer=qwen_tok, max_seq_length=64, pooling="lasttoken", normalize=True, padding_side="left",
        prompts={"query": "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:",
                 "document": ""},
        model=lambda: Qwen3Model(Qwen3Config(
            vocab_size=len(qwen_tok), hidden_size=64, intermediate_size=96, num_hidden_layers=3, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, hidden_act="silu", rms_norm_eps=1e-6, max_position_embeddings=512,
            rope_parameters={"rope_type": "default", "rope_theta": 1000000.0}, attention_bias=False,
            use_sliding_window=False, sliding_window=None, tie_word_embeddings=True,
            bos_token_id=qwen_tok.convert_tokens_to_ids("<|endoftext|>"),
            eos_token_id=qwen_tok.convert_tokens_to_ids("<|im_end|>"))),
        hub_form=hub_form_qwen3,
        config_checks=[lambda c: c.rope_parameters["rope_theta"] == 1e6,
                       lambda c: set(c.layer_types) == {"full_attention"}],
        copy_files=[os.path.join(qwen_folder, "vocab.json"), os.path.join(qwen_folder, "merges.txt")],
        components={"normalizer": "NFC", "pre_tokenizer": "Sequence[Split, ByteLevel]", "model": "BPE",
                    "post_processor": "TemplateProcessing", "decoder": "ByteLevel"},
        facts=lambda c: {"num_key_value_heads": c.num_key_value_heads, "head_dim": c.head_dim,
                         "intermediate_size": c.intermediate_size, "rope_theta": c.rope_parameters["rope_theta"],
                         "rms_norm_eps": c.rms_norm_eps, "hidden_act": c.hidden_act, "layer_types": c.layer_types,
                         "tie_word_embeddings": c.tie_word_embeddings})

    xlmr_folder, xlmr_tok = xlmr_tokenizer(workdir)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(xlmr_folder, "sentencepiece.bpe.model"))

    def xlmr_native(text, max_length):
        # Literal special tokens in the text are matched first (as the fast tokenizer's added tokens are), the
        # pieces between are encoded by libsentencepiece with the fairseq offset: id + 1, <unk> (0) -> 3.
        special = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": len(xlmr_tok) - 1}
        ids = []
        for segment in re.split("(" + "|".join(map(re.escape, special)) + ")", text):
            if segment in special:
                ids.append(special[segment])
            elif segment:
                ids += [3 if i == sp.unk_id() else i + 1 for i in sp.encode(segment)]
        return [0] + ids[:max_length - 2] + [2]

    specs["xlm-roberta"] = dict(
        seed=12, tokenizer=xlmr_tok, max_seq_length=56, pooling="mean", normalize=True, padding_side="right",
        prompts={"query": "query: ", "passage": "passage: "},
        model=lambda: XLMRobertaModel(XLMRobertaConfig(
            vocab_size=len(xlmr_tok), hidden_size=32, num_hidden_layers=3, num_attention_heads=4, intermediate_size=64,
            hidden_act="gelu", max_position_embeddings=56 + 2, type_vocab_size=1, layer_norm_eps=1e-12, pad_token_id=1,
            bos_token_id=0, eos_token_id=2)),
        copy_files=[os.path.join(xlmr_folder, "sentencepiece.bpe.model")],
        native_ids=xlmr_native, native_name="[0] + (sentencepiece id + 1, <unk> -> 3; literal special tokens matched first) + [2]",
        components={"normalizer": "Precompiled", "pre_tokenizer": "Sequence[WhitespaceSplit, Metaspace]", "model": "Unigram",
                    "post_processor": "TemplateProcessing"},
        facts=lambda c: {"max_position_embeddings": c.max_position_embeddings, "pad_token_id": c.pad_token_id,
                         "intermediate_size": c.intermediate_size, "hidden_act": c.hidden_act,
                         "position_ids": "padding_idx + cumsum(ids != padding_idx), pads keep padding_idx (1)",
                         "sentencepiece_vocab": sp.get_piece_size()})

    mpnet_folder, mpnet_tok = mpnet_tokenizer(workdir, words)
    specs["mpnet"] = dict(
        seed=13, tokenizer=mpnet_tok, max_seq_length=64, pooling="mean", normalize=True, padding_side="right",
        model=lambda: MPNetModel(MPNetConfig(
            vocab_size=len(mpnet_tok), hidden_size=48, num_hidden_layers=3, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=64 + 2, relative_attention_num_buckets=32, layer_norm_eps=1e-5, pad_token_id=1,
            bos_token_id=0, eos_token_id=2)),
        special_scales=[("relative_attention_bias", 1.0)],
        copy_files=[os.path.join(mpnet_folder, "vocab.txt")],
        components={"normalizer": "BertNormalizer", "pre_tokenizer": "BertPreTokenizer", "model": "WordPiece",
                    "post_processor": "RobertaProcessing"},
        facts=lambda c: {"relative_attention_num_buckets": c.relative_attention_num_buckets,
                         "max_position_embeddings": c.max_position_embeddings, "intermediate_size": c.intermediate_size})

    mb_folder, mb_tok = train_modernbert_tokenizer(workdir)
    specs["modernbert"] = dict(
        seed=14, tokenizer=mb_tok, max_seq_length=64, pooling="mean", normalize=True, padding_side="right",
        prompts={"query": "search_query: ", "document": "search_document: "},
        model=lambda: ModernBertModel(ModernBertConfig(
            vocab_size=len(mb_tok), hidden_size=48, intermediate_size=64, num_hidden_layers=4, num_attention_heads=4,
            hidden_activation="gelu", max_position_embeddings=8192, norm_eps=1e-5, norm_bias=False,
            attention_bias=False, mlp_bias=False, local_attention=8, global_attn_every_n_layers=3,
            global_rope_theta=160000.0, local_rope_theta=10000.0, pad_token_id=mb_tok.pad_token_id,
            bos_token_id=mb_tok.cls_token_id, eos_token_id=mb_tok.sep_token_id, cls_token_id=mb_tok.cls_token_id,
            sep_token_id=mb_tok.sep_token_id, attn_implementation="sdpa")),
        hub_form=hub_form_modernbert,
        config_checks=[lambda c: c.layer_types == ["full_attention", "sliding_attention", "sliding_attention",
                                                   "full_attention"],
                       lambda c: (c.rope_parameters["full_attention"]["rope_theta"] == 160000.0
                                  and c.rope_parameters["sliding_attention"]["rope_theta"] == 10000.0
                                  and c.local_attention == 8)],
        components={"normalizer": None, "pre_tokenizer": "ByteLevel", "model": "BPE",
                    "post_processor": "TemplateProcessing", "decoder": "ByteLevel"},
        facts=lambda c: {"layer_types": c.layer_types, "local_attention": c.local_attention,
                         "sliding_window_half": c.sliding_window,
                         "global_rope_theta": c.rope_parameters["full_attention"]["rope_theta"],
                         "local_rope_theta": c.rope_parameters["sliding_attention"]["rope_theta"],
                         "hidden_activation": c.hidden_activation, "intermediate_size": c.intermediate_size,
                         "norm_eps": c.norm_eps, "norm_bias": c.norm_bias, "attention_bias": c.attention_bias,
                         "mlp_bias": c.mlp_bias})

    _, roberta_tok = train_roberta_tokenizer(workdir)
    specs["roberta"] = dict(
        seed=19, tokenizer=roberta_tok, max_seq_length=48, pooling="mean", normalize=True, padding_side="right",
        model=lambda: RobertaModel(RobertaConfig(
            vocab_size=len(roberta_tok), hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
            hidden_act="gelu", max_position_embeddings=48 + 2, type_vocab_size=1, layer_norm_eps=1e-5, pad_token_id=1,
            bos_token_id=0, eos_token_id=2)),
        components={"normalizer": None, "pre_tokenizer": "ByteLevel", "model": "BPE", "post_processor": "RobertaProcessing",
                    "decoder": "ByteLevel"},
        facts=lambda c: {"max_position_embeddings": c.max_position_embeddings, "pad_token_id": c.pad_token_id})

    bert_folder, bert_tok = bert_tokenizer(workdir, words)
    bert_components = {"normalizer": "BertNormalizer", "pre_tokenizer": "BertPreTokenizer", "model": "WordPiece",
                       "post_processor": "TemplateProcessing"}

    def bert(seed, max_seq_length, pooling, normalize, prompts, layers, hidden):
        return dict(
            seed=seed, tokenizer=bert_tok, max_seq_length=max_seq_length, pooling=pooling, normalize=normalize,
            padding_side="right", prompts=prompts,
            model=lambda: BertModel(BertConfig(
                vocab_size=len(bert_tok), hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=4,
                intermediate_size=2 * hidden, hidden_act="gelu", max_position_embeddings=512, type_vocab_size=2,
                layer_norm_eps=1e-12, pad_token_id=0)),
            copy_files=[os.path.join(bert_folder, "vocab.txt")], components=bert_components,
            facts=lambda c: {"intermediate_size": c.intermediate_size, "max_position_embeddings": c.max_position_embeddings})

    specs["nomic-bert"] = dict(
        seed=15, tokenizer=bert_tok, max_seq_length=48, pooling="mean", normalize=True, padding_side="right",
        prompts={"query": "search_query: ", "document": "search_document: ", "passage": "search_document: ",
                 "classification": "classification: ", "clustering": "clustering: "},
        model=lambda: NomicBertModel(NomicBertConfig(
            vocab_size=len(bert_tok), hidden_size=48, num_hidden_layers=3, num_attention_heads=4, intermediate_size=96,
            hidden_act="silu", max_position_embeddings=2048, type_vocab_size=2, layer_norm_eps=1e-12, pad_token_id=0,
            rope_parameters={"rope_type": "default", "rope_theta": 1000.0})),
        copy_files=[os.path.join(bert_folder, "vocab.txt")], components=bert_components,
        facts=lambda c: {"intermediate_size": c.intermediate_size, "rope_theta": c.rope_parameters["rope_theta"],
                         "hidden_act": c.hidden_act, "layer_norm_eps": c.layer_norm_eps})
    specs["bge"] = bert(16, 48, "cls", True,
                        {"query": "Represent this sentence for searching relevant passages: "}, 2, 48)
    specs["e5"] = bert(17, 56, "mean", True, {"query": "query: ", "passage": "passage: "}, 2, 32)
    specs["gte"] = bert(18, 64, "mean", False, None, 3, 32)

    for name, spec in specs.items():
        if not args.only or name in args.only:
            build(name, args.out, spec)
    if not args.only or "mpnet" in args.only:
        write_mpnet_buckets(args.out)
    shutil.rmtree(workdir)


def write_mpnet_buckets(out):
    """MPNet's relative position bucket of every distance from -600 to 600 (key minus query), as transformers computes it
    in float32: the logarithmic buckets' edges are where a float32 log could round either way."""
    import torch
    from transformers.models.mpnet.modeling_mpnet import MPNetEncoder
    distances = torch.arange(-600, 601)
    buckets = MPNetEncoder.relative_position_bucket(distances).tolist()
    with open(os.path.join(out, "mpnet", "reference", "relative_buckets.json"), "w") as f:
        json.dump({"first_distance": -600, "buckets": buckets}, f)


if __name__ == "__main__":
    main()
