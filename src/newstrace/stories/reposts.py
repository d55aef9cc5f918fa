"""Republications and translations between two articles of a story.

- Same language: MinHash (datasketch) over word 5-gram shingles estimates how much text two
  articles share; sentence alignment catches rewrites.
- Across languages: sentences are aligned by multilingual embeddings plus a character-trigram
  signal over transliterated text (names and numbers survive translation). Many aligned
  sentences, largely in order, make a translation; so do many sentences that are each other's
  best match above ``loose_align_threshold``, in order (a weaker embedding for a language).
- Direction: a credit line in one article naming the other's outlet ("Originally published by
  …", "Source: …", "по материалам …") decides; else the earlier publication is the source; on
  the same day (or without dates) the article with machine-translation artefacts is the copy;
  then ingest order decides.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..model import Article, Sentence
from ..settings import StoriesSettings
from ..text import whole_words

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_ALIGNED = 3  # sentences that must align for a translation or a rewrite


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    language: str | None
    day: date | None
    order: int  # ingest order
    text: str
    sentences: tuple[Sentence, ...]
    vectors: Any  # (n_sentences, dim) float32, L2-normalised
    outlet: str | None = None


def day_of(published: str | None) -> date | None:
    """The day of an ISO date or date-time string; None when there is none."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def article_view(
    article: Article, vectors: Any, sentences: Sequence[Sentence], order: int
) -> ArticleView:
    return ArticleView(
        id=article.id,
        language=article.language,
        day=day_of(article.published),
        order=order,
        text=article.text,
        sentences=tuple(sentences),
        vectors=vectors,
        outlet=article.outlet,
    )


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PairVerdict:
    kind: str  # translation, republication, independent
    source: str
    article: str
    share: float  # aligned sentences over the shorter article's sentences
    in_order: float
    minhash: float | None
    aligned: tuple[tuple[int, int, float], ...] = ()
    signals: tuple[Signal, ...] = field(default=())

    def evidence(self, source: ArticleView, copy: ArticleView) -> dict[str, Any]:
        """Scores, aligned sentence pairs (source, copy) and the copy's translation signals."""

        def span(view: ArticleView, i: int) -> dict[str, Any]:
            s = view.sentences[i]
            return {
                "article": view.id,
                "start": s.start,
                "end": s.end,
                "text": view.text[s.start : s.end],
            }

        return {
            "share": round(self.share, 3),
            "in_order": round(self.in_order, 3),
            "minhash": None if self.minhash is None else round(self.minhash, 3),
            "aligned": [
                {"source": span(source, i), "copy": span(copy, j), "similarity": round(sim, 3)}
                for i, j, sim in self.aligned[:20]
            ],
            "signals": [
                {"name": s.name, "article": copy.id, "start": s.start, "end": s.end, "text": s.text}
                for s in self.signals
            ],
        }


@lru_cache(maxsize=1)
def _signal_patterns() -> list[tuple[str, re.Pattern[str], frozenset[str]]]:
    text = resources.files("newstrace.stories").joinpath("mt_signals.toml").read_text("utf-8")
    return [
        (s["name"], re.compile(s["pattern"]), frozenset(s.get("languages", ())))
        for s in tomllib.loads(text)["signal"]
    ]


def mt_signals(text: str, language: str | None) -> list[Signal]:
    found = []
    for name, pattern, languages in _signal_patterns():
        if languages and language not in languages:
            continue
        for match in pattern.finditer(text):
            start, end = whole_words(text, match.start(), match.end())
            found.append(Signal(name, start, end, text[start:end]))
    return sorted(found, key=lambda s: s.start)


def minhash_jaccard(a: str, b: str, num_perm: int = 128) -> float:
    return float(_sketch(a, num_perm).jaccard(_sketch(b, num_perm)))


@lru_cache(maxsize=2048)
def _sketch(text: str, num_perm: int) -> Any:
    """The MinHash of a text's five-word shingles, made once per text (an article is compared
    with each of its candidates), all shingles hashed in one batch: the same values as one
    update each."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=num_perm)
    m.update_batch(
        [" ".join(words[i : i + 5]).encode("utf-8") for i in range(max(len(words) - 4, 1))]
    )
    return m


def sentence_similarity(a: ArticleView, b: ArticleView, surface_weight: float) -> np.ndarray:
    sims = np.asarray(a.vectors, dtype=np.float32) @ np.asarray(b.vectors, dtype=np.float32).T
    if surface_weight and a.language != b.language and len(a.sentences) and len(b.sentences):
        from .embed import surface_vectors

        sa = surface_vectors([a.text[s.start : s.end] for s in a.sentences])
        sb = surface_vectors([b.text[s.start : s.end] for s in b.sentences])
        sims = sims + surface_weight * (sa @ sb.T).toarray()
    return sims


def align(sims: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Mutual best matches at or above ``threshold``, in order of the first article."""
    if sims.size == 0:
        return []
    best_j = sims.argmax(axis=1)
    best_i = sims.argmax(axis=0)
    return [
        (i, int(j), float(sims[i, j]))
        for i, j in enumerate(best_j)
        if best_i[j] == i and sims[i, j] >= threshold
    ]


