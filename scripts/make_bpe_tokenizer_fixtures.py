"""Reference fixtures for evalbench's byte-level BPE tokenizer (Sources/Tokenizers/BPE).

Trains tiny BPE tokenizers (vocabularies of about 1,000 tokens) with the Hugging Face `tokenizers`
library on made-up multilingual text, in the styles evalbench must read, and writes for each style

    Tests/TokenizersTests/Fixtures/<style>/tokenizer.json   the tokenizer, as tokenizers saves it
    Tests/TokenizersTests/Fixtures/<style>/reference.json   {"tokenizers_version", "texts", "ids"}:
                                                            Tokenizer.encode(text).ids for each text,
                                                            with add_special_tokens true

Styles:
    qwen2           Qwen3-Embedding: NFC, Split(Qwen2 regex, Isolated) + ByteLevel(no regex),
                    <|endoftext|> <|im_start|> <|im_end|> after the vocab, template "$A <|endoftext|>"
    gpt-neox        ModernBERT: NFC, ByteLevel(GPT-2 regex), [CLS] $A [SEP], special tokens after the
                    vocab, a non-special lstrip [MASK], normalized / rstrip / single_word added tokens
    roberta         ByteLevel(add_prefix_space), RobertaProcessing <s> ... </s>, <mask> lstrip,
                    merges stored in the legacy "a b" form
    byte-fallback   Llama-2 without Metaspace: Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer,
                    byte_fallback with <0x00>..<0xFF> in the vocab, a small alphabet, fuse_unk
    ignore-merges   Llama-3: Split(Llama-3 regex) + ByteLevel, ignore_merges with whole words added
                    to the vocab, post-processor Sequence[ByteLevel, TemplateProcessing]
    mixed           every supported normalizer and pre-tokenizer: NFKD, Lowercase, Replace, Strip,
                    Prepend; Digits, Split with each behaviour and invert; BertProcessing

Training breaks ties between equally frequent pairs in no fixed order, so a rerun may write slightly different
tokenizers; the references are always those of the files written. Run from the repository root (about a second):

    python3 -m venv /tmp/tok-venv && /tmp/tok-venv/bin/pip install tokenizers==0.23.3
    /tmp/tok-venv/bin/python scripts/make_bpe_tokenizer_fixtures.py
"""

import json
import os

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers, processors, trainers

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TokenizersTests", "Fixtures")

GPT2_PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                 r"|\s*[\r\n]+|\s+(?!\S)|\s+")
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")

# Made-up training text in several scripts, repeated with variations so that merges form.
CORPUS_LINES = [
    "The quick brown fox jumps over the lazy dog. It's what they're doing, isn't it?",
    "Embeddings map sentences to vectors; retrieval ranks documents by cosine similarity.",
    "We'll evaluate 12 models on 345 tasks in 2024 and 2025, at dimensions 768, 512 and 128.",
    "Le renard brun rapide saute par-dessus le chien paresseux. Ça coûte 3,50 € à Paris.",
    "Der schnelle braune Fuchs springt über den faulen Hund. Grüße aus München!",
    "El rápido zorro marrón salta sobre el perro perezoso. ¿Dónde está la biblioteca?",
    "Быстрая коричневая лиса прыгает через ленивую собаку. Привет, мир!",
    "Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο. Καλημέρα κόσμε.",
    "الثعلب البني السريع يقفز فوق الكلب الكسول. مرحبا بالعالم",
    "敏捷的棕色狐狸跳过了懒狗。你好，世界！我们评估嵌入模型。",
    "素早い茶色の狐がのろまな犬を飛び越える。こんにちは世界。",
    "빠른 갈색 여우가 게으른 개를 뛰어넘는다. 안녕하세요 세계",
    "def encode(text):\n    return [vocab[t] for t in text.split()]\n\t# tabs\tand\ttabs\r\n",
    "Emoji: 😀 👍🏽 👨‍👩‍👧 🇫🇷 🇯🇵 ❤️ — “quotes” and ‘single’ … done",
    "I'M SURE THEY'RE HERE, WE'VE SEEN IT. You'd think we'll know. She's 'quoted'.",
    "Numbers: 3.14159 2.71828 1,000,000 0x1F 42nd 7th 99% -17 +3",
    "cafe\u0301 naïve résumé coöperate Ångström ﬁne ① ² ｆｕｌｌ",
]
CORPUS = [line for _ in range(3) for line in CORPUS_LINES] + [
    " ".join(line.split()[::-1]) for line in CORPUS_LINES
] + [line.lower() for line in CORPUS_LINES] + [line.upper() for line in CORPUS_LINES]

