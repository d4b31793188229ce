#!/usr/bin/env python3
"""Reference fixtures for similarity functions and default prompts, made by sentence-transformers 6.2.

Builds a tiny random-weight BERT sentence-transformers model (fixed seed; hidden 32, 2 layers, 4 heads,
intermediate 64, 64 positions, a WordPiece vocabulary built from the fixture texts) with the modules
Transformer and Pooling(mean) and NO Normalize module, so embedding norms differ and dot != cosine. Its
config_sentence_transformers.json declares similarity_fn_name "dot", three prompts and
default_prompt_name "classification". Every reference below is computed from the model as reloaded from the
saved folder, never from the in-memory one.

Writes into --out (default Tests/EvalBenchCoreTests/Fixtures/tiny-dot-bert):
  model/                        the sentence-transformers folder (modules.json, config_sentence_transformers.json,
                                sentence_bert_config.json, config.json, model.safetensors, tokenizer.json,
                                tokenizer_config.json, vocab.txt, 1_Pooling/config.json)
  texts.json                    JSON array of 12 texts: the 4 retrieval queries, then the 8 retrieval documents
                                as mteb joins them ((title + " " + text).strip() when there is a title)
  token_ids.json                {"default_prompt": [[ids]...], "no_prompt": [[ids]...], "query_prompt": [[ids]...]}:
                                the input ids model.encode really feeds the transformer (forward pre-hook,
                                padding removed) for encode(texts), encode(texts, prompt="") and
                                encode(texts, prompt_name="query")
  embeddings_default_prompt.npy float32 12 x 32, model.encode(texts)                 ("classify: " applied)
  embeddings_no_prompt.npy      float32 12 x 32, model.encode(texts, prompt="")      (no prompt at all)
  embeddings_query_prompt.npy   float32 12 x 32, model.encode(texts, prompt_name="query")
  similarity.json               model.similarity(Q, D) for each of cosine, dot, euclidean, manhattan (setting
                                model.similarity_fn_name each time), Q = encode_query(queries) ("query: "),
                                D = encode_document(documents) ("passage: "); plus the norms of Q and D
  tasks/TinyDotRetrieval.json, tasks/TinyDotSTS.json   task definitions (data paths relative to tasks/)
  tasks/data/tiny-retrieval/{corpus.jsonl,queries.jsonl,qrels/test.tsv}   4 queries, 8 documents, graded qrels
  tasks/data/tiny-sts/test.jsonl                        8 pairs scored 0-5
  reference_scores.json         mteb's protocol with this model: retrieval nDCG@10 (pytrec_eval, ndcg_cut.10,
                                mean over queries) from model.similarity scores, and STS pearson/spearman of
                                model.similarity_pairwise plus cosine_*, manhattan_*, euclidean_* (scipy);
                                the main scores for similarity_fn_name "dot" and, for comparison, for the other
                                three functions; library versions

Every text is written here for evalbench. Rerun (CPU only, a few seconds; no network needed):

    pip install -r scripts/requirements.txt      # torch's PyPI wheel pulls CUDA packages that stay unused
    HF_HUB_OFFLINE=1 nice -n 19 python3 scripts/make_similarity_fixtures.py
"""
import argparse
import json
import os
import platform
import shutil
import sys
import tempfile

SEED = 1234
HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS = 32, 2, 4, 64, 64
PROMPTS = {"query": "query: ", "document": "passage: ", "classification": "classify: "}
DEFAULT_PROMPT_NAME = "classification"
SIMILARITY_FUNCTIONS = ["cosine", "dot", "euclidean", "manhattan"]

# ---------------------------------------------------------------------------------------------------------
# Data (all written for evalbench)

QUERIES = [
    ("q1", "how do I stop a dripping kitchen tap"),
    ("q2", "why does my bread not rise"),
    ("q3", "best way to water tomato plants in summer"),
    ("q4", "the laptop fan is loud and hot"),
]

