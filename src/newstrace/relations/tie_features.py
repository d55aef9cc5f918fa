"""What the learned tie scorer (``relations.tie_scorer``) reads about an ordered pair of actor
mentions in one parsed sentence.

Two parts. The parse: the dependency path between the two names (its length, the arcs each
name hangs by, the word where the paths meet), the words between them (a comma, a bracket,
"and", a possessive), the actor types, the tie words on the path and between (the kinds.tsv
triggers, the role words of ``actors.roles`` and the guidelines' own examples of each kind
below), a negation over the meeting word, and what the rule readers make of the pair (the
kind ``relations.ties`` reads, the kind a role written between the names gives). The encoder:
multilingual-e5-small's last states (``newstrace.encoder``, the base weights) averaged over
each name's pieces, over the pieces between them and over the sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..actors.roles import ROLE_KINDS
from .syntax import Placed

# the kinds of newsrel/GUIDELINES.md, in a fixed order (the model's classes follow "none")
KINDS = (
    "meeting", "visit", "agreement", "alliance", "funding", "support", "opposition",
    "criticism", "invitation", "friendship", "family", "member_of", "leader_of", "works_for",
    "role",
)  # fmt: skip
# the guidelines' examples of each kind (lemmas), beside the kinds.tsv triggers and role words
GUIDELINE_WORDS: Mapping[str, str] = {
    **{w: "meeting" for w in ("meet", "talk", "speak", "debate", "interview", "call", "host")},
    **{w: "visit" for w in ("visit", "travel", "tour", "campaign", "stop", "rally", "trip")},
    **{w: "agreement" for w in ("sign", "deal", "negotiate", "accord", "treaty")},
    **{w: "alliance" for w in ("coalition", "ally", "partner", "join", "team")},
    **{w: "funding" for w in ("donate", "finance", "fund", "pay", "lend", "donor", "contribute")},
    **{w: "support" for w in ("endorse", "back", "vote", "support", "defend", "praise",
                              "surrogate", "endorsement", "supporter", "champion")},
    **{w: "opposition" for w in ("run", "challenge", "sue", "defeat", "oppose", "rival", "beat",
                                 "opponent", "challenger", "against", "race", "contest")},
    **{w: "criticism" for w in ("criticize", "attack", "accuse", "condemn", "mock", "slam",
                                "blast", "criticism", "call", "question", "hit", "fault")},
    **{w: "invitation" for w in ("invite", "invitation")},
    **{w: "friendship" for w in ("friend", "friendship", "close")},
    **{w: "family" for w in ("wife", "husband", "daughter", "son", "father", "mother", "brother",
                             "sister", "spouse", "child", "family", "grandson", "granddaughter",
                             "nephew", "niece", "cousin", "uncle", "aunt", "married")},
    **{w: "works_for" for w in ("aide", "adviser", "advisor", "staff", "staffer", "manager",
                                "spokesman", "spokeswoman", "employee", "work", "hire",
                                "consultant", "strategist", "lawyer", "attorney", "reporter",
                                "correspondent", "host", "anchor", "editor", "columnist")},
    **{w: "member_of" for w in ("member", "senator", "congressman", "lawmaker", "candidate",
                                "nominee", "delegate", "republican", "democrat", "democratic")},
    **{w: "leader_of" for w in ("leader", "chairman", "chair", "president", "governor", "head",
                                "ceo", "founder", "mayor", "speaker", "chief", "director")},
}  # fmt: skip
DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "appos", "conj", "attr")
TYPES = ("person", "organization", "party", "place", "state")
MEET_POS = ("VERB", "NOUN", "PROPN", "AUX")
PREPS = ("of", "for", "with", "against", "to", "from", "by", "at", "in", "on")
MAX_PATH = 8
_PREPOSITIONS = frozenset({"with", "after", "down", "against", "from", "into", "about", "over"})


@dataclass(frozen=True, slots=True)
class Pair:
    """An ordered pair of actor mentions in one sentence (source first) and what the rule
    readers made of it."""

    source: Placed
    target: Placed
    rule_kind: str | None  # the kind relations.ties read for this pair, if any
    role_kind: str | None  # the kind of a role written between the names (actors.roles)


def kind_words(triggers: Sequence[Any]) -> dict[str, set[str]]:
    """Lemma -> the kinds it signals: the lexicon's triggers (a trigger of several words by
    each of its words of four letters or more that is not a preposition: "vote for" by
    "vote"), the role words, the guidelines' examples."""
    out: dict[str, set[str]] = {}
    for t in triggers:
        if t.kind in KINDS:
            for w in t.words if len(t.words) > 1 else t.words[:1]:
                if len(t.words) == 1 or (len(w) > 3 and w not in _PREPOSITIONS):
                    out.setdefault(w, set()).add(t.kind)
    for word, kind in (*ROLE_KINDS.items(), *GUIDELINE_WORDS.items()):
        if kind in KINDS:
            out.setdefault(word, set()).add(kind)
    return out


