"""The stance model: does a candidate (relations.stance_candidates) state its holder's position
toward its target, and which way? A multinomial logistic regression (none, pro, anti) over
what the candidate rests on, cheap at run time:

- how the holder was found (subject, speaker, pronoun, owner) and how the target hangs on the
  word that governs it (object, "for", "against", "on", "of", an open or reported clause, an
  actor in the clause, a quote's phrase), that word's lemma (the ``vocabulary`` fitted with the
  weights) and whether it is negated, a speech verb or a position word of its own;
- the position word above the target (stance_cues.tsv through stances.polarity_of) and the
  rule readers' own stance or tie for that holder and target, if any;
- the target (its length, an actor, a person) and the holder (its type), the words between
  them, the candidates the sentence gives.
- no encoder: the target-sentiment model's probabilities (relations.sentiment) were tried as
  features and did not earn their place (held out on the training articles, precision fell at
  every threshold), and they cost a pass of the encoder per candidate.

The weights (``models/relations/stance_model.npz``: ``weights`` (features x 3), ``features``,
``threshold``) are fitted with numpy on the newsrel training annotations
(training/relations/train_stance_model.py, never the dev set). A stance's confidence would be
the model's probability of its polarity, and its stances would replace the rule readers'. They
are not shipped: held out on the 153 training articles the model keeps stances more precisely
than the rule readers at the same recall (P 0.35 against 0.28 at R 0.045), but on newsrel dev
it does not (P 0.42 at R 0.066 against the readers' 0.42 at 0.116; models/relations/card.md).
Without the file the relations stage reads stances by the rules alone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .stance_candidates import Candidate
from .stances import CueList, polarity_of
from .syntax import negated

MODEL = "stance_model.npz"
LANGUAGES = frozenset({"en"})  # what it was fitted on
CLASSES = ("none", "pro", "anti")
HOWS = ("subject", "speaker", "pronoun", "owner")
_PREPS = ("for", "against", "on", "of", "to", "about", "with", "over", "toward", "in")
ARCS = (
    "dobj",
    *(f"prep_{p}" for p in _PREPS),
    "prep",
    "xcomp",
    "ccomp",
    "ccomp_subject",
    "attr",
    "acomp",
    "nsubjpass",
    "actor",
    "owned",
    "quoted_subject",
    "quoted_object",
    "quoted",
    "other",
)
HOLDER_TYPES = ("person", "organization", "party", "place", "state")
BASE = (
    "bias",
    *(f"how_{h}" for h in HOWS),
    *(f"arc_{a}" for a in ARCS),
    "cue_pro",
    "cue_anti",
    "cue_negated",
    "governor_negated",
    "governor_speech",
    "governor_noun",
    "rule_pro",
    "rule_anti",
    "tie_pro",
    "tie_anti",
    "target_words",
    "target_actor",
    "target_person",
    "target_verb",
    *(f"holder_{t}" for t in HOLDER_TYPES),
    "distance",
    "candidates",
    "in_quote",
)


def arc_of(c: Candidate) -> str:
    """The candidate's arc, folded to ``ARCS``."""
    if c.arc.startswith("quoted_"):
        dep = c.arc[len("quoted_") :]
        if dep in ("nsubj", "nsubjpass"):
            return "quoted_subject"
        if dep in ("dobj", "pobj", "attr"):
            return "quoted_object"
        return "quoted"
    if c.arc.startswith("prep_"):
        return c.arc if c.arc in ARCS else "prep"
    if c.arc in ("pcomp",):
        return "prep"
    if c.arc in ("oprd",):
        return "attr"
    return c.arc if c.arc in ARCS else "other"


@dataclass(frozen=True, slots=True)
class Signals:
    """What the rule readers said of one candidate's holder and target: their stance's
    polarity and confidence, the kind of a support, criticism or opposition tie between the
    two."""

    rule: tuple[str, float] | None = None
    tie: str | None = None


def governor_lemma(c: Candidate, sdoc: Any) -> str:
    return sdoc[c.governor].lemma_.lower() if c.governor is not None else ""


def features(
    c: Candidate,
    sdoc: Any,
    cues: CueList,
    lang: str,
    speech: set[str],
    signals: Signals,
    in_sentence: int,
    vocabulary: Sequence[str],
) -> np.ndarray:
    """The candidate's feature vector: ``BASE`` then one per ``vocabulary`` lemma."""
    head = sdoc[c.head]
    gov = sdoc[c.governor] if c.governor is not None else None
    found = polarity_of(head, cues, lang)
    cue = found[0] if found is not None else None
    arc = arc_of(c)
    holder_root = c.holder.root
    distance = abs(holder_root.i - head.i) if holder_root is not None else 40
    rule = signals.rule
    words = len(c.target.split())
    lemma = gov.lemma_.lower() if gov is not None else ""
    base = [
        1.0,
        *(c.how == h for h in HOWS),
        *(arc == a for a in ARCS),
        cue == "pro",
        cue == "anti",
        cue == "neutral",
        gov is not None and negated(gov, lang, denial=False),
        lemma in speech,
        gov is not None and gov.pos_ == "NOUN",
        rule is not None and rule[0] == "pro",
        rule is not None and rule[0] == "anti",
        signals.tie == "pro",
        signals.tie == "anti",
        math.log1p(words),
        c.target_mention is not None,
        c.target_mention is not None and head.ent_type_ == "PERSON",
        head.pos_ == "VERB",
        *(c.holder.mention.type == t for t in HOLDER_TYPES),
        math.log1p(min(distance, 40)),
        math.log1p(in_sentence),
        c.quote is not None,
    ]
    lexical = [lemma == v for v in vocabulary]
    return np.array([*base, *lexical], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Fitted:
    weights: np.ndarray  # (features, classes)
    vocabulary: tuple[str, ...]
    threshold: float  # what cross-validation on the training articles chose


@lru_cache(maxsize=1)
def load() -> Fitted | None:
    """The shipped weights, or None when the file is missing or fitted on other features."""
    path = resources.files("newstrace") / "models" / "relations" / MODEL
    try:
        with resources.as_file(path) as file, np.load(file) as data:
            names = tuple(str(n) for n in data["features"])
            if names[: len(BASE)] != BASE:
                return None
            vocabulary = tuple(n.removeprefix("governor=") for n in names[len(BASE) :])
            return Fitted(
                np.asarray(data["weights"], dtype=np.float64),
                vocabulary,
                float(data["threshold"]),
            )
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None


def feature_names(vocabulary: Sequence[str]) -> tuple[str, ...]:
    return (*BASE, *(f"governor={v}" for v in vocabulary))


def probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(n, 3) class probabilities of feature rows ``x``."""
    z = np.atleast_2d(x) @ w
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return np.asarray(z / z.sum(axis=1, keepdims=True))