# Every script, whitespace and Unicode corner the tokenizer must agree on.
WHITESPACE = "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u180e\u200b\ufeff"
TEXTS = [
    "",
    " ",
    "          ",
    "a          b",
    "\t\n\r\n \r \n\n\n  x\t\ty \n",
    "line one\r\nline two\r\n\r\nline four\n",
    "it's I'M we'll THEY'RE you'VE he'd she'LL 's 't 'ſ 'Ｓ o'clock '",
    "1234567 3.14159 1,000,000 ½ ² ① Ⅻ ٣٤٥ १२३",
    "The quick brown fox jumps over the lazy dog.",
    "敏捷的棕色狐狸跳过了懒狗。你好，世界！",
    "빠른 갈색 여우가 게으른 개를 뛰어넘는다.",
    "الثعلب البني السريع يقفز فوق الكلب الكسول.",
    "Η γρήγορη καφέ αλεπού ΠΗΔΆΕΙ.",
    "Быстрая коричневая лиса, Привет мир!",
    "e\u0301 cafe\u0301 café Ångström \u212b \u2126 ﬁ ｆｕｌｌ",
    "\u1e9b\u0323 \u0071\u0307\u0323 \u0071\u0323\u0307 \u00c5 \u0041\u030a \ufb01",
    "😀👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷🇯🇵🇺🇸 ❤️ 🫠",
    "private \ue000\uf8ff\U000f0000 unassigned \u0378\U000e0080 noncharacter \ufdd0\uffff",
    "new in Unicode 16: \u1c89\u1c8a \U00016d40",
    "control \u0000\u0001\u001b\u007f\u0080\u009f end",
    "whitespace:" + WHITESPACE + "end" + WHITESPACE,
    "x<|im_end|>y <|im_start|>user\nhello<|im_end|>\n<|endoftext|><|endoftext|>",
    "<|im_start|> <|im_end|>  <|endoftext|>\n",
    " [MASK] x[MASK]y   [MASK]  [CLS] [SEP][PAD] <mask> a <mask>",
    "café! cafe\u0301! <sw> x<sw> <sw>y <rs>   tail <rs>",
    "<s></s><pad><unk> <s> hi </s>",
    "<|begin_of_text|>hello<0x41> <0x0A>",
    "Supercalifragilisticexpialidocious " * 3,
    "a" * 300 + " " + "ab" * 200 + " " + "абв" * 100,
    "aaaaaaa bbbbbbbb aaa aa a",
    "hello-world well-known state-of-the-art x,y;z xxx--yy",
    "Tabs\tand    multiple   spaces   \t\t end   ",
    "   leading and trailing   ",
    "MiXeD CaSe ΣΊΣΥΦΟΣ İstanbul ß ẞ ǅ",
    "code: for (i = 0; i < n; i++) { x[i] += 2 * y[i]; } // done",
    "https://example.com/path?q=1&r=two#frag user@mail.org",
    "\u0e01\u0e32\u0e23 ภาษาไทย हिन्दी தமிழ் עברית",
    "`` ``quoted'' text``",
    "\n",
    "\r",
    (" ".join(CORPUS_LINES) + " ") * 6,
]
FIVE_THOUSAND = ("".join(CORPUS_LINES) * 10)[:5000]
TEXTS.append(FIVE_THOUSAND)


def train(tokenizer, vocab_size, special_tokens=(), byte_alphabet=True, limit_alphabet=None):
    kwargs = dict(vocab_size=vocab_size, special_tokens=list(special_tokens), show_progress=False)
    if byte_alphabet:
        kwargs["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
    if limit_alphabet:
        kwargs["limit_alphabet"] = limit_alphabet
    tokenizer.train_from_iterator(CORPUS, trainers.BpeTrainer(**kwargs))
    return tokenizer


def edit(tokenizer, change):
    """Round-trips the tokenizer through its JSON with `change(dict)` applied."""
    data = json.loads(tokenizer.to_str())
    change(data)
    return Tokenizer.from_str(json.dumps(data, ensure_ascii=False))


def append_to_vocab(data, tokens):
    vocab = data["model"]["vocab"]
    for token in tokens:
        if token not in vocab:
            vocab[token] = len(vocab)


def qwen2():
    tok = Tokenizer(models.BPE(ignore_merges=False))
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_PATTERN), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    train(tok, 1000)
    tok.add_special_tokens(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    eot = tok.token_to_id("<|endoftext|>")
    tok.post_processor = processors.TemplateProcessing(
        single="$A:0 <|endoftext|>:0", pair="$A:0 <|endoftext|>:0 $B:1 <|endoftext|>:1",
        special_tokens=[("<|endoftext|>", eot)])
    return tok


def gpt_neox():
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    train(tok, 1000, special_tokens=["<|endoftext|>", "<|padding|>"])
    tok.add_special_tokens(["[UNK]", "[CLS]", "[SEP]", "[PAD]"])
    tok.add_tokens([
        AddedToken("[MASK]", lstrip=True, rstrip=False, normalized=False, special=False),
        AddedToken("café!", normalized=True, special=False),
        AddedToken("<sw>", single_word=True, normalized=False, special=False),
        AddedToken("<rs>", rstrip=True, normalized=False, special=True),
    ])
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return tok


def roberta():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    train(tok, 1000, special_tokens=["<s>", "<pad>", "</s>", "<unk>"])
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True, normalized=False)])
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    return tok