def ordered_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of aligned pairs (given in order of the first article) that keeps the
    order in the second article too."""
    tails: list[int] = []  # index into pairs of the smallest tail of a run of each length
    back: list[int] = []
    for k, (_, j, _) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back.append(tails[lo - 1] if lo else -1)
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    chain: list[tuple[int, int, float]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def in_order(pairs: list[tuple[int, int, float]]) -> float:
    """Share of aligned pairs on the longest run that keeps the order in both articles."""
    return len(ordered_chain(pairs)) / len(pairs) if pairs else 0.0


def classify_pair(a: ArticleView, b: ArticleView, params: StoriesSettings) -> PairVerdict:
    """What ``a`` and ``b`` are to each other, with the direction and the evidence."""
    same_language = a.language == b.language
    sims = sentence_similarity(a, b, params.surface_weight)
    threshold = params.align_threshold + (0.1 if same_language else 0.0)
    pairs = align(sims, threshold)
    shorter = max(min(len(a.sentences), len(b.sentences)), 1)
    share = len(pairs) / shorter
    order = in_order(pairs)
    if not same_language:
        # A weaker model for a language (Ukrainian) scores true translations lower; what
        # gives them away is that most sentences of both articles (not only of the shorter:
        # a short page shares its headline and dateline with many) are each other's best
        # match, in order.
        loose = align(sims, params.loose_align_threshold)
        chain = ordered_chain(loose)
        longer = max(len(a.sentences), len(b.sentences), 1)
        if len(chain) / longer >= params.translation_share and len(chain) / shorter > share:
            pairs, share, order = chain, len(chain) / shorter, len(chain) / len(loose)
    minhash = minhash_jaccard(a.text, b.text) if same_language else None
    # Two aligned lines prove little: a headline and a dateline ("LONDON 1996-08-30") are
    # shared by many pages of one place and day.
    enough = len(pairs) >= MIN_ALIGNED
    if not same_language and enough and share >= params.translation_share and order >= 0.6:
        kind = "translation"
    elif (minhash is not None and minhash >= params.minhash_threshold) or (
        enough and share >= params.republication_share and order >= 0.6
    ):
        kind = "republication"
    else:
        kind = "independent"
    signals_a = mt_signals(a.text, a.language)
    signals_b = mt_signals(b.text, b.language)
    source, copy = direction(a, b, len(signals_a), len(signals_b))
    copy_signals = signals_b if copy is b else signals_a
    if source is b:
        pairs = [(j, i, s) for i, j, s in pairs]
    return PairVerdict(
        kind=kind,
        source=source.id,
        article=copy.id,
        share=share,
        in_order=order,
        minhash=minhash,
        aligned=tuple(pairs),
        # Artefacts of machine translation are evidence of copying only in a copy.
        signals=tuple(copy_signals) if kind != "independent" else (),
    )


_CREDIT = re.compile(
    r"(?:originally (?:published|appeared) (?:in|on|by|at)|first (?:published|appeared) (?:in|on|by)"
    r"|reprinted (?:from|with permission of)|republished (?:from|with permission)|source:|via|courtesy of"
    r"|translated from|по материалам|источник:|fonte:|tradotto da)\s+(?:the\s+)?([^\n.,;]{2,60})",
    re.IGNORECASE,
)


def credits(copy: ArticleView, source: ArticleView) -> bool:
    """Whether ``copy`` carries a credit line naming ``source``'s outlet."""
    if not source.outlet:
        return False
    name = source.outlet.lower().removeprefix("www.")
    stem = name.split(".")[0] if "." in name else name
    for match in _CREDIT.finditer(copy.text):
        credited = match.group(1).lower()
        if name in credited or (len(stem) > 3 and stem in credited.replace(" ", "")):
            return True
    return False


def direction(
    a: ArticleView, b: ArticleView, signals_a: int, signals_b: int
) -> tuple[ArticleView, ArticleView]:
    """(source, copy): a credit line naming the other's outlet first, then the earlier date,
    then fewer machine-translation artefacts, then ingest order."""
    if credits(a, b) != credits(b, a):
        return (b, a) if credits(a, b) else (a, b)
    if a.day and b.day and a.day != b.day:
        return (a, b) if a.day < b.day else (b, a)
    if signals_a != signals_b:
        return (b, a) if signals_a > signals_b else (a, b)
    return (a, b) if a.order <= b.order else (b, a)
