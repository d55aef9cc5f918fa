"""The learned tie reader: for every ordered pair of actor mentions in a parsed English
sentence, the probability of each tie kind (or of none), from the parse and the encoder
(``relations.tie_features``), by a multinomial logistic regression.

The weights (``models/relations/ties.npz``, card.md beside it) were fitted with numpy/scipy on
the newsrel training annotations (training/relations/train_ties.py, never the dev set). The
probability of a kind is the tie's confidence; ``[relations] tie_threshold`` decides what is
shown. Without the file, or for another language, the rule readers of ``relations.ties``
stand alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..actors.roles import role_between
from ..model import Tie
from .syntax import Placed, negated
from .tie_features import (
    KINDS,
    Pair,
    encoder_features,
    kind_words,
    syntax_features,
    syntax_names,
)
from .ties import Found

MODEL = "ties.npz"
LANGUAGES = frozenset({"en"})
PREFIX = "query: "  # e5's task marker
# pairs whose best kind is less likely than this are not kept at all (not even for --all)
FLOOR = 0.1
SYMMETRIC = frozenset({"meeting", "agreement", "alliance", "friendship", "family"})


@dataclass(frozen=True, slots=True)
class TieModel:
    classes: tuple[str, ...]  # "none", then kinds
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray
    encoder: bool  # whether the encoder's states are among the features

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


@lru_cache(maxsize=1)
def load_model() -> TieModel | None:
    path = resources.files("newstrace") / "models" / "relations" / MODEL
    try:
        with resources.as_file(path) as file, np.load(file) as data:
            if tuple(str(n) for n in data["syntax"]) != syntax_names():
                return None  # weights for another feature set: the rules stand alone
            return TieModel(
                tuple(str(c) for c in data["classes"]),
                np.asarray(data["mean"], dtype=np.float32),
                np.asarray(data["scale"], dtype=np.float32),
                np.asarray(data["weights"], dtype=np.float32),
                np.asarray(data["bias"], dtype=np.float32),
                bool(data["encoder"]),
            )
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def model_digest() -> str | None:
    """The shipped model file's digest (None without one)."""
    import hashlib

    path = resources.files("newstrace") / "models" / "relations" / MODEL
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else None


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from ..encoder import Encoder

    return Encoder(None, int8=False, prepack=False)