def byte_fallback():
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    train(tok, 700, special_tokens=["<unk>", "<s>", "</s>"], byte_alphabet=False, limit_alphabet=60)
    # Bytes 0x00..0xBF only: a character whose UTF-8 needs a byte above 0xBF has no fallback and
    # becomes <unk> (fused with its unknown neighbours).
    tok = edit(tok, lambda d: append_to_vocab(d, [f"<0x{b:02X}>" for b in range(0xC0)]))
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 1)])
    return tok


def ignore_merges():
    tok = Tokenizer(models.BPE(ignore_merges=True))
    split = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.pre_tokenizer = split
    train(tok, 800)
    # Whole pre-tokens in the vocab that merges alone would split differently.
    words = [w for text in TEXTS for w, _ in split.pre_tokenize_str(text)]
    extra = [w for w in words if 3 <= len(w) <= 12 and tok.token_to_id(w) is None][::3][:60]
    tok = edit(tok, lambda d: append_to_vocab(d, extra))
    tok.add_special_tokens(["<|begin_of_text|>", "<|end_of_text|>"])
    bot = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A", special_tokens=[("<|begin_of_text|>", bot)]),
    ])
    return tok


def mixed():
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFKD(), normalizers.Lowercase(), normalizers.Replace("``", '"'),
        normalizers.Replace(Regex(r"\s{3,}"), "  "), normalizers.Strip(left=True, right=True),
        normalizers.Prepend("^"), normalizers.NFKC(), normalizers.NFD(), normalizers.NFC(),
    ])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.Split("-", behavior="merged_with_next"),
        pre_tokenizers.Split(Regex("[,;]"), behavior="removed"),
        pre_tokenizers.Split(Regex("x+"), behavior="merged_with_previous"),
        pre_tokenizers.Split(Regex(r"[aeiou]"), behavior="contiguous", invert=True),
        pre_tokenizers.Digits(individual_digits=False),
        pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True),
    ])
    train(tok, 900, special_tokens=["<unk>", "[CLS]", "[SEP]"])
    tok.post_processor = processors.BertProcessing(("[SEP]", 2), ("[CLS]", 1))
    return tok


def legacy_merges(data):
    data["model"]["merges"] = [f"{a} {b}" for a, b in data["model"]["merges"]]


def write(style, tok, change=None):
    """Saves the tokenizer (its JSON edited by `change`, as tokenizers itself no longer writes every
    form it reads) and the ids of the saved file for each text."""
    folder = os.path.join(OUT, style)
    os.makedirs(folder, exist_ok=True)
    data = json.loads(tok.to_str())
    if change:
        change(data)
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    # Reload what was written, so the references are those of the file evalbench reads.
    saved = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    ids = [saved.encode(text, add_special_tokens=True).ids for text in TEXTS]
    with open(os.path.join(folder, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizers_version": tokenizers.__version__, "texts": TEXTS, "ids": ids}, f, ensure_ascii=False)
    size = os.path.getsize(os.path.join(folder, "tokenizer.json"))
    print(f"{style}: vocab {saved.get_vocab_size()}, tokenizer.json {size // 1024} KB, {sum(map(len, ids))} ids")


if __name__ == "__main__":
    write("qwen2", qwen2())
    write("gpt-neox", gpt_neox())
    write("roberta", roberta(), legacy_merges)
    write("byte-fallback", byte_fallback())
    write("ignore-merges", ignore_merges())
    write("mixed", mixed())