# (id, title, text); one document is longer than the model's 64 positions, so truncation matters, and one has a
# character (the gear sign) that the vocabulary does not know, so it becomes [UNK].
DOCUMENTS = [
    ("d1", "Fixing a leaky tap", "Turn off the water, take the handle apart and replace the worn washer or cartridge."),
    ("d2", "", "A dripping faucet wastes litres of water every day, so check the seals once a year."),
    ("d3", "Why dough stays flat", "Old yeast, cold rooms and too much salt all slow the rise of bread dough."),
    ("d4", "", "Knead the dough until it is smooth, then let it rest somewhere warm for an hour."),
    ("d5", "Watering tomatoes",
     "Water tomato plants deeply at the base early in the morning, two or three times a week in hot weather, and "
     "keep the leaves dry. A layer of straw or mulch around the stems keeps the soil moist and cool, so the roots "
     "reach down instead of staying near the surface, and the fruit is less likely to split after a sudden "
     "storm."),
    ("d6", "", "Pinch out side shoots on cordon tomatoes and tie the main stem to a cane."),
    ("d7", "Quieting a noisy laptop", "Dust in the vents makes the fan spin fast; clean it with compressed air ⚙ and "
                                      "keep the laptop on a hard surface."),
    ("d8", "", "Close heavy programs and check the task manager when the computer feels hot and slow."),
]

QRELS = [("q1", "d1", 2), ("q1", "d2", 1), ("q2", "d3", 2), ("q2", "d4", 1),
         ("q3", "d5", 2), ("q3", "d6", 1), ("q4", "d7", 2), ("q4", "d8", 1)]

STS_PAIRS = [
    ("The cat sleeps on the warm sofa.", "A cat is napping on the couch.", 4.5),
    ("He paid for the tickets with cash.", "He bought the tickets using his card.", 3.0),
    ("The train to the coast was late again.", "Our train arrived on time this morning.", 1.5),
    ("She planted roses along the garden fence.", "Roses were planted by the fence in her garden.", 5.0),
    ("The soup needs more salt.", "The match ended in a draw.", 0.0),
    ("Rain is expected all weekend.", "It will probably rain on Saturday and Sunday.", 4.0),
    ("The museum opens at nine.", "The museum closes at nine.", 2.0),
    ("A dog chased the ball across the park.", "The child kicked a ball in the garden.", 1.0),
]


def document_text(title, text):
    # mteb 2.x (_create_dataloaders.py): (title + " " + text).strip() when the title is non-empty, else text
    return (title + " " + text).strip() if title else text


def texts():
    return [q for _, q in QUERIES] + [document_text(t, x) for _, t, x in DOCUMENTS]


def vocabulary_corpus():
    """Texts the WordPiece vocabulary is trained on: everything, prompts included, without the gear sign."""
    corpus = texts() + [s for a, b, _ in STS_PAIRS for s in (a, b)] + list(PROMPTS.values())
    return [t.replace("⚙", "") for t in corpus]


def build_vocabulary(normalizer, pre_tokenizer):
    """A deterministic WordPiece vocabulary (the tokenizers trainer's choice between equal counts is not).

    Special tokens; every character of the normalised corpus, alone and as a "##" continuation; every word of
    up to 8 characters whole; a word of 9 to 11 characters as its first 5 characters plus "##" + the rest (so
    it is split in two); a word of 12 or more characters not at all (so it is spelled with single-character
    pieces). The gear sign of document d7 is left out, so it becomes [UNK].
    """
    words = set()
    for text in vocabulary_corpus():
        words.update(w for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text)))
    chars = sorted({c for w in words for c in w})
    entries = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars + ["##" + c for c in chars]
    for word in sorted(words):
        if len(word) <= 8:
            entries.append(word)
        elif len(word) <= 11:
            entries += [word[:5], "##" + word[5:]]
    unique = list(dict.fromkeys(entries))
    return {token: i for i, token in enumerate(unique)}


# ---------------------------------------------------------------------------------------------------------
# Model


