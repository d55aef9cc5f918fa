"""Date expressions in Italian, Russian, German, French and Spanish news, resolved by the English
rules (``relations.timex``): each expression is found by a pattern of its language and put into
the English words those rules read ("il 13 aprile 2018" -> "13 april 2018", "lunedì scorso" ->
"last monday", "в прошлом году" -> "last year", "ieri" -> "yesterday"), so that a weekday on the
publication's own weekday is the publication day and a month without a year takes the year
nearest the publication, in every language alike.

What is found, for precision: a day with a month ("8 giugno", "29 мая 2020 года", "13. April
2018", "le 1er mai", "13 de abril de 2018"), a month with a year, a month after a preposition
("a marzo", "в марте", "im Mai"), a weekday written in lower case (in German: after "am") or,
in Russian, after "в"/"во" ("в понедельник"), and the words for yesterday, today, the day before
yesterday, last week/month/year. A bare year is read by ``relations.dates`` as in English.

The clause's tense comes from a few future forms near the expression ("si terrà", "состоится",
"wird"); without one, a date is in the past, as in a report."""

from __future__ import annotations

import re
from datetime import datetime

from .timex import resolve

LANGUAGES = ("it", "ru", "de", "fr", "es")
_EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

# month names, each form a language writes (Russian: genitive after a day, prepositional
# after "в"; nominative for "май 2020")
_MONTH_FORMS: dict[str, tuple[str, ...]] = {
    "it": tuple(
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ]
    ),
    "ru": (
        "январ[ьяе]",
        "феврал[ьяе]",
        "март[ае]?",
        "апрел[ьяе]",
        "ма[йяе]",
        "июн[ьяе]",
        "июл[ьяе]",
        "август[ае]?",
        "сентябр[ьяе]",
        "октябр[ьяе]",
        "ноябр[ьяе]",
        "декабр[ьяе]",
    ),
    "de": tuple(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ]
    ),
    "fr": tuple(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ]
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "se?tiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}
WEEKDAY_FORMS: dict[str, tuple[str, ...]] = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "ru": ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# "last" before or after a weekday, in each language
_LAST_BEFORE = {
    "it": r"(?:(?:lo|la)\s+)?scors[oa]\s+",
    "ru": r"(?:в|во)\s+прошл(?:ый|ую|ое)\s+",
    "de": r"(?:am\s+)?(?:vergangenen|letzten)\s+",
    "fr": r"",
    "es": r"",
}
_LAST_AFTER = {
    "it": r"\s+scors[oa]",
    "ru": "",
    "de": "",
    "fr": r"\s+derni(?:er|ère)",
    "es": r"\s+pasado",
}
# weekdays are matched in their own case (lower case but in German: not "Domingo", "Domenica");
# a weekday alone only after a preposition in Russian and German, in Russian and German only after its preposition
_WEEKDAY_BEFORE = {"it": "", "ru": r"(?:в|во)\s+", "de": r"am\s+", "fr": "", "es": ""}
# words for days, weeks, months and years relative to the publication, and their English
_RELATIVE: dict[str, tuple[tuple[str, str], ...]] = {
    "it": (
        (r"l['’]\s*altro\s+ieri|ieri\s+l['’]\s*altro", "the day before yesterday"),
        (r"ieri", "yesterday"),
        (r"oggi|stamattina|stamani", "today"),
        (r"l['’]\s*anno\s+scorso|lo\s+scorso\s+anno", "last year"),
        (r"(?:la\s+settimana\s+scorsa|la\s+scorsa\s+settimana)", "last week"),
        (r"(?:il\s+mese\s+scorso|lo\s+scorso\s+mese)", "last month"),
    ),
    "ru": (
        (r"позавчера", "the day before yesterday"),
        (r"вчера", "yesterday"),
        (r"сегодня", "today"),
        (r"в\s+прошлом\s+году", "last year"),
        (r"на\s+прошлой\s+неделе", "last week"),
        (r"в\s+прошлом\s+месяце", "last month"),
    ),
    "de": (
        (r"vorgestern", "the day before yesterday"),
        (r"gestern", "yesterday"),
        (r"heute", "today"),
        (r"(?:im\s+)?(?:vergangenen|letzten)\s+Jahr", "last year"),
        (r"(?:in\s+der\s+)?(?:vergangenen|letzten)\s+Woche", "last week"),
        (r"(?:im\s+)?(?:vergangenen|letzten)\s+Monat", "last month"),
    ),
    "fr": (
        (r"avant-hier", "the day before yesterday"),
        (r"hier", "yesterday"),
        (r"aujourd\s*['’]\s*hui", "today"),
        (r"l['’]\s*année\s+dernière|l['’]\s*an\s+dernier", "last year"),
        (r"la\s+semaine\s+dernière", "last week"),
        (r"le\s+mois\s+dernier", "last month"),
    ),
    "es": (
        (r"anteayer|antes\s+de\s+ayer", "the day before yesterday"),
        (r"ayer", "yesterday"),
        (r"hoy", "today"),
        (r"el\s+año\s+pasado", "last year"),
        (r"la\s+semana\s+pasada", "last week"),
        (r"el\s+mes\s+pasado", "last month"),
    ),
}
# a month alone is a date after these
_MONTH_PREP = {
    "it": r"(?:(?:a|ad|in|nel\s+mese\s+di|a\s+inizio|a\s+fine|all['’]inizio\s+di|alla\s+fine\s+di)\s+)",
    "ru": r"(?:в\s+)",
    "de": r"(?:(?:im|Anfang|Ende|Mitte)\s+)",
    "fr": r"(?:(?:en|début|fin|mi-)\s*)",
    "es": r"(?:(?:en|a\s+principios\s+de|a\s+finales\s+de)\s+)",
}
_DAY = r"(?P<day>[0-3]?\d)(?:º|°|er|\.)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_YEAR_WORD = r"(?:\s*(?:года|г\.))?"
# future forms near a date: "si terrà", "состоится", "wird", "aura lieu", "se celebrará"
_FUTURE = {
    "it": re.compile(r"\b\w{2,}(?:rà|ranno|remo)\b|\bprossim[oa]\b", re.I),
    "ru": re.compile(
        r"\b(?:будет|будут|буду|состоится|состоятся|пройд[её]т|планиру\w+|намерен\w*)\b", re.I
    ),
    "de": re.compile(r"\b(?:wird|werden|soll|sollen|geplant|kommenden?)\b", re.I),
    "fr": re.compile(r"\b\w{2,}(?:ront|rons)\b|\b(?:va|vont|prochain\w*|aura)\b", re.I),
    "es": re.compile(r"\b\w{2,}(?:rá|rán|remos)\b|\b(?:próxim[oa]|va\s+a|van\s+a)\b", re.I),
}
_WINDOW = 60  # characters either side of an expression where a future form sets the tense