def _ancestors(tok: Any) -> list[Any]:
    chain = [tok]
    while chain[-1].head != chain[-1] and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def syntax_names() -> tuple[str, ...]:
    names = ["bias", "source_first", "distance", "path", "path_short", "no_parse"]
    names += [f"source_dep_{d}" for d in DEPS] + [f"target_dep_{d}" for d in DEPS]
    names += [f"meet_{p}" for p in MEET_POS] + ["meet_at_source", "meet_at_target"]
    names += [f"source_{t}" for t in TYPES] + [f"target_{t}" for t in TYPES]
    names += [f"path_word_{k}" for k in KINDS] + [f"between_word_{k}" for k in KINDS]
    names += [f"sentence_word_{k}" for k in KINDS]
    names += [f"rule_{k}" for k in KINDS] + [f"role_{k}" for k in KINDS]
    names += [f"path_prep_{p}" for p in PREPS]
    names += ["comma_between", "bracket_between", "and_between", "possessive_between"]
    names += ["names_between", "negated", "mentions"]
    return tuple(names)


def syntax_features(
    pair: Pair,
    tokens: Sequence[Any],
    mentions: int,
    words: Mapping[str, set[str]],
    is_negated: bool,
) -> np.ndarray:
    """The parse features of ``pair`` (``syntax_names`` order); ``tokens``: the sentence's."""
    a, b = pair.source, pair.target
    f: dict[str, float] = {"bias": 1.0, "source_first": float(a.start < b.start)}
    f["mentions"] = min(mentions, 10) / 10
    lo, hi = (a, b) if a.start < b.start else (b, a)
    inside = {t.i for t in tokens if a.start <= t.idx < a.end or b.start <= t.idx < b.end}
    between = [t for t in tokens if lo.end <= t.idx < hi.start]
    f["distance"] = min(len(between), 40) / 40
    gap = " ".join(t.text for t in between)
    f["comma_between"] = float("," in gap)
    f["bracket_between"] = float("(" in gap or ")" in gap)
    f["and_between"] = float(any(t.lower_ == "and" for t in between))
    f["possessive_between"] = float(any(t.tag_ == "POS" for t in between))
    for t in between:
        for k in words.get(t.lemma_.lower(), ()):
            f[f"between_word_{k}"] = 1.0
    for t in tokens:
        if t.i not in inside:
            for k in words.get(t.lemma_.lower(), ()):
                f[f"sentence_word_{k}"] = 1.0
    for read, name in ((pair.rule_kind, "rule"), (pair.role_kind, "role")):
        if read in KINDS:
            f[f"{name}_{read}"] = 1.0
    f["negated"] = float(is_negated)
    if a.root is None or b.root is None:
        f["no_parse"] = 1.0
    else:
        up_a, up_b = _ancestors(a.root), _ancestors(b.root)
        common = next((t for t in up_a if t in up_b), None)
        if common is None:
            f["path"] = 1.0
        else:
            path = up_a[: up_a.index(common) + 1] + up_b[: up_b.index(common)]
            f["path"] = min(len(path) - 1, MAX_PATH) / MAX_PATH
            f["path_short"] = float(len(path) <= 3)
            if common.pos_ in MEET_POS:
                f[f"meet_{common.pos_}"] = 1.0
            f["meet_at_source"] = float(common == a.root)
            f["meet_at_target"] = float(common == b.root)
            for t in path:
                if t.i in inside and t not in (common,):
                    continue
                for k in words.get(t.lemma_.lower(), ()):
                    f[f"path_word_{k}"] = 1.0
                if t.dep_ == "prep" and t.lower_ in PREPS:
                    f[f"path_prep_{t.lower_}"] = 1.0
        for side, tok in (("source", a.root), ("target", b.root)):
            if tok.dep_ in DEPS:
                f[f"{side}_dep_{tok.dep_}"] = 1.0
    f["names_between"] = min(sum(1 for t in between if t.ent_iob_ == "B"), 5) / 5
    for side, p in (("source", a), ("target", b)):
        if p.mention.type in TYPES:
            f[f"{side}_{p.mention.type}"] = 1.0
    return np.array([f.get(n, 0.0) for n in syntax_names()], dtype=np.float32)


def pooled(
    states: np.ndarray, spans: Sequence[tuple[int, int]], start: int, end: int
) -> np.ndarray:
    """The mean of the states of the pieces that overlap ``start:end`` (piece ``i``'s state is
    row ``i + 1``: row 0 is <s>); zeros when none does."""
    rows = [i + 1 for i, (x, y) in enumerate(spans) if x < end and y > start]
    if not rows:
        return np.zeros(states.shape[1], dtype=np.float32)
    return np.asarray(states[rows].mean(axis=0), dtype=np.float32)


def encoder_features(
    states: np.ndarray, spans: Sequence[tuple[int, int]], offset: int, pair: Pair
) -> np.ndarray:
    """The two names', the gap's and the sentence's mean states; ``spans`` are character
    spans in the sentence's text, ``offset`` the sentence's start in the article."""
    a, b = pair.source, pair.target
    lo, hi = (a, b) if a.start < b.start else (b, a)
    whole = np.asarray(states[1:-1].mean(axis=0), dtype=np.float32)
    return np.concatenate(
        [
            pooled(states, spans, a.start - offset, a.end - offset),
            pooled(states, spans, b.start - offset, b.end - offset),
            pooled(states, spans, lo.end - offset, hi.start - offset),
            whole,
        ]
    )