def build_model(out_model):
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, BertTokenizerFast
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling

    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None,
                                            lowercase=True)
    vocab = build_vocabulary(normalizer, pre_tokenizers.BertPreTokenizer())
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    assert tok.token_to_id("[PAD]") == 0

    with tempfile.TemporaryDirectory() as tmp:
        hf_dir = os.path.join(tmp, "hf")
        fast = BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                                 cls_token="[CLS]", mask_token="[MASK]", do_lower_case=True,
                                 model_max_length=MAX_POSITIONS)
        fast.save_pretrained(hf_dir)
        torch.manual_seed(SEED)
        config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=HIDDEN, num_hidden_layers=LAYERS,
                            num_attention_heads=HEADS, intermediate_size=INTERMEDIATE,
                            max_position_embeddings=MAX_POSITIONS, hidden_dropout_prob=0.0,
                            attention_probs_dropout_prob=0.0)
        bert = BertModel(config)  # transformers' own initialisation (normal, std 0.02), seeded above
        bert.save_pretrained(hf_dir)

        transformer = Transformer(hf_dir, max_seq_length=MAX_POSITIONS)
        pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
        model = SentenceTransformer(modules=[transformer, pooling], prompts=dict(PROMPTS),
                                    default_prompt_name=DEFAULT_PROMPT_NAME, similarity_fn_name="dot", device="cpu")
        if os.path.exists(out_model):
            shutil.rmtree(out_model)
        model.save(out_model, create_model_card=False)
    # vocab.txt as well as tokenizer.json (evalbench reads tokenizer.json first, vocab.txt otherwise)
    vocab_path = os.path.join(out_model, "vocab.txt")
    if not os.path.exists(vocab_path):
        vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
        assert [i for _, i in vocab] == list(range(len(vocab)))
        with open(vocab_path, "w", encoding="utf-8") as f:
            f.write("".join(t + "\n" for t, _ in vocab))
    for junk in ["README.md"]:
        path = os.path.join(out_model, junk)
        if os.path.exists(path):
            os.remove(path)


# ---------------------------------------------------------------------------------------------------------
# References


