"""The tokenizer against the ``tokenizers`` Unigram model it replaced (issue 29: 263 MB of
trie) and against the reference, on real sentences in eight languages: the same ids and spans,
piece for piece; and what it keeps in memory."""

from __future__ import annotations

import json
import subprocess
import sys

from newstrace.encoder import reference as ref
from newstrace.encoder.runtime import base_weights
from newstrace.encoder.tokenizer import CACHED_WORDS, META, Tokenizer, Tokens

from ..conftest import eval_path
from .test_encoder import ODD

LANGUAGES = ["english-news-dev", "german", "french", "spanish", "italian", "polish", "ukrainian"]
SENTENCES = 150  # per language


def _sentences() -> list[str]:
    folder = eval_path("reposts", "multi-crossre-dev")
    out: list[str] = []
    for lang in LANGUAGES:
        path = folder / f"{lang}.json" if lang.endswith("-dev") else folder / lang / "news-dev.json"
        lines = path.read_text("utf-8").splitlines()[:SENTENCES]
        rows = [json.loads(line) for line in lines]
        out.extend(r.get("sentence-detokenized") or " ".join(r["sentence"]) for r in rows)
    conllu = eval_path("ner", "bsnlp", "ru", "val.conllu").read_text("utf-8")
    words = [line.split("\t")[1] for line in conllu.splitlines() if "\t" in line]
    out.extend(" ".join(words[i : i + 40]) for i in range(0, 40 * SENTENCES, 40))
    return out


def _as_before(tokenizer: Tokenizer, text: str, rust: object) -> Tokens:
    """What the tokenizer gave until issue 29's memory round: ``tokenizers``' Viterbi over the
    whole normalised text, its fused unknown pieces split one per character."""
    norm, source = tokenizer.normalize(text)
    found = rust.encode(norm, add_special_tokens=False)  # type: ignore[attr-defined]
    ids: list[int] = []
    spans: list[tuple[int, int]] = []
    for piece, (a, b) in zip(found.ids, found.offsets, strict=True):
        parts = [(c, c + 1) for c in range(a, b)] if piece == tokenizer.unk else [(a, b)]
        for s, e in parts:
            first = s + 1 if norm[s] == META and e > s + 1 else s
            ids.append(piece)
            spans.append((int(source[first]), int(source[e - 1]) + 1))
    return Tokens(ids, spans)


def test_the_same_pieces_as_tokenizers_and_the_reference_in_eight_languages() -> None:
    from tokenizers import Tokenizer as Rust
    from tokenizers.models import Unigram

    weights = base_weights()
    vocab = [
        (piece, score) if piece is not None else ("<unk>", 0.0)
        for piece, score in zip(weights.vocabulary(), weights.scores.tolist(), strict=True)
    ]
    rust = Rust(Unigram(vocab, weights.unk, False))
    tokenizer = Tokenizer(weights)
    reference = ref.Encoder()
    texts = _sentences()
    assert len(texts) == SENTENCES * (len(LANGUAGES) + 1)
    pieces = 0
    for text in texts + ODD:
        got = tokenizer.tokenize(text)
        assert got == _as_before(tokenizer, text, rust), text
        assert got == reference.tokenize(text), text
        pieces += len(got.ids)
    assert pieces > 30_000
    # the second time, every word comes from the cache: the same pieces
    assert [tokenizer.tokenize(t) for t in texts[:50]] == [
        reference.tokenize(t) for t in texts[:50]
    ]


def test_the_word_cache_is_bounded() -> None:
    tokenizer = Tokenizer(base_weights())
    text = " ".join(f"w{i}" for i in range(CACHED_WORDS + 10))
    assert len(tokenizer.tokenize(text).ids) >= CACHED_WORDS
    assert len(tokenizer._words) <= CACHED_WORDS


PROBE = """
import resource
from newstrace.encoder.runtime import base_weights
from newstrace.encoder.tokenizer import Tokenizer
weights = base_weights()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
Tokenizer(weights).tokenize("Il Movimento 5 Stelle non è contro la NATO.")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def test_the_tokenizer_holds_a_fifth_of_what_tokenizers_held() -> None:
    # a fresh process: its peak RSS is the tokenizer's alone (tokenizers' model: 263 MB, 306 at
    # its peak while built)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    grown_mb = float(out.stdout.strip())
    assert grown_mb < 90, grown_mb