def sentence_states(sentence: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The base encoder's last states over ``sentence`` and each piece's span in it."""
    enc = _encoder()
    tokens = enc.tokenize(PREFIX + sentence)
    n = len(PREFIX)
    spans = [(max(0, a - n), max(0, b - n)) for a, b in tokens.spans]
    return enc.last(tokens.ids), spans


def candidates(text: str, placed: Sequence[Placed], rules: Sequence[Found]) -> list[Pair]:
    """Every ordered pair of mentions of two different names, with the kind the rules read
    for it and the kind of a role written between them."""
    ruled = {(f.source.mention.id, f.target.mention.id): f.kind for f in rules}
    for f in rules:
        if f.kind in SYMMETRIC:
            ruled.setdefault((f.target.mention.id, f.source.mention.id), f.kind)
    out = []
    for a in placed:
        for b in placed:
            if a is b or a.mention.norm == b.mention.norm:
                continue
            if a.start < b.end and b.start < a.end:
                continue
            role = role_between(text, a.mention, b.mention)
            out.append(
                Pair(a, b, ruled.get((a.mention.id, b.mention.id)), role[0] if role else None)
            )
    return out


def features(
    pairs: Sequence[Pair],
    tokens: Sequence[Any],
    text: str,
    sentence: tuple[int, int],
    triggers: Sequence[Any],
    lang: str,
    with_encoder: bool = True,
) -> np.ndarray:
    """One row per pair: the parse features, then (``with_encoder``) the encoder's."""
    words = kind_words(triggers)
    n = len({p.source.mention.id for p in pairs})
    rows = []
    states, spans = sentence_states(text[sentence[0] : sentence[1]]) if with_encoder else (None, [])
    for p in pairs:
        meet = _meeting(p)
        syn = syntax_features(p, tokens, n, words, meet is not None and negated(meet, lang))
        if states is not None:
            syn = np.concatenate([syn, encoder_features(states, spans, sentence[0], p)])
        rows.append(syn)
    return np.array(rows, dtype=np.float32)


def _meeting(p: Pair) -> Any | None:
    """The word where the two names' paths up the parse meet."""
    if p.source.root is None or p.target.root is None:
        return None
    up = [p.source.root]
    while up[-1].head != up[-1] and len(up) < 30:
        up.append(up[-1].head)
    tok = p.target.root
    for _ in range(30):
        if tok in up:
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def read_ties(
    model: TieModel,
    tokens: Sequence[Any],
    text: str,
    sentence: tuple[int, int],
    placed: Sequence[Placed],
    rules: Sequence[Found],
    triggers: Sequence[Any],
    lang: str,
    name_of: Callable[[Placed], str],
) -> list[Found]:
    """The ties the model reads in one sentence, one per kind and pair of names (the most
    likely of their mentions; a symmetric kind once for both orders), and the rules'
    readings (``rules``) rescored by it. A kind that a role written between the names gives
    is left to the actors stage (``actors.roles``)."""
    pairs = candidates(text, placed, rules)
    if not pairs:
        return []
    probs = model.proba(features(pairs, tokens, text, sentence, triggers, lang, model.encoder))
    best: dict[tuple[str, str, str], Found] = {}
    for p, row in zip(pairs, probs, strict=True):
        meet = _meeting(p)
        for c, kind in enumerate(model.classes):
            if kind == "none" or row[c] < FLOOR or kind == p.role_kind:
                continue
            source, target = p.source, p.target
            if kind in SYMMETRIC and target.start < source.start:
                source, target = target, source
            key = (kind, name_of(source), name_of(target))
            if key[1] == key[2]:
                continue
            lo, hi = min(p.source.end, p.target.end), max(p.source.start, p.target.start)
            cue = (meet.idx, meet.idx + len(meet.text)) if meet is not None else (lo, max(lo, hi))
            found = Found(
                kind,
                source,
                target,
                meet is not None and negated(meet, lang),
                cue,
                round(float(row[c]), 3),
            )
            if key not in best or best[key].confidence < found.confidence:
                best[key] = found
    # the rules' own readings stay, the model's probability of their kind for their pair as
    # their confidence (a kind the model does not know keeps the rules' confidence)
    row_of = {
        (p.source.mention.id, p.target.mention.id): row for p, row in zip(pairs, probs, strict=True)
    }
    for f in rules:
        source, target = f.source, f.target
        if f.kind in SYMMETRIC and target.start < source.start:
            source, target = target, source
        key = (f.kind, name_of(source), name_of(target))
        if key in best:
            continue
        if f.kind in model.classes:
            c = model.classes.index(f.kind)
            ends = [(f.source.mention.id, f.target.mention.id)]
            if f.kind in SYMMETRIC:
                ends.append((f.target.mention.id, f.source.mention.id))
            rows = [row_of[e] for e in ends if e in row_of]
            confidence = round(float(max(r[c] for r in rows)), 3) if rows else f.confidence
            f = Found(f.kind, f.source, f.target, f.negated, f.cue, confidence)
        best[key] = f
    return list(best.values())


def once_per_article(ties: Sequence[Tie], name_of: Callable[[str], str]) -> list[Tie]:
    """One tie per kind, pair of names (``name_of`` a mention id) and negation in an article:
    the most confident (an annotator gives a tie once, with its clearest evidence)."""
    best: dict[tuple[str, str, str, bool], Tie] = {}
    for t in ties:
        ends = [name_of(t.source_mention or t.source), name_of(t.target_mention or t.target)]
        if t.kind in SYMMETRIC:
            ends.sort()
        key = (t.kind, ends[0], ends[1], t.negated)
        if key not in best or (best[key].confidence or 0.0) < (t.confidence or 0.0):
            best[key] = t
    return list(best.values())


__all__ = [
    "KINDS",
    "LANGUAGES",
    "TieModel",
    "candidates",
    "features",
    "load_model",
    "once_per_article",
    "read_ties",
]
