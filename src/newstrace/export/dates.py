"""The ISO-like dates newstrace stores (``2016``, ``2016-03``, ``2016-03-05``, a decade
``1960s``) as the first and last day they cover, for tools that want full dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3})0s$")


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: str  # YYYY-MM-DD
    end: str  # YYYY-MM-DD, inclusive
    precision: str  # day, month, year or decade


def date_span(date: str | None) -> DateSpan | None:
    """The days ``date`` covers; None when it is empty or not one of the stored forms."""
    if not date:
        return None
    if decade := _DECADE.match(date):
        first = int(decade.group(1)) * 10
        return DateSpan(f"{first:04d}-01-01", f"{first + 9:04d}-12-31", "decade")
    match = _DATE.match(date)
    if match is None:
        return None
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        return DateSpan(date, date, "day")
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return DateSpan(f"{year}-{month}-01", f"{year}-{month}-{last:02d}", "month")
    return DateSpan(f"{year}-01-01", f"{year}-12-31", "year")
