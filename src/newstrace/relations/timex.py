"""English date expressions resolved against a reference time (an article's publication), to
TIMEX3-like values as TimeBank writes them: ``2015``, ``2015-03``, ``2015-03-04``, ``2015-W10``,
``2015-Q3``, ``2015-H2``, ``2015-SU`` (a season), ``2015-W10-WE`` (a weekend), ``1960s`` (a
decade; TimeML writes ``196``), and ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF`` for "now",
"recently", "in the future".

The rules, for what news writes:

- a weekday ("on Tuesday") is the nearest such day in the direction the clause's tense gives,
  past by default; on the publication's own weekday it is the publication day, so it is never a
  week off; "last Tuesday" and "next Tuesday" step a week only from the publication's weekday;
- a month or a month and day without a year ("in March", "Sept. 30") takes the year that puts
  it nearest the publication, in the tense's direction when the clause has one: "ahead of his
  speech in March" written in February 2015 is 2015-03, "he spoke in March" is 2014-03;
- "last year", "next month", "this week", "yesterday", "two years ago", "earlier this month";
- "a year earlier", "the year-ago quarter", "the quarter" refer to the date mentioned before
  them (``anchor``), at its precision: 1988-Q3 after "the third quarter" of 1989.

``resolve`` returns None for what is no date (a duration, "every year") or needs a reference
time it was not given."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}  # fmt: skip
DECADE_WORDS = {
    "twen": 2,
    "thir": 3,
    "for": 4,
    "fif": 5,
    "six": 6,
    "seven": 7,
    "eigh": 8,
    "nine": 9,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "last": 4}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None,
    "few": None, "a few": None, "some": None, "many": None,
}  # fmt: skip
UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "E"}

PRESENT = {"now", "currently", "current", "presently", "nowadays", "at present", "the present",
           "these days", "right now", "at the moment", "at this time", "this time",
           "the moment", "just now"}  # fmt: skip
PAST = {"recently", "recent", "the past", "previously", "formerly", "lately", "in the past",
        "recent years", "recent months", "recent weeks", "recent days", "earlier", "once",
        "in recent years", "years ago", "several years ago", "some time ago", "long ago",
        "a while ago", "not long ago"}  # fmt: skip
FUTURE = {"the future", "future", "soon", "shortly", "in the future", "the near future",
          "the coming years", "coming years", "years to come", "the years ahead",
          "someday", "one day", "eventually"}  # fmt: skip

_LEAD = re.compile(
    r"^(?:(?:on|in|at|by|since|until|till|from|of|during|for|before|after|through|to|as of|"
    r"over|around|about|circa|between|and|as)\s+)+"
)
_SPACE = re.compile(r"\s+")
Y = r"(\d{4})"


def _clean(expression: str) -> str:
    s = expression.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"[^\w\s'.,/-]", " ", s)
    s = re.sub(r"(?<=[a-z])\.(?=\s|$)", "", s)  # "sept." -> "sept"
    s = s.replace(",", " ")
    s = re.sub(r"\s*'s$", "", s)  # "last month's"
    s = _SPACE.sub(" ", s).strip(" .-")
    return _LEAD.sub("", s).strip()


def _ymd(d: date) -> str:
    return d.isoformat()


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _month_of(word: str) -> int | None:
    return MONTH_NAMES.get(word) or MONTHS.get(word)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _nearest(candidates: list[tuple[date, date, str]], ref: date, tense: str | None) -> str:
    """The candidate (an interval start, end and value) nearest ``ref``; in the tense's
    direction when there is one that fits."""
    if tense == "future":
        ahead = [c for c in candidates if c[1] >= ref]
        candidates = ahead or candidates
    elif tense == "past":
        behind = [c for c in candidates if c[0] <= ref]
        candidates = behind or candidates

    def distance(c: tuple[date, date, str]) -> int:
        return 0 if c[0] <= ref <= c[1] else min(abs((c[0] - ref).days), abs((c[1] - ref).days))

    return min(candidates, key=distance)[2]


NEAR_DAYS = 31


def _nearest_day(candidates: list[tuple[date, date, str]], ref: date, tense: str | None) -> str:
    """A day without a year: within a month of the publication it is that one whatever the
    tense ("must return by Jan. 14" read on Jan. 6 of the same year), else as ``_nearest``."""
    close = [c for c in candidates if abs((c[0] - ref).days) <= NEAR_DAYS]
    return _nearest(close or candidates, ref, None if close else tense)


def _month_end(y: int, m: int) -> date:
    ny, nm = _shift_month(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def weekday_date(weekday: int, ref: date, tense: str | None, step: str | None = None) -> date:
    """The date of a weekday named in a text of ``ref``: the publication day itself on its own
    weekday (``step`` "last" or "next" then moves a week), else the nearest one before (past,
    the default in news) or after (future, or "next")."""
    back = (ref.weekday() - weekday) % 7
    if back == 0:
        return ref + timedelta(days={"last": -7, "next": 7}.get(step or "", 0))
    if step == "next" or (step is None and tense == "future"):
        return ref + timedelta(days=7 - back)
    return ref - timedelta(days=back)


def resolve(
    expression: str,
    published: datetime | None,
    *,
    tense: str | None = None,
    anchor: str | None = None,
    quarter: str | None = None,
) -> str | None:
    """The TIMEX-like value of an English date expression; None when it is none. ``anchor``
    is the date named before it, ``quarter`` the quarter the text is about (both values)."""
    s = _clean(expression)
    if not s:
        return None
    ref = published.date() if published is not None else None
    s = re.sub(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?=[a-z]+\s+\d)", "", s)
    explicit = _absolute(s)
    if explicit is not None:
        return explicit
    if ref is None:
        return None
    return _relative(s, ref, tense, anchor, quarter)


def _absolute(s: str) -> str | None:
    """Expressions that carry their year."""
    s = re.sub(r"^the\s+", "", s)
    if m := re.fullmatch(r"(?:the\s+)?(?:early|late|mid|mid-)?\s*'?(1[0-9]|20)(\d)0\s*'?s", s):
        return f"{m.group(1)}{m.group(2)}0s"
    if m := re.fullmatch(
        r"(?:(?:early|late|mid)\s*-?\s*)?(twen|thir|for|fif|six|seven|eigh|nine)ties", s
    ):
        return f"19{DECADE_WORDS[m.group(1)]}0s"
    if m := re.fullmatch(rf"(?:(?:early|late|mid|the end of|end of|the start of)\s*-?\s*)?{Y}", s):
        return m.group(1)
    if m := re.fullmatch(rf"(?:fiscal|fy|calendar|the year|year|the fiscal year)\s*{Y}", s):
        return m.group(1)
    # "august 7 1998", "aug 7th 1998", "7 august 1998", "august 1998", "aug 1998"
    if m := re.fullmatch(
        rf"(?:(?:early|late|mid)\s*-?\s*)?([a-z]+)\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+{Y}", s
    ):
        mo = _month_of(m.group(1))
        return _day(int(m.group(3)), mo, int(m.group(2))) if mo else None
    if m := re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\s+{Y}", s):
        mo = _month_of(m.group(2))
        return _day(int(m.group(3)), mo, int(m.group(1))) if mo else None
    if m := re.fullmatch(
        rf"(?:(?:early|late|mid|the end of|end of)\s*-?\s*)?([a-z]+)\s+(?:of\s+)?{Y}", s
    ):
        mo = _month_of(m.group(1))
        if mo:
            return f"{m.group(2)}-{mo:02d}"
        if m.group(1) in SEASONS:
            return f"{m.group(2)}-{SEASONS[m.group(1)]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(
        rf"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last)[\s-]+"
        rf"(quarter|half)\s+(?:of\s+)?(?:fiscal\s+)?{Y}",
        s,
    ):
        return _part(int(m.group(3)), m.group(1), m.group(2))
    if m := re.fullmatch(
        rf"{Y}\s+(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(quarter|half)", s
    ):
        return _part(int(m.group(1)), m.group(2), m.group(3))
    if m := re.fullmatch(r"(?:the\s+)?year\s+two\s+thousand", s):
        return "2000"
    return None


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _part(y: int, ordinal: str, unit: str) -> str | None:
    n = ORDINALS[ordinal]
    if unit == "half":
        n = 2 if ordinal == "last" else n
        return f"{y}-H{n}" if n <= 2 else None
    return f"{y}-Q{n}"


_QUARTER = re.compile(r"^(\d{4})-Q(\d)$")


def _relative(
    s: str, ref: date, tense: str | None, anchor: str | None, quarter: str | None
) -> str | None:
    if s in PRESENT:
        return "PRESENT_REF"
    if s in PAST:
        return "PAST_REF"
    if s in FUTURE:
        return "FUTURE_REF"
    s = re.sub(r"\s+(?:morning|afternoon|evening|night|overnight)$", "", s)
    s = re.sub(
        r"^(?:early|late|earlier|later)\s+"
        r"(?=today|yesterday|tomorrow|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)",
        "",
        s,
    )
    if s in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _ymd(ref)
    if s in ("yesterday", "last night"):
        return _ymd(ref - timedelta(days=1))
    if s == "tomorrow":
        return _ymd(ref + timedelta(days=1))
    if s in ("the day before yesterday",):
        return _ymd(ref - timedelta(days=2))
    if s in ("the day after tomorrow",):
        return _ymd(ref + timedelta(days=2))
    # "the previous friday", "the following monday": from the day named before
    if m := re.fullmatch(r"(?:the\s+)?(previous|following|next)\s+([a-z]+)", s):
        wd, base = WEEKDAYS.get(m.group(2)), _anchor_date(anchor, "day")
        if wd is not None and base is not None:
            back = (base.weekday() - wd) % 7 or 7
            ahead = (wd - base.weekday()) % 7 or 7
            return _ymd(base + timedelta(days=-back if m.group(1) == "previous" else ahead))
    # weekdays: "friday", "last friday", "this coming friday", "friday 's"
    if m := re.fullmatch(
        r"(?:(last|next|this|this coming|coming|this past|past|on)\s+)?([a-z]+)(?:\s*'s)?", s
    ):
        wd = WEEKDAYS.get(m.group(2))
        if wd is not None:
            step = {
                "last": "last",
                "this past": "last",
                "past": "last",
                "next": "next",
                "coming": "next",
                "this coming": "next",
            }.get(m.group(1) or "")
            return _ymd(weekday_date(wd, ref, tense, step))
    # "the weekend", "this weekend", "last weekend"
    if m := re.fullmatch(r"(?:(the|this|last|next|the past|the coming)\s+)?weekend", s):
        which = m.group(1) or "the"
        sat = ref + timedelta(days=5 - ref.weekday())  # the Saturday of this week
        if which in ("last", "the past"):
            sat -= timedelta(days=7)
        elif which in ("next", "the coming"):
            sat += timedelta(days=7 if ref.weekday() >= 5 else 0)
        elif ref.weekday() < 5 and tense != "future":
            sat -= timedelta(days=7)  # "the weekend" read on a weekday: the one just past
        return iso_week(sat) + "-WE"
    # "June last year", "January this year"
    m = re.fullmatch(r"(?:early|late|mid)?\s*-?\s*([a-z]+)\s+(last|this|next)\s+year", s)
    if m and (month := _month_of(m.group(1))) is not None:
        return f"{ref.year + {'last': -1, 'this': 0, 'next': 1}[m.group(2)]:04d}-{month:02d}"
    value = _unit_relative(s, ref, anchor, quarter)
    if value is not None:
        return value
    value = _month_or_season(s, ref, tense)
    if value is not None:
        return value
    return _quarters(s, ref, quarter)


_THIS = r"(this|the current|the|current|that)"
_LAST = r"(last|the last|the past|past|the previous|previous|the prior|prior)"
_NEXT = r"(next|the next|the coming|coming|the following|following)"
# "the following year", "the previous month": from the date mentioned before
_FROM_ANCHOR = frozenset(
    {"the following", "following", "the previous", "previous", "the prior", "prior"}
)


def _anchor_date(anchor: str | None, unit: str) -> date | None:
    """The date mentioned before, when it is precise enough to count ``unit``s from."""
    if anchor is None:
        return None
    need = {"day": 10, "week": 10, "month": 7, "quarter": 7, "year": 4, "decade": 4}[unit]
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", anchor)
    if m is None or len(m.group(0)) < need:
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def _unit_value(unit: str, ref: date, n: int) -> str | None:
    """The unit (day, week, month, quarter, year, decade) ``n`` units from the one of ``ref``."""
    if unit == "day":
        return _ymd(ref + timedelta(days=n))
    if unit == "week":
        return iso_week(ref + timedelta(weeks=n))
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        y, q = _quarter(ref)
        k = y * 4 + (q - 1) + n
        return f"{k // 4:04d}-Q{k % 4 + 1}"
    if unit == "year":
        return f"{ref.year + n:04d}"
    if unit == "decade":
        return f"{(ref.year // 10 + n) * 10}s"
    return None


def _unit_relative(s: str, ref: date, anchor: str | None, quarter: str | None) -> str | None:
    s = re.sub(
        r"^(?:early|late|mid|earlier|later|the end of|end of|the start of|the beginning of"
        r"|the middle of|the rest of|the remainder of)\s*-?\s*",
        "",
        s,
    )
    units = r"(day|week|month|quarter|year|decade)"
    # "this year", "the year", "this month"; "the quarter" reads its anchor below
    if m := re.fullmatch(rf"{_THIS}\s+{units}", s):
        if m.group(2) == "quarter" or (m.group(1) in ("the", "that") and m.group(2) != "year"):
            return None
        return _unit_value(m.group(2), ref, 0)
    if m := re.fullmatch(rf"{_LAST}\s+{units}", s):
        base = _anchor_date(anchor, m.group(2)) if m.group(1) in _FROM_ANCHOR else None
        return _unit_value(m.group(2), base or ref, -1)
    if m := re.fullmatch(rf"{_NEXT}\s+{units}", s):
        base = _anchor_date(anchor, m.group(2)) if m.group(1) in _FROM_ANCHOR else None
        return _unit_value(m.group(2), base or ref, 1)
    # "two years ago", "a year earlier", "six weeks ago": "ago" counts from the publication,
    # "earlier" and "later" from the date mentioned before when there is one; after a
    # quarter, a year is the same quarter a year away ("a year ago" after "the third quarter")
    if m := re.fullmatch(
        rf"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
        rf"\s+{units}s?\s+(ago|earlier|before|later|after|from now|hence)",
        s,
    ):
        n = _count(m.group(1))
        if n is None:
            return None
        sign = 1 if m.group(3) in ("later", "after", "from now", "hence") else -1
        unit = m.group(2)
        if unit == "decade":
            unit, n = "year", n * 10
        if unit == "year" and quarter and (q := _QUARTER.match(quarter)):
            return f"{int(q.group(1)) + sign * n:04d}-Q{q.group(2)}"
        base = None
        if m.group(3) in ("earlier", "before", "later", "after"):
            base = _anchor_date(anchor, unit)
        return _unit_value(unit, base or ref, sign * n)
    # "year-earlier", "the year-ago quarter", "the year-earlier period", "last year's quarter"
    if re.fullmatch(
        r"(?:the\s+)?(?:comparable\s+|corresponding\s+|same\s+)?(?:year[\s-]+(?:ago|earlier)|"
        r"last year's|a year earlier|prior[\s-]+year)(?:\s+(?:quarter|period|"
        r"first quarter|second quarter|third quarter|fourth quarter))?",
        s,
    ):
        if quarter and (q := _QUARTER.match(quarter)):
            return f"{int(q.group(1)) - 1:04d}-Q{q.group(2)}"
        if s.endswith("quarter"):  # "the year-ago quarter": the last quarter ended, a year back
            y, n = _quarter(ref)
            k = y * 4 + (n - 1) - 1 - 4
            return f"{k // 4:04d}-Q{k % 4 + 1}"
        return f"{ref.year - 1:04d}"
    return None


def _month_or_season(s: str, ref: date, tense: str | None) -> str | None:
    """A month, a month and day or a season without a year."""
    s = re.sub(r"^the\s+", "", s)
    step = None
    if m := re.match(r"(last|next|this|this past|this coming|past|coming)\s+", s):
        step = {
            "last": -1,
            "past": -1,
            "this past": -1,
            "next": 1,
            "coming": 1,
            "this coming": 1,
            "this": 0,
        }[m.group(1)]
        s = s[m.end() :]
    s = re.sub(
        r"^(?:early|late|mid|the end of|end of|the start of|the beginning of)\s*-?\s*", "", s
    )
    day = None
    if m := re.fullmatch(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?", s):
        s, day = m.group(1), int(m.group(2))
    elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)", s):
        s, day = m.group(2), int(m.group(1))
    month = _month_of(s)
    if month is not None:
        candidates = []
        for y in (ref.year - 1, ref.year, ref.year + 1):
            if day is not None:
                try:
                    d = date(y, month, day)
                except ValueError:
                    continue
                candidates.append((d, d, d.isoformat()))
            else:
                candidates.append((date(y, month, 1), _month_end(y, month), f"{y:04d}-{month:02d}"))
        if step is not None and step != 0:
            # "last March": the latest before this month; "next March": the first after
            if step < 0:
                pick = [c for c in candidates if c[1] < ref.replace(day=1)]
                return pick[-1][2] if pick else None
            pick = [c for c in candidates if c[0] > _month_end(ref.year, ref.month)]
            return pick[0][2] if pick else None
        if step == 0:
            return candidates[1][2] if len(candidates) == 3 else None
        return (_nearest_day if day is not None else _nearest)(candidates, ref, tense)
    if day is None and s in SEASONS:
        code = SEASONS[s]
        season_year = ref.year
        if step == -1:
            season_year -= 1
        elif step == 1:
            season_year += 1
        return f"{season_year:04d}-{code}"
    return None


def _quarters(s: str, ref: date, quarter: str | None) -> str | None:
    if m := re.fullmatch(r"(?:the\s+)?(\d{4})\s+(?:fiscal\s+)?(?:quarter|period)", s):
        # "the 1988 quarter": the quarter the text is about, in that year
        named = _QUARTER.match(quarter) if quarter else None
        return f"{m.group(1)}-Q{named.group(2)}" if named else None
    s = re.sub(r"^(?:the|its|this year's|the fiscal|fiscal|the company's)\s+", "", s)
    if m := re.fullmatch(
        r"(?:fiscal\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
        r"(?:fiscal\s+)?(quarter|half)(?:\s+of\s+(?:this|the)\s+year)?",
        s,
    ):
        return _part(ref.year, m.group(1), m.group(2))
    if m := re.fullmatch(r"(?:last|past|first|second)\s+half(?:\s+of\s+(?:this|the)\s+year)?", s):
        return f"{ref.year}-H{2 if m.group(0).startswith(('last', 'past', 'second')) else 1}"
    if m := re.fullmatch(r"(last year's|next year's)\s+(first|second|third|fourth)\s+quarter", s):
        y = ref.year + (1 if m.group(1).startswith("next") else -1)
        return _part(y, m.group(2), "quarter")
    if m := re.fullmatch(
        r"(?:(latest|current|most recent|recent|just[\s-]ended)\s+)?"
        r"(?:same\s+|that\s+)?(quarter|period)(?:\s+just\s+ended)?",
        s,
    ):
        y, q = _quarter(ref)
        if m.group(1) == "current":
            return f"{y}-Q{q}"
        if m.group(1) is None and quarter and _QUARTER.match(quarter):
            return quarter  # "the quarter", "that period": the one just named
        if m.group(2) == "period" and m.group(1) is None:
            return None
        k = y * 4 + (q - 1) - 1  # "the latest quarter": the last one that has ended
        return f"{k // 4:04d}-Q{k % 4 + 1}"
    return None


# expressions that count from the date mentioned before them, and so are no anchor themselves
ANAPHORIC = re.compile(
    r"\b(?:earlier|later|before|after|ago|year[\s-]+(?:ago|earlier)|prior|previous|following|"
    r"same|that|latest)\b|^(?:the\s+)?(?:quarter|period)$",
    re.I,
)


def calendar_value(value: str | None) -> str | None:
    """The value at a precision a timeline places (a year, month, day or decade), as coarse as
    needed to stay true: a week or weekend within one month is that month, else its year; a
    quarter, half or season its year; "now" and "recently" none."""
    if value is None or re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{3}0s", value):
        return value
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        first = monday + timedelta(days=5 if m.group(3) else 0)
        last = monday + timedelta(days=6)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}"
        return f"{first.year:04d}" if first.year == last.year else None
    if m := re.fullmatch(r"(\d{4})-(?:Q\d|H\d|SP|SU|FA|WI)", value):
        return m.group(1)
    return None
