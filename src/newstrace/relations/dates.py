"""Dates in article text, normalised to ISO-like strings with their precision: ``2015``,
``2018-03``, ``2018-03-04``, or a decade, ``1960s``.

Candidates come from spaCy's DATE entities where the pipeline has them and from patterns for
what it misses (bare years, decades such as "the 1960s" or the machine-translated "1960-e
years", "the same year"). Month and day expressions, and expressions relative to the article's
publication date ("last Sunday", "on Monday", "this week"), are resolved by ``dateparser``; an
expression without a year ("last Sunday", "March 4") takes it from the publication date, and
stays unresolved (None) in an article without one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

YEAR = r"(1[5-9]\d\d|20\d\d)"
DECADE = re.compile(
    r"\b(?:the\s+)?(1[5-9]\d0|20\d0)(?:s\b|['’]s\b|-e\s+years?\b|-ies\b|-х(?:\s+годах)?|"
    r"\s*-?\s*х\s+годах)",
    re.I,
)
BARE_YEAR = re.compile(rf"(?<![\d.,$€£-]){YEAR}(?![\d%]|\s*(?:%|percent|per cent))")
SAME_YEAR = re.compile(
    r"\b(?:in\s+)?(?:the\s+same|that)\s+year\b|\bв\s+том\s+же\s+году\b|\bnello\s+stesso\s+anno\b",
    re.I,
)
# words that make a number no date: "$8.6 billion", "2016 votes"
NOT_DATE_AFTER = re.compile(
    r"^\s*(?:votes|people|troops|euros?|dollars|km|kilometres|miles)\b", re.I
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # None: a date expression that could not be resolved

    @property
    def year(self) -> int | None:
        if self.value and self.value[:4].isdigit():
            return int(self.value[:4])
        return None


def published_datetime(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:19].replace("Z", ""))
    except ValueError:
        try:
            return datetime.fromisoformat(published[:10])
        except ValueError:
            return None


@lru_cache(maxsize=64)
def _parser(lang: str, base: datetime | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    languages = [lang] if lang in {"en", "ru", "it", "de", "fr", "es", "uk", "pl"} else ["en"]
    return DateDataParser(languages=languages, settings=settings)


# An expression without a year ("last Sunday", "on Monday", "March 4") takes its year, or its
# whole date, from the publication date.
HAS_YEAR = re.compile(YEAR)


def normalise(expression: str, lang: str | None, published: datetime | None) -> str | None:
    """The ISO-like value of one date expression, or None."""
    if (m := DECADE.search(expression)) is not None:
        return f"{m.group(1)}s"
    relative = HAS_YEAR.search(expression) is None
    if relative and published is None:
        return None
    data = _parser(lang or "en", published if relative else None).get_date_data(expression)
    date = data.date_obj
    if date is None:
        years = re.findall(YEAR, expression)
        return years[0] if len(years) == 1 else None
    if published is not None and date > published and relative:
        return None  # "on Monday" can only be before publication in a report
    period = data.period or "day"
    if period == "year":
        return f"{date.year:04d}"
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        return None  # "this week": too vague for a timeline
    if relative or re.search(r"\d", expression):
        return date.strftime("%Y-%m-%d")
    return None


def find_dates(
    text: str,
    start: int,
    end: int,
    *,
    lang: str | None = None,
    published: datetime | None = None,
    entities: Iterable[tuple[int, int]] = (),
    last_year: str | None = None,
) -> list[DateMention]:
    """Date expressions in ``text[start:end]`` (absolute character offsets), from ``entities``
    (DATE spans a recogniser found) and patterns. ``last_year`` resolves "the same year"."""
    spans: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        if not any(a < y and x < b for x, y in spans):
            spans.append((a, b))

    for a, b in entities:
        if start <= a and b <= end:
            add(a, b)
    segment = text[start:end]
    for pattern in (DECADE, SAME_YEAR, BARE_YEAR):
        for m in pattern.finditer(segment):
            if pattern is BARE_YEAR and NOT_DATE_AFTER.match(segment[m.end() :]):
                continue
            add(start + m.start(), start + m.end())
    found = []
    for a, b in sorted(spans):
        expression = text[a:b]
        if SAME_YEAR.search(expression):
            value = last_year
        else:
            value = normalise(expression, lang, published)
        found.append(DateMention(a, b, expression, value))
    return found
