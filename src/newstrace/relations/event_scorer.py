"""How likely a dated event read from the parse is one an analyst would list, with its date
right: a logistic regression over what the reading rests on (the word the date hangs on,
actors, quotes, a second event of the same date in the sentence) and what kind of date
expression it is (a weekday, a month, a bare year or number, a relative "this week"; its
precision; whether it lies after the publication).

The weights (``models/relations/events.npz``, card.md beside it) were fitted with numpy on
the newsrel training annotations (training/relations/, not the dev set); their probability is
the event's confidence. Without the file, ``event_confidence``'s hand-set factors stand in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from .confidence import event_confidence
from .dates import DateMention
from .fitted import fitted_weights, probability

MODEL = "events.npz"
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(\s|$)", re.I
)
_RELATIVE = re.compile(
    r"\b(this|last|next|past|ago|earlier|later|recent|today|tonight|yesterday|tomorrow"
    r"|week|weekend)\b",
    re.I,
)
FEATURES = (
    "bias",
    "head_verb",
    "head_aux",
    "head_noun",
    "no_actors",
    "quoted",
    "again",
    "day",
    "month",
    "year_only",
    "weekday",
    "month_name",
    "relative",
    "bare_number",
    "after_publication",
)


@dataclass(frozen=True, slots=True)
class EventReading:
    """What one dated event's reading rests on."""

    head_pos: str
    actors: int
    quoted: bool
    again: bool
    date: DateMention
    published: datetime | None


def features(r: EventReading) -> np.ndarray:
    value, text = r.date.value or "", r.date.text
    after = False
    if r.published is not None and value[:4].isdigit():
        after = value > r.published.strftime("%Y-%m-%d")[: len(value)]
    return np.array(
        [
            1.0,
            r.head_pos == "VERB",
            r.head_pos == "AUX",
            r.head_pos == "NOUN",
            r.actors == 0,
            r.quoted,
            r.again,
            len(value) == 10,
            len(value) == 7,
            len(value) == 4,
            bool(_WEEKDAY.search(text)),
            bool(_MONTH.search(text)),
            bool(_RELATIVE.search(text)),
            not any(c.isalpha() for c in text),
            after,
        ],
        dtype=np.float64,
    )


@lru_cache(maxsize=1)
def _weights() -> np.ndarray | None:
    return fitted_weights(MODEL, FEATURES)


def score_event(r: EventReading) -> float:
    """The event's confidence (0..1)."""
    w = _weights()
    if w is None:
        return event_confidence(r.head_pos, r.actors, r.quoted, r.again)
    return round(probability(features(r), w), 3)
