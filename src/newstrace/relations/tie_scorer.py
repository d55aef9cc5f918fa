"""The learned tie reader: for every ordered pair of actor mentions in a sentence, the
probability of each tie kind (or of none), from one pass of a fine-tuned encoder over the
sentence.

The model (``models/relations/ties.npz``, card.md beside it) is multilingual-e5-small's first
``layers`` layers with low-rank updates and a linear head, fine-tuned on the newsrel training
annotations (training/relations/finetune_ties.py, never the dev set). One pass reads the
sentence; each pair is scored from the mean of its source's pieces, of its target's, their
product and the mean of the sentence's pieces (``pair_inputs``, what the training script
feeds its head too). The probability of a kind is the tie's confidence; ``[relations]
tie_threshold`` decides what is shown. Without the file, or for another language, the rule
readers of ``relations.ties`` stand alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..actors.roles import role_between
from ..model import Tie
from .syntax import Placed, negated
from .ties import Found

MODEL = "models/relations/ties.npz"
LANGUAGES = frozenset({"en"})
# newsrel's tie kinds (GUIDELINES.md); the model's classes are "none" and these
KINDS = (
    "meeting",
    "visit",
    "agreement",
    "alliance",
    "funding",
    "support",
    "opposition",
    "criticism",
    "invitation",
    "friendship",
    "family",
    "member_of",
    "leader_of",
    "works_for",
    "role",
)
CLASSES = ("none", *KINDS)
SYMMETRIC = frozenset({"meeting", "agreement", "alliance", "friendship", "family"})
# the least probability of a tie kept by default (the stage passes [relations]
# tie_model_threshold)
FLOOR = 0.1
# the encoder in int8 (graph.FLOAT_KEPT as for the quotes tagger): on the training articles held
# out it reads what float32 reads (precision 0.68 / 0.67 at 0.8 / 0.9 in both) and it keeps a
# pool worker under issue 29's memory cap (models/relations/card.md)
INT8 = True
# the longest sentence read (pieces); a longer one is read in its first MAX_PIECES
MAX_PIECES = 254


@dataclass(frozen=True, slots=True)
class Pair:
    """An ordered pair of actor mentions in one sentence (source first) and the kind of a role
    written between them (actors.roles), which the actors stage reads."""

    source: Placed
    target: Placed
    role_kind: str | None


def candidates(text: str, placed: Sequence[Placed]) -> list[Pair]:
    """Every ordered pair of mentions of two different names that do not overlap."""
    out = []
    for a in placed:
        for b in placed:
            if a is b or a.mention.norm == b.mention.norm:
                continue
            if a.start < b.end and b.start < a.end:
                continue
            role = role_between(text, a.mention, b.mention)
            out.append(Pair(a, b, role[0] if role else None))
    return out


def end_masks(spans: Sequence[tuple[int, int]], ends: Sequence[tuple[int, int]]) -> np.ndarray:
    """(ends, pieces): 1 for the pieces each character span (relative to the sentence)
    overlaps; an end no piece overlaps (cut off a long sentence) gets none."""
    out = np.zeros((len(ends), len(spans)), dtype=np.float32)
    for i, (a, b) in enumerate(ends):
        for j, (s, e) in enumerate(spans):
            if s < b and a < e:
                out[i, j] = 1.0
    return out


def pair_inputs(states: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The head's input for pairs: ``states`` (pieces, hidden) of the sentence's pieces (no
    <s>, </s>), ``source`` and ``target`` (pairs, pieces) masks; [source mean, target mean,
    their product, sentence mean] per pair."""
    s = source @ states / np.maximum(source.sum(1, keepdims=True), 1.0)
    t = target @ states / np.maximum(target.sum(1, keepdims=True), 1.0)
    m = np.broadcast_to(states.mean(0), s.shape)
    return np.concatenate([s, t, s * t, m], axis=1)


class TieModel:
    """The fine-tuned encoder (its own session over the shared base weights) and the head."""

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        from ..encoder import Tuned

        self.tuned = Tuned(params, int8=INT8, prepack=False)
        self.classes = tuple(str(c) for c in params["classes"])

    def proba(
        self, sentence: str, pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]]
    ) -> np.ndarray:
        """(pairs, classes): each pair's (source span, target span; characters in
        ``sentence``) probability of each class, from one pass over the sentence."""
        enc = self.tuned.encoder
        tokens = enc.tokenize(sentence)
        ids, spans = tokens.ids[:MAX_PIECES], tokens.spans[:MAX_PIECES]
        states = enc.last(ids)[1:-1]
        masks = end_masks(spans, [e for p in pairs for e in p])
        x = pair_inputs(states, masks[0::2], masks[1::2])
        z = x @ self.tuned.w + self.tuned.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


@lru_cache(maxsize=1)
def load_model() -> TieModel | None:
    """The shipped model, built once per process; None when it is not installed."""
    from ..encoder import read_tuned

    params = read_tuned(MODEL)
    return TieModel(params) if params is not None else None


@lru_cache(maxsize=1)
def model_digest() -> str | None:
    """The shipped model file's digest (None without one)."""
    import hashlib
    from importlib import resources

    path = resources.files("newstrace").joinpath(MODEL)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else None


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
    text: str,
    sentence: tuple[int, int],
    placed: Sequence[Placed],
    rules: Sequence[Found],
    lang: str,
    name_of: Callable[[Placed], str],
    floor: float = FLOOR,
) -> list[Found]:
    """The ties the model reads in one sentence with a probability of at least ``floor``, one
    per kind and pair of names (the most likely of their mentions; a symmetric kind once for
    both orders), beside the rules' readings (``rules``), which stand as they are where they
    read the same kind and names. A kind that a role written between the names gives is left
    to the actors stage (``actors.roles``). A tie is negated where the word the two names meet
    at is (relations.syntax.negated)."""
    pairs = candidates(text, placed)
    if not pairs:
        return list(rules)
    lo = sentence[0]
    probs = model.proba(
        text[sentence[0] : sentence[1]],
        [
            ((p.source.start - lo, p.source.end - lo), (p.target.start - lo, p.target.end - lo))
            for p in pairs
        ],
    )
    best: dict[tuple[str, str, str], Found] = {}
    for p, row in zip(pairs, probs, strict=True):
        meet = _meeting(p)
        for c, kind in enumerate(model.classes):
            if kind == "none" or row[c] < floor or kind == p.role_kind:
                continue
            source, target = p.source, p.target
            if kind in SYMMETRIC and target.start < source.start:
                source, target = target, source
            key = (kind, name_of(source), name_of(target))
            if key[1] == key[2]:
                continue
            a, b = min(p.source.end, p.target.end), max(p.source.start, p.target.start)
            cue = (meet.idx, meet.idx + len(meet.text)) if meet is not None else (a, max(a, b))
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
    # the rules' own readings stay as they are, with their hand-set confidences (a kind the
    # model has seen a handful of times, a funding denial, keeps what the rule says); the
    # model adds what they do not read
    ruled: dict[tuple[str, str, str], Found] = {}
    for f in rules:
        source, target = f.source, f.target
        if f.kind in SYMMETRIC and target.start < source.start:
            source, target = target, source
        ruled.setdefault((f.kind, name_of(source), name_of(target)), f)
    return [*rules, *(f for key, f in best.items() if key not in ruled)]


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
    "CLASSES",
    "KINDS",
    "LANGUAGES",
    "Pair",
    "TieModel",
    "candidates",
    "end_masks",
    "load_model",
    "once_per_article",
    "pair_inputs",
    "read_ties",
]