def _alt(forms: tuple[str, ...]) -> str:
    return "|".join(forms)


def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    months = rf"(?P<month>{_alt(_MONTH_FORMS[lang])})"
    of_month = r"(?:\s+de)?" if lang == "es" else ""  # "13 de abril"
    of_year = r"(?:\s+de)?" if lang == "es" else r"(?:\s+del)?" if lang == "it" else ""
    weekdays = rf"(?P<weekday>{_alt(WEEKDAY_FORMS[lang])})"
    out = [
        # a day and a month, and a year: "8 giugno", "29 мая 2020 года", "13 de abril de 2018"
        re.compile(rf"\b{_DAY}{of_month}\s+{months}\b(?:{of_year}\s+{_YEAR}{_YEAR_WORD})?", re.I),
        # a month and a year: "aprile 2018", "в мае 2020 года"
        re.compile(rf"\b{months}{of_year}\s+{_YEAR}{_YEAR_WORD}", re.I),
        # a month after a preposition: "a marzo", "в марте", "im Mai"
        re.compile(rf"\b{_MONTH_PREP[lang]}{months}\b", re.I),
        # "lunedì scorso", "lo scorso lunedì", "в прошлую среду", "lundi dernier"
        re.compile(rf"\b(?P<last>(?i:{_LAST_BEFORE[lang]})){weekdays}\b")
        if _LAST_BEFORE[lang]
        else None,
        re.compile(rf"\b{weekdays}(?P<last>{_LAST_AFTER[lang]})\b", re.I)
        if _LAST_AFTER[lang]
        else None,
        re.compile(rf"\b(?i:{_WEEKDAY_BEFORE[lang]}){weekdays}\b"),
        *(re.compile(rf"(?<!\w){p}(?!\w)", re.I) for p, _ in _RELATIVE[lang]),
    ]
    return tuple(p for p in out if p is not None)


_COMPILED = {lang: _patterns(lang) for lang in LANGUAGES}


def patterns(lang: str | None) -> tuple[re.Pattern[str], ...]:
    """The patterns of ``lang``'s date expressions, most specific first (none for a language
    this module does not read)."""
    return _COMPILED.get(lang or "", ())


def english(expression: str, lang: str) -> str | None:
    """The expression in the English words ``timex.resolve`` reads, or None when it is none of
    this language's date expressions."""
    for p, en in _RELATIVE.get(lang, ()):
        if re.fullmatch(p, expression.strip(), re.I):
            return en
    for pattern in _COMPILED.get(lang, ()):
        m = pattern.fullmatch(expression.strip())
        if m is None or ("month" not in pattern.groupindex and "weekday" not in pattern.groupindex):
            continue
        found = m.groupdict()
        if found.get("weekday"):
            day = _index(found["weekday"], WEEKDAY_FORMS[lang])
            if day is None:
                continue
            return ("last " if found.get("last") else "") + _EN_WEEKDAYS[day]
        month = _index(found["month"], _MONTH_FORMS[lang])
        if month is None:
            continue
        words = [found.get("day"), _EN_MONTHS[month], found.get("year")]
        if words[0] is None and words[2] is None:
            return f"in {_EN_MONTHS[month]}"
        return " ".join(w for w in words if w)
    return None


def _index(word: str, forms: tuple[str, ...]) -> int | None:
    for i, form in enumerate(forms):
        if re.fullmatch(form, word, re.I):
            return i
    return None


def tense_near(segment: str, a: int, b: int, lang: str) -> str | None:
    """ "future" when a future form stands within the expression's clause nearby, else None
    (the rules' default, the past)."""
    future = _FUTURE.get(lang)
    if future is None:
        return None
    before = re.split(r"[;:.!?]", segment[max(0, a - _WINDOW) : a])[-1]
    after = re.split(r"[;:.!?]", segment[b : b + _WINDOW])[0]
    return "future" if future.search(before) or future.search(after) else None


def normalise(
    expression: str, lang: str | None, published: datetime | None, tense: str | None = None
) -> str | None:
    """The TIMEX-like value of one expression of ``lang``, by the English rules; None when it is
    no expression this module reads or cannot be resolved."""
    words = english(expression, lang or "")
    if words is None:
        return None
    return resolve(words, published, tense=tense)