def dump_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=True)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests",
                                                      "EvalBenchCoreTests", "Fixtures", "tiny-dot-bert"))
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    import numpy as np
    import pytrec_eval
    import scipy
    import scipy.stats
    import sentence_transformers
    import sklearn
    import tokenizers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer
    from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances

    torch.set_num_threads(1)
    out_model = os.path.join(out, "model")
    build_model(out_model)

    # Everything below uses the model as loaded from disk.
    model = SentenceTransformer(out_model, device="cpu", local_files_only=True)
    assert model.similarity_fn_name == "dot", model.similarity_fn_name
    assert model.default_prompt_name == DEFAULT_PROMPT_NAME
    assert {k: model.prompts[k] for k in PROMPTS} == PROMPTS, model.prompts
    assert not any(type(m).__name__ == "Normalize" for m in model), [type(m).__name__ for m in model]
    assert model.max_seq_length == MAX_POSITIONS

    all_texts = texts()
    assert len(all_texts) == 12
    queries = [q for _, q in QUERIES]
    documents = all_texts[len(QUERIES):]

    # Capture the input ids encode feeds the transformer.
    captured = []

    def features_hook(module, positional, kwargs):
        # The Transformer module's input: the features dict that preprocess made (input_ids, attention_mask)
        features = positional[0] if positional else kwargs["features"]
        for row, m in zip(features["input_ids"].tolist(), features["attention_mask"].tolist()):
            captured.append([i for i, keep in zip(row, m) if keep])

    embedding_ids = []

    def embeddings_hook(module, positional, kwargs):
        # What BERT's embedding layer really receives
        ids = kwargs.get("input_ids", positional[0] if positional else None)
        embedding_ids.extend(ids.tolist())

    handles = [model[0].register_forward_pre_hook(features_hook, with_kwargs=True),
               model[0].auto_model.embeddings.register_forward_pre_hook(embeddings_hook, with_kwargs=True)]

    def encode_capturing(items, **kwargs):
        # One text at a time, so the captured ids come back in input order (encode sorts by length).
        ids = []
        for text in items:
            captured.clear()
            embedding_ids.clear()
            model.encode([text], **kwargs)
            assert len(captured) == 1 and embedding_ids == captured, (captured, embedding_ids)
            ids.append(captured[0])
        captured.clear()
        return ids

    token_ids = {
        "default_prompt": encode_capturing(all_texts),
        "no_prompt": encode_capturing(all_texts, prompt=""),
        "query_prompt": encode_capturing(all_texts, prompt_name="query"),
    }
    for handle in handles:
        handle.remove()

    # The ids must be what the tokenizer gives for prompt + text, truncated to 64.
    tokenizer = model.tokenizer
    for name, prompt in [("default_prompt", PROMPTS[DEFAULT_PROMPT_NAME]), ("no_prompt", ""),
                         ("query_prompt", PROMPTS["query"])]:
        for text, ids in zip(all_texts, token_ids[name]):
            expected = tokenizer(prompt + text, truncation=True, max_length=MAX_POSITIONS)["input_ids"]
            assert ids == expected, (name, text, ids, expected)
    unk = tokenizer.convert_tokens_to_ids("[UNK]")
    assert any(unk in ids for ids in token_ids["no_prompt"]), "expected one [UNK]"
    assert any(len(ids) == MAX_POSITIONS for ids in token_ids["no_prompt"]), "expected one truncated text"
    assert max(len(t) for t in token_ids["no_prompt"]) == MAX_POSITIONS

    emb_default = model.encode(all_texts, convert_to_numpy=True).astype(np.float32)
    emb_none = model.encode(all_texts, prompt="", convert_to_numpy=True).astype(np.float32)
    emb_query = model.encode(all_texts, prompt_name="query", convert_to_numpy=True).astype(np.float32)

    # Precedence checks (sentence-transformers 6.2 base/model.py _resolve_prompt).
    np.testing.assert_allclose(emb_default, model.encode(all_texts, prompt_name=DEFAULT_PROMPT_NAME), atol=1e-6)
    np.testing.assert_allclose(emb_default, model.encode(all_texts, prompt=PROMPTS[DEFAULT_PROMPT_NAME]), atol=1e-6)
    np.testing.assert_allclose(emb_query, model.encode_query(all_texts), atol=1e-6)
    np.testing.assert_allclose(emb_none, model.encode(all_texts, prompt="", prompt_name="query"), atol=1e-6)
    assert np.abs(emb_default - emb_none).max() > 1e-3 and np.abs(emb_query - emb_default).max() > 1e-3
    norms = np.linalg.norm(emb_none, axis=1)
    assert norms.max() / norms.min() > 1.05, norms

    np.save(os.path.join(out, "embeddings_default_prompt.npy"), emb_default)
    np.save(os.path.join(out, "embeddings_no_prompt.npy"), emb_none)
    np.save(os.path.join(out, "embeddings_query_prompt.npy"), emb_query)
    dump_json(os.path.join(out, "texts.json"), all_texts)
    dump_json(os.path.join(out, "token_ids.json"), token_ids)

    # Similarity matrices: queries with the query prompt, documents with the document prompt.
    q_emb = model.encode_query(queries, convert_to_numpy=True)
    d_emb = model.encode_document(documents, convert_to_numpy=True)
    np.testing.assert_allclose(d_emb, model.encode(documents, prompt_name="document"), atol=1e-6)
    matrices = {}
    for fn in SIMILARITY_FUNCTIONS:
        model.similarity_fn_name = fn
        matrices[fn] = model.similarity(q_emb, d_emb).numpy().astype(np.float64)
    model.similarity_fn_name = "dot"
    dot_rank = np.argsort(-matrices["dot"], axis=1)
    cos_rank = np.argsort(-matrices["cosine"], axis=1)
    assert (dot_rank != cos_rank).any(), "dot and cosine rank the documents alike; pick another seed"
    assert (matrices["euclidean"] <= 0).all() and (matrices["manhattan"] <= 0).all()
    for m in matrices.values():
        assert all(len(set(row)) == len(row) for row in m.tolist()), "tied scores; pick another seed"
    dump_json(os.path.join(out, "similarity.json"), {
        "queries": list(range(len(QUERIES))),
        "documents": list(range(len(QUERIES), len(all_texts))),
        "query_prompt": PROMPTS["query"],
        "document_prompt": PROMPTS["document"],
        "note": "queries = texts[0..<4] encoded with model.encode_query, documents = texts[4..<12] with "
                "model.encode_document; matrix[fn][i][j] = model.similarity(Q, D)[i][j] with "
                "model.similarity_fn_name = fn (euclidean and manhattan are negative distances)",
        "query_norms": np.linalg.norm(q_emb, axis=1).astype(np.float64).tolist(),
        "document_norms": np.linalg.norm(d_emb, axis=1).astype(np.float64).tolist(),
        "matrix": {fn: m.tolist() for fn, m in matrices.items()},
    })

    # Task data as evalbench reads it.
    tasks_dir = os.path.join(out, "tasks")
    retrieval_dir = os.path.join(tasks_dir, "data", "tiny-retrieval")
    sts_dir = os.path.join(tasks_dir, "data", "tiny-sts")
    os.makedirs(os.path.join(retrieval_dir, "qrels"), exist_ok=True)
    os.makedirs(sts_dir, exist_ok=True)
    with open(os.path.join(retrieval_dir, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for doc_id, title, text in DOCUMENTS:
            f.write(json.dumps({"_id": doc_id, "title": title, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(retrieval_dir, "queries.jsonl"), "w", encoding="utf-8") as f:
        for query_id, text in QUERIES:
            f.write(json.dumps({"_id": query_id, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(retrieval_dir, "qrels", "test.tsv"), "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for qid, did, rel in QRELS:
            f.write(f"{qid}\t{did}\t{rel}\n")
    with open(os.path.join(sts_dir, "test.jsonl"), "w", encoding="utf-8") as f:
        for s1, s2, score in STS_PAIRS:
            f.write(json.dumps({"sentence1": s1, "sentence2": s2, "score": score}, ensure_ascii=False) + "\n")
    dump_json(os.path.join(tasks_dir, "TinyDotRetrieval.json"), {
        "name": "TinyDotRetrieval", "type": "Retrieval",
        "description": "Four questions over eight household and garden snippets; graded relevance (fixture).",
        "domains": ["Written"], "languages": ["eng-Latn"], "data": {"path": "data/tiny-retrieval"},
        "format": "beir", "splits": ["test"], "main_score": "ndcg_at_10", "suites": []})
    dump_json(os.path.join(tasks_dir, "TinyDotSTS.json"), {
        "name": "TinyDotSTS", "type": "STS", "description": "Eight sentence pairs graded 0-5 (fixture).",
        "domains": ["Written"], "languages": ["eng-Latn"], "data": {"path": "data/tiny-sts"},
        "format": "sts-pairs", "splits": ["test"], "main_score": "cosine_spearman",
        "evaluation": {"score_scale": 5}, "suites": []})

    # Retrieval per mteb 2.x: SearchEncoderWrapper scores every query against every document with
    # model.similarity, keeps the top 100 (all 8 here), and pytrec_eval computes ndcg_cut.10 per query.
    qrels = {}
    for qid, did, rel in QRELS:
        qrels.setdefault(qid, {})[did] = rel
    doc_ids = [d for d, _, _ in DOCUMENTS]
    retrieval = {}
    for fn in SIMILARITY_FUNCTIONS:
        run = {qid: {doc_ids[j]: float(matrices[fn][i][j]) for j in range(len(doc_ids))}
               for i, (qid, _) in enumerate(QUERIES)}
        per_query = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10"}).evaluate(run)
        values = {qid: per_query[qid]["ndcg_cut_10"] for qid, _ in QUERIES}
        retrieval[fn] = {
            "ndcg_at_10": sum(values.values()) / len(values),
            "ndcg_at_10_per_query": values,
            # trec_eval orders by score, ties by doc id descending (there are no ties here)
            "ranking": {qid: sorted(sorted(doc_ids, reverse=True), key=lambda d: -run[qid][d]) for qid in run},
        }

    # STS per mteb 2.x (any_sts_evaluator.py, abstasks/sts.py): both sentences encoded with model.encode and
    # prompt=None, so the default prompt applies; 'pearson'/'spearman' come from model.similarity_pairwise.
    s1 = [a for a, _, _ in STS_PAIRS]
    s2 = [b for _, b, _ in STS_PAIRS]
    gold = [(score - 0.0) / (5.0 - 0.0) for _, _, score in STS_PAIRS]
    e1 = model.encode(s1, convert_to_numpy=True)
    e2 = model.encode(s2, convert_to_numpy=True)
    np.testing.assert_allclose(e1, model.encode(s1, prompt=PROMPTS[DEFAULT_PROMPT_NAME]), atol=1e-6)

    def corr(x, y):
        return float(scipy.stats.pearsonr(x, y)[0]), float(scipy.stats.spearmanr(x, y)[0])

    cos = 1 - paired_cosine_distances(e1, e2)
    man = -paired_manhattan_distances(e1, e2)
    euc = -paired_euclidean_distances(e1, e2)
    cosine_pearson, cosine_spearman = corr(gold, cos)
    manhattan_pearson, manhattan_spearman = corr(gold, man)
    euclidean_pearson, euclidean_spearman = corr(gold, euc)
    pairwise = {}
    model_fn_scores = {}
    for fn in SIMILARITY_FUNCTIONS:
        model.similarity_fn_name = fn
        values = model.similarity_pairwise(e1, e2).numpy().astype(np.float64)
        pairwise[fn] = values.tolist()
        p, s = corr(gold, values)
        model_fn_scores[fn] = {"pearson": p, "spearman": s}
    model.similarity_fn_name = "dot"
    assert abs(model_fn_scores["cosine"]["spearman"] - cosine_spearman) < 1e-9
    sts_dot = {
        "pearson": model_fn_scores["dot"]["pearson"], "spearman": model_fn_scores["dot"]["spearman"],
        "cosine_pearson": cosine_pearson, "cosine_spearman": cosine_spearman,
        "manhattan_pearson": manhattan_pearson, "manhattan_spearman": manhattan_spearman,
        "euclidean_pearson": euclidean_pearson, "euclidean_spearman": euclidean_spearman,
    }

    dump_json(os.path.join(out, "reference_scores.json"), {
        "model": "model/ (similarity_fn_name dot, default_prompt_name classification, no Normalize)",
        "retrieval": {
            "task": "tasks/TinyDotRetrieval.json",
            "protocol": "queries: model.encode_query (prompt 'query: '); documents: model.encode_document "
                        "(prompt 'passage: '), document text = (title + ' ' + text).strip() when titled; "
                        "scores = model.similarity(Q, D); pytrec_eval ndcg_cut.10 averaged over the 4 queries "
                        "(mteb rounds the mean to 5 decimals); ties would go to the larger doc id (trec_eval)",
            "main_score": "ndcg_at_10",
            "ndcg_at_10": retrieval["dot"]["ndcg_at_10"],
            "by_similarity_fn": retrieval,
        },
        "sts": {
            "task": "tasks/TinyDotSTS.json",
            "protocol": "both sentences: model.encode with no prompt named, so default_prompt_name "
                        "'classification' ('classify: ') applies; gold normalised by (score - 0) / 5; "
                        "scipy pearsonr/spearmanr; 'pearson'/'spearman' from model.similarity_pairwise (dot), "
                        "cosine_* = 1 - sklearn paired_cosine_distances, manhattan_*/euclidean_* = minus "
                        "sklearn paired distances; mteb's main score is cosine_spearman",
            "main_score": "cosine_spearman",
            "scores": sts_dot,
            "gold_normalized": gold,
            "pairwise_similarity": pairwise,
            "by_similarity_fn": model_fn_scores,
        },
        "versions": {
            "python": platform.python_version(), "torch": torch.__version__,
            "sentence_transformers": sentence_transformers.__version__, "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit_learn": sklearn.__version__, "pytrec_eval_terrier": _version("pytrec-eval-terrier"),
            "safetensors": _version("safetensors"), "huggingface_hub": _version("huggingface-hub"),
        },
        "seed": SEED,
    })

    total = 0
    for root, _, files in os.walk(out):
        for name in sorted(files):
            path = os.path.join(root, name)
            total += os.path.getsize(path)
            print(f"{os.path.getsize(path):>9}  {os.path.relpath(path, out)}")
    print(f"{total:>9}  total")
    assert total < 1_000_000, total


def _version(dist):
    from importlib.metadata import version
    return version(dist)


if __name__ == "__main__":
    sys.exit(main())
