"""Dates in article text, normalised to TIMEX-like values (``relations.timex``): ``2015``,
``2018-03``, ``2018-03-04``, ``2018-W10``, ``2018-Q3``, a decade ``1960s``, or ``PRESENT_REF``
for "now".

Candidates come from spaCy's DATE entities where the pipeline has them and from patterns for
what it misses (years after a preposition, decades such as "the 1960s" or the machine-translated
"1960-e years", "the same year", "now", "recently"). English expressions are resolved by the
rules of ``relations.timex`` against the article's publication date, in the direction the
clause's tense gives ("on Tuesday" in a report is past, "will meet on Tuesday" future); other
languages by ``dateparser``, with a weekday named on the publication's own weekday kept on the
publication day. An expression that cannot be resolved (a duration such as "five years", a
relative date in an article without a publication date) is not a date mention. A bare number
is a year only in date context ("in 1917", "the 1917 revolution", not the film "1917")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from . import timex_ml
from .tense import tense_near
from .timex import ANAPHORIC, calendar_value, iso_week, resolve

# the revision of the rules (here, in timex.py and tense.py): the relations stage's settings
# digest holds it, so that stored articles are dated again when it changes
REVISION = 3  # 3: Italian, Russian, German, French and Spanish expressions (timex_ml)

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
# English expressions the recogniser may miss or bury in a longer span, most specific first
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
ENGLISH = (
    # "Sept. 30", "March 31, 1998", "Aug. 7th"
    re.compile(rf"\b{_MONTH}[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"),
    # "March 2014", "January of 1998"
    re.compile(rf"\b{_MONTH}[a-z]*\.?\s+(?:of\s+)?\d{{4}}\b"),
    # "Tuesday", "last Friday", "Wednesday night"
    re.compile(
        r"\b(?:(?:last|next|this|this past|this coming|early|late)\s+)?"
        r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?"
        r"\b",
        re.I,
    ),
    re.compile(
        r"\b(?:(?:early|late|earlier|later)\s+)?(?:today|yesterday|tomorrow|tonight)\b", re.I
    ),
    re.compile(r"\b(?:last|next|this)\s+(?:week|month|year)\b", re.I),
    # "the 1989 period", "the 1988 fiscal quarter"; "the previous Friday"
    re.compile(r"\b(?:the\s+)?\d{4}\s+(?:fiscal\s+)?(?:quarter|period)\b", re.I),
    re.compile(
        r"\bthe\s+(?:previous|following|next)\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b",
        re.I,
    ),
    # "a year ago", "two weeks earlier", "the year-ago quarter"
    re.compile(
        r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
        r"(?:day|week|month|year|decade)s?\s+(?:ago|earlier|later)\b",
        re.I,
    ),
    re.compile(r"\b(?:the\s+)?year[\s-](?:ago|earlier)(?:\s+(?:quarter|period))?\b", re.I),
    # quarters: "fourth-quarter", "the first fiscal quarter"
    re.compile(r"\b(?:the\s+)?(?:first|second|third|fourth)[\s-]+(?:fiscal[\s-]+)?quarter\b", re.I),
    # "now", "recently": references to the present, past and future
    re.compile(r"\b(?:now|currently|presently|nowadays|recently|the\s+future)\b", re.I),
)
# words that make a number no date: "$8.6 billion", "2016 votes"
NOT_DATE_AFTER = re.compile(
    r"^\s*(?:votes|people|troops|euros?|dollars|km|kilometres|miles)\b", re.I
)
# a bare year is a date after these words ("in 1917", "since 2014", "between 2009 and 2012";
# the same in the other languages the pipeline reads) ...
YEAR_AFTER = frozenset(
    {
        *("in", "since", "by", "until", "till", "from", "of", "during", "before", "after"),
        *("through", "around", "circa", "between", "to", "year", "fiscal", "early", "late"),
        *("mid", "spring", "summer", "fall", "autumn", "winter", "for", "into", "due", "both"),
        *("в", "во", "с", "со", "до", "к", "от", "по", "у", "з", "від"),  # ru, uk
        *("nel", "nell", "dal", "dall", "al", "all", "entro", "del", "fino", "anno"),  # it
        *("im", "seit", "bis", "von", "ab", "jahr"),  # de
        *("en", "depuis", "dès", "avant", "après", "jusqu", "année"),  # fr
        *("desde", "hasta", "de", "año"),  # es
        *("w", "od", "do"),  # pl
    }
)
# ... or before a word for year ("2014 году", "2014 roku") ...
YEAR_BEFORE = re.compile(r"^\s*(?:году|года|г\.|році|року|roku|r\.)(?!\w)", re.I)
# ... or between a determiner and a noun ("the 1917 revolution", "its 1989 budget")
YEAR_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "this", "that", "both", "each", "every"}
)
_WORD_BEFORE = re.compile(r"([\w'-]+)\W*$")
_NOUN_AFTER = re.compile(r"^\s*[A-Za-z][a-z-]+")
_CALENDAR = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{3}0s)$")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # a TIMEX-like value; None: a date expression that could not be resolved

    @property
    def year(self) -> int | None:
        if self.value and self.value[:4].isdigit():
            return int(self.value[:4])
        return None

    @property
    def on_calendar(self) -> bool:
        """A year, month, day or decade: what a timeline can place (not a week, a quarter, a
        season or "now")."""
        return bool(self.value and _CALENDAR.match(self.value))


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


HAS_YEAR = re.compile(YEAR)


def normalise(
    expression: str,
    lang: str | None,
    published: datetime | None,
    *,
    tense: str | None = None,
    anchor: str | None = None,
    quarter: str | None = None,
) -> str | None:
    """The TIMEX-like value of one date expression, or None. ``tense`` ("past", "future" or
    None) is the clause's; ``anchor`` the value of the date mentioned before ("a year
    earlier")."""
    if (m := DECADE.search(expression)) is not None:
        return f"{m.group(1)}s"
    if (lang or "en") == "en":
        return resolve(expression, published, tense=tense, anchor=anchor, quarter=quarter)
    if (value := timex_ml.normalise(expression, lang, published, tense)) is not None:
        return value
    return _other_language(expression, lang or "en", published)


