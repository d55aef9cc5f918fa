"""Dated events in a language without a parse (Italian, Russian, German, French, Spanish): the
clause of each date, with the actors the clause names.

Without a parse the clause is the stretch of the sentence between the marks that end clauses
(";", ":", a dash or a slash set off by spaces), and an event needs an actor named in it: a date in a
clause that names no one dates nothing an analyst can follow. A date inside parentheses dates
what the parentheses speak of, not the sentence's event: "Secondo Turčinov ... (nel 1954
Nikita Chruščёv la assegnò ...)" is an event of 1954 in the parentheses, with the actors named
in them, and the accusation is not of 1954. A date in quotation marks is someone's words and
dates no event here. Nor does a date after "since", "from", "until" or "by" ("С мая 2009 года по ноябрь 2016
года сайт назывался", "dal 2010", "к 2030 году"): it bounds a state or sets a deadline, it
dates no happening. A clause that is only its date and
names (a dateline: "Roma, 29 settembre 2010.") is no event. One event per clause, with its
first date."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .dates import DateMention
from .events import MAX_CHARS, FoundEvent
from .syntax import Placed

_CLAUSE_END = re.compile(r"\s*;\s*|:\s+|\s+[–—/|-]\s+")
# "since", "from", "until", "to", "by" just before a date, in the languages read without a
# parse ("dal 1999 al 2013", "du 12 au 25 juin")
_BOUND = re.compile(
    r"(?:^|\s)(?:с|со|начиная\s+с|по|до|к|ко|dal|dall['’]|dalla|da|al|all['’]|au|"
    r"a\s+partire\s+da\w*|"
    r"fino\s+a\w*|entro(?:\s+il)?|seit|ab|bis|depuis|dès|jusqu['’]\s*(?:en|au|à)|desde|"
    r"a\s+partir\s+de|hasta)\s*$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_OPEN, _CLOSE = "([", ")]"
_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"'}


def from_clauses(
    text: str, start: int, end: int, dates: Sequence[DateMention], placed: Sequence[Placed]
) -> Iterator[FoundEvent]:
    """The events of the sentence ``text[start:end]``: per clause, its first date that stands
    in the clause's own words, with the actors named in the clause."""
    enclosed = _enclosed(text, start, end)
    seen: set[tuple[int, int]] = set()
    for date in dates:
        around = sorted(
            ((a, b) for a, b in enclosed if a <= date.start and date.end <= b),
            key=lambda span: span[1] - span[0],
        )
        if any(text[a] not in _OPEN for a, _ in around):
            continue  # in someone's words
        if _BOUND.search(text[max(start, date.start - 25) : date.start]):
            continue
        if around:  # the innermost parentheses: their own clause
            a, b = _clause(text, around[0][0] + 1, around[0][1] - 1, date.start)
        else:
            a, b = _clause(text, start, end, date.start)
        if (a, b) in seen or b - a > MAX_CHARS:
            continue
        seen.add((a, b))
        actors = tuple(
            p for p in placed if a <= p.start and p.end <= b and not _inside(p, date, enclosed)
        )
        if actors and _has_words(text, a, b, [(date.start, date.end), *actor_spans(actors)]):
            yield FoundEvent(date, a, b, actors)


def actor_spans(actors: Sequence[Placed]) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in actors]


def _has_words(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """``text[a:b]`` holds a word outside ``spans`` (the date and the names)."""
    chars = list(text[a:b])
    for x, y in spans:
        for i in range(max(x, a), min(y, b)):
            chars[i - a] = " "
    return _WORD.search("".join(chars)) is not None


def _inside(p: Placed, date: DateMention, enclosed: list[tuple[int, int]]) -> bool:
    """The actor is named inside parentheses or quotes the date is not in."""
    return any(a <= p.start and p.end <= b and not (a <= date.start < b) for a, b in enclosed)


def _enclosed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans in parentheses or quotation marks in ``text[start:end]`` (absolute offsets)."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = text[i]
        if opened and ch == opened[-1][0]:
            spans.append((opened.pop()[1], i + 1))
        elif ch in _OPEN:
            opened.append((_CLOSE[_OPEN.index(ch)], i))
        elif ch in _QUOTES:
            opened.append((_QUOTES[ch], i))
    return spans


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The stretch of the sentence around ``at`` between clause ends, trimmed."""
    a, b = start, end
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.end() <= at:
            a = m.end()
        elif m.start() >= at:
            b = min(b, m.start())
            break
    while b > a and text[b - 1].isspace():
        b -= 1
    while a < b and text[a].isspace():
        a += 1
    return a, b
