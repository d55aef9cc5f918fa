"""How likely a stance read from the parse is one an analyst would list (the holder, the target
as the text names it, and the polarity all right): a logistic regression over what the reading
rests on (how the holder was found, whether a position word decided the polarity, the kind of
target, a quote, the distance from holder to target) and the target-sentiment model's reading of
the sentence toward the target (the shipped encoder's fine-tuned head, relations.sentiment):
its three class probabilities and how far they agree with the polarity read.

The weights (``models/relations/stances.npz``) are fitted with numpy on the newsrel training
annotations (training/relations/train_stances.py, never the dev set); their probability is the
stance's confidence. They are not shipped yet: fitted on the stances the readers keep on the
training articles it ranks them better than the hand-set confidence, but on dev its
cross-validated threshold keeps fewer right stances than the recall floor allows
(models/relations/card.md, docs/quality.md). Without the file, or with weights for another
feature set, the hand-set confidence (``prior``, relations.confidence) stands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .fitted import fitted_weights, probability

MODEL = "stances.npz"
# how a holder is found: confidence.HOLDER's keys and "noun" (relations.stance_nouns)
HOWS = ("subject", "speaker", "speaker_other", "lifted", "antecedent", "nearest", "noun", "tie")
FEATURES = (
    "bias",
    *(f"how_{h}" for h in HOWS),
    "by_word",
    "pro",
    "neutral",
    "mixed",
    "quoted",
    "target_actor",
    "target_listed",
    "target_words",
    "holder_person",
    "holder_group",
    "distance",
    "readings",
    "prior",
    "sentiment_negative",
    "sentiment_positive",
    "sentiment_agrees",
)


@dataclass(frozen=True, slots=True)
class StanceReading:
    """What one stance's reading rests on."""

    how: str
    by_word: bool  # a position word decided the polarity (not the sentiment model)
    polarity: str
    quoted: bool  # the target is in a quote
    target_actor: bool  # the target is an actor the article names
    target_listed: bool  # the target list (targets.tsv) named it
    target_words: int
    holder_type: str  # the holder mention's type: person, organization, party, ...
    distance: int  # characters between the holder mention and the target
    readings: int  # readings of this holder and target in one statement
    prior: float  # the hand-set confidence (relations.confidence)
    # the target-sentiment model's (negative, neutral, positive) for the sentence toward the
    # target; None where it is not installed
    sentiment: tuple[float, float, float] | None = None


def features(r: StanceReading) -> np.ndarray:
    neg, _neu, pos = r.sentiment if r.sentiment is not None else (0.0, 1.0, 0.0)
    agrees = pos - neg if r.polarity == "pro" else neg - pos if r.polarity == "anti" else 0.0
    return np.array(
        [
            1.0,
            *(r.how == h for h in HOWS),
            r.by_word,
            r.polarity == "pro",
            r.polarity == "neutral",
            r.polarity == "mixed",
            r.quoted,
            r.target_actor,
            r.target_listed,
            np.log1p(r.target_words),
            r.holder_type == "person",
            r.holder_type in ("organization", "party", "group", "org"),
            min(r.distance, 400) / 100.0,
            min(r.readings, 4),
            r.prior,
            neg,
            pos,
            agrees,
        ],
        dtype=np.float64,
    )


@lru_cache(maxsize=1)
def _weights() -> np.ndarray | None:
    return fitted_weights(MODEL, FEATURES)


def fitted() -> bool:
    """The fitted weights are installed (and the sentiment features are worth computing)."""
    return _weights() is not None


def score_stance(r: StanceReading) -> float:
    """The stance's confidence (0..1)."""
    w = _weights()
    if w is None:
        return r.prior
    return round(probability(features(r), w), 3)