def _other_language(expression: str, lang: str, published: datetime | None) -> str | None:
    """``dateparser`` for the languages the rules do not read. A relative expression is parsed
    twice, from the publication and from the day after: an offset ("a week ago") moves with
    its base, a named day does not, and a named day is then the latest one up to the
    publication day itself, not a week before it."""
    relative = HAS_YEAR.search(expression) is None
    if relative and published is None:
        return None
    data = _parser(lang, published if relative else None).get_date_data(expression)
    date = data.date_obj
    if date is None:
        years = re.findall(YEAR, expression)
        return years[0] if len(years) == 1 else None
    period = data.period or "day"
    if relative and published is not None and period == "day":
        later = _parser(lang, published + timedelta(days=1)).get_date_data(expression).date_obj
        moved = later is not None and later.date() == date.date() + timedelta(days=1)
        if later is not None and not moved and later.date() <= published.date():
            date = later  # a named day: the latest up to the publication day itself
    if published is not None and date > published and relative:
        return None  # "on Monday" can only be before publication in a report
    if period == "year":
        return f"{date.year:04d}"
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        return iso_week(date.date())
    if relative or re.search(r"\d", expression):
        return date.strftime("%Y-%m-%d")
    return None


def _year_in_context(segment: str, a: int, b: int) -> bool:
    """Whether the bare number ``segment[a:b]`` reads as a year: after a preposition or time
    word, between a determiner and a noun, or in a list of years."""
    before = segment[max(0, a - 40) : a]
    if YEAR_BEFORE.match(segment[b : b + 10]):
        return True
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    w = word.group(1).lower()
    if w in YEAR_AFTER or w.endswith(("-", "mid")):
        return True
    if w in YEAR_DETERMINERS:
        return _NOUN_AFTER.match(segment[b : b + 30]) is not None
    if w in ("and", "or") or before.rstrip().endswith(","):
        return re.search(YEAR + r"(?:\W+(?:and|or))?\W*$", before.rstrip(" ,")) is not None
    return False


QUARTER_SENTENCES = 8  # a quarter named this many sentences back is still what "a year ago" means
_QUARTER_VALUE = re.compile(r"^\d{4}-Q\d$")


@dataclass(frozen=True, slots=True)
class DateContext:
    """What the sentences read so far tell about the dates to come: the last date named outright
    (``anchor``: "a year earlier" counts from it), the quarter the text is about (``quarter``,
    named ``quarter_age`` sentences ago: "a year ago" after "the third quarter" is that quarter
    a year before) and the year "the same year" means."""

    anchor: str | None = None
    quarter: str | None = None
    quarter_age: int = 0
    year: str | None = None

    def after(self, found: Iterable[DateMention], *, next_sentence: bool = True) -> DateContext:
        """The context for the next sentence, after one with ``found`` (or for the rest of the
        sentence, without ``next_sentence``)."""
        anchor, quarter, year = self.anchor, self.quarter, self.year
        age = self.quarter_age + next_sentence
        for d in found:
            if d.value is None:
                continue
            if not ANAPHORIC.search(d.text):
                anchor = d.value
                if _QUARTER_VALUE.match(d.value):
                    quarter, age = d.value, 0
            if d.value[:4].isdigit():
                year = d.value[:4]
        return DateContext(anchor, quarter if age <= QUARTER_SENTENCES else None, age, year)


def find_dates(
    text: str,
    start: int,
    end: int,
    *,
    lang: str | None = None,
    published: datetime | None = None,
    entities: Iterable[tuple[int, int]] = (),
    context: DateContext = DateContext(),
    last_year: str | None = None,
) -> list[DateMention]:
    """Date expressions in ``text[start:end]`` (absolute character offsets), from ``entities``
    (DATE spans a recogniser found) and patterns, each resolved; what cannot be resolved is
    left out, but the dates inside it are kept ("Sept. 30" in "the quarter ended Sept. 30",
    both years of "between 1994 and 1997"). ``context`` carries what the sentences before
    named (``DateContext.after``); ``last_year`` the year "the same year" means, when there is
    no context."""
    english = (lang or "en") == "en"
    segment = text[start:end]
    if english:
        patterns: tuple[re.Pattern[str], ...] = (DECADE, SAME_YEAR, BARE_YEAR, *ENGLISH)
    else:  # a day, month and year before the bare year in it ("13 aprile 2018")
        patterns = (DECADE, SAME_YEAR, *timex_ml.patterns(lang), BARE_YEAR)
    spans: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        if not any(a < y and x < b for x, y in spans):
            spans.append((a, b))

    for a, b in entities:
        if start <= a and b <= end:
            add(a, b)
    for a, b in _pattern_spans(segment, patterns):
        # a pattern that holds a recogniser's span whole reads more: "the 1989 period"
        spans = [(x, y) for x, y in spans if not (start + a <= x and y <= start + b)]
        add(start + a, start + b)
    if last_year is not None and context.year is None:
        context = DateContext(context.anchor, context.quarter, context.quarter_age, last_year)
    found: list[DateMention] = []

    def read(a: int, b: int) -> str | None:
        expression = text[a:b]
        if BARE_YEAR.fullmatch(expression.strip()) and not _year_in_context(
            segment, a - start, b - start
        ):
            return None
        if SAME_YEAR.search(expression):
            return context.year
        if english:
            tense = tense_near(segment, a - start, b - start)
        else:
            tense = timex_ml.tense_near(segment, a - start, b - start, lang or "")
        return normalise(
            expression, lang, published, tense=tense, anchor=context.anchor, quarter=context.quarter
        )

    for a, b in sorted(spans):
        value = read(a, b)
        parts = [(a, b, value)] if value is not None else []
        if value is None and b - a > 4:
            inner = text[a:b]
            for x, y in _pattern_spans(inner, patterns):
                if (x, y) != (0, b - a) and (part := read(a + x, a + y)) is not None:
                    parts.append((a + x, a + y, part))
        for x, y, v in parts:
            mention = DateMention(x, y, text[x:y], v)
            found.append(mention)
            context = context.after([mention], next_sentence=False)
    return found


def dates_in_text(
    text: str,
    sentences: Iterable[tuple[int, int]],
    *,
    lang: str | None = None,
    published: datetime | None = None,
    entities: Iterable[tuple[int, int]] = (),
) -> list[DateMention]:
    """``find_dates`` over a whole text, sentence by sentence (``(start, end)`` offsets), the
    context carried from each sentence to the next."""
    spans, found, context = list(entities), [], DateContext()
    for start, end in sentences:
        in_sentence = find_dates(
            text, start, end, lang=lang, published=published, entities=spans, context=context
        )
        context = context.after(in_sentence)
        found.extend(in_sentence)
    return found


def _pattern_spans(segment: str, patterns: Iterable[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Spans of ``patterns`` in ``segment``, the first pattern's first; no two overlap."""
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(segment):
            if pattern is BARE_YEAR and NOT_DATE_AFTER.match(segment[m.end() :]):
                continue
            if not any(m.start() < y and x < m.end() for x, y in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def dated(found: Iterable[DateMention]) -> list[DateMention]:
    """The mentions a timeline can place, each at a year, month, day or decade
    (``timex.calendar_value``: "last week" of 2016-03-14 is 2016-03, "the third quarter" 2016;
    "now" is left out)."""
    out = []
    for d in found:
        value = calendar_value(d.value)
        if value is not None:
            out.append(DateMention(d.start, d.end, d.text, value))
    return out
