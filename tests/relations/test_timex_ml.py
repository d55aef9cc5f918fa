"""Date expressions and dated events in Italian, Russian, German, French and Spanish: explicit
and relative dates resolved by the English rules (no weekday a week off, in any language),
weekday names in their own case, the clause's future, and the events read without a parse
(parentheses, quotes, datelines, "since"/"until" bounds), on sentences of real news."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.model import Mention
from newstrace.relations.dates import dated, find_dates
from newstrace.relations.events_words import from_clauses
from newstrace.relations.syntax import Placed
from newstrace.relations.timex_ml import LANGUAGES, WEEKDAY_FORMS, english, normalise

SATURDAY = datetime(2012, 6, 9)  # Wikinotizie: "Putin ha firmato ieri, 8 giugno, una nuova legge"


def values(text: str, lang: str, published: datetime | None = SATURDAY) -> list[tuple[str, str]]:
    found = find_dates(text, 0, len(text), lang=lang, published=published)
    return [(d.text, d.value or "") for d in dated(found)]


def test_italian_explicit_and_relative_dates() -> None:
    text = "Il presidente russo Vladimir Putin ha firmato ieri, 8 giugno, una nuova legge."
    assert values(text, "it") == [("ieri", "2012-06-08"), ("8 giugno", "2012-06-08")]
    assert values("Il 13 aprile 2018 durante il Festival", "it", None) == [
        ("13 aprile 2018", "2018-04-13")
    ]
    assert values("capitati l'anno scorso in quest'ultimo paese", "it") == [
        ("l'anno scorso", "2011")
    ]
    assert values("i lavori iniziati nel settembre 2018", "it", None) == [
        ("settembre 2018", "2018-09")
    ]
    # tokenised text (KIND) writes "l' anno scorso"
    assert values("l' anno scorso", "it") == [("l' anno scorso", "2011")]


def test_russian_dates() -> None:
    assert values("Пятый доклад был подготовлен 8 мая 2015 года .", "ru", None) == [
        ("8 мая 2015 года", "2015-05-08")
    ]
    assert values("Диалог был запущен в октябре 2008 года", "ru", None) == [
        ("октябре 2008 года", "2008-10")
    ]
    assert values("Путин вчера в прошлую среду", "ru") == [
        ("вчера", "2012-06-08"),
        ("в прошлую среду", "2012-06-06"),
    ]
    assert values("В прошлом году", "ru") == [("В прошлом году", "2011")]


def test_german_french_spanish_dates() -> None:
    assert values("Am 13. April 2018 sagte sie gestern", "de") == [
        ("13. April 2018", "2018-04-13"),
        ("gestern", "2012-06-08"),
    ]
    assert values("Le 1er mai 2019, lundi dernier", "fr") == [
        ("1er mai 2019", "2019-05-01"),
        ("lundi dernier", "2012-06-04"),
    ]
    assert values("El 13 de abril de 2018, ayer", "es") == [
        ("13 de abril de 2018", "2018-04-13"),
        ("ayer", "2012-06-08"),
    ]


def test_weekday_names_in_their_own_case() -> None:
    # a name, not Sunday; and a weekday alone in Russian or German only after its preposition
    assert values("Il tenore Plácido Domingo", "es") == []
    assert values("Domenica Rossi ha parlato", "it") == []
    assert values("Понедельник — день тяжёлый", "ru") == []
    assert values("ha parlato domenica", "it") == [("domenica", "2012-06-03")]


def test_the_clause_future() -> None:
    # "si terrà sabato" in a Saturday's article: that Saturday; a Monday ahead is next Monday
    assert values("La manifestazione si terrà lunedì", "it") == [("lunedì", "2012-06-11")]
    assert values("Встреча состоится в понедельник", "ru") == [("в понедельник", "2012-06-11")]
    assert values("Ha parlato lunedì", "it") == [("lunedì", "2012-06-04")]


@settings(max_examples=200, deadline=None)
@given(
    published=st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
    lang=st.sampled_from(LANGUAGES),
    weekday=st.integers(0, 6),
)
def test_no_weekday_is_a_week_off(published: date, lang: str, weekday: int) -> None:
    word = WEEKDAY_FORMS[lang][weekday]
    expression = {"ru": f"в {word}", "de": f"am {word}"}.get(lang, word)
    assert english(expression, lang) is not None
    value = normalise(expression, lang, datetime(*published.timetuple()[:3]))
    assert value is not None
    found = date.fromisoformat(value)
    assert found.weekday() == weekday
    assert timedelta(0) <= published - found <= timedelta(days=6)


def placed(text: str, name: str, lang: str = "it") -> Placed:
    start = text.index(name)
    m = Mention("m" + name, "a", start, start + len(name), name, "PER", "person", name, 0, 0)
    return Placed(m, None)


def events(text: str, names: list[str], lang: str = "it", published: datetime | None = None):
    found = dated(find_dates(text, 0, len(text), lang=lang, published=published))
    return [
        (e.date.value, text[e.start : e.end], [p.mention.text for p in e.actors])
        for e in from_clauses(text, 0, len(text), found, [placed(text, n) for n in names])
    ]


def test_a_parenthetical_year_dates_only_the_parentheses() -> None:
    text = (
        "Secondo Turčinov infatti, il governo russo starebbe cercando di provocare l'Ucraina "
        "(nel 1954 Nikita Chruščёv la assegnò alla Repubblica Socialista Sovietica dell'Ucraina)."
    )
    assert events(text, ["Turčinov", "Nikita Chruščёv"]) == [
        (
            "1954",
            "nel 1954 Nikita Chruščёv la assegnò alla Repubblica Socialista Sovietica dell'Ucraina",
            ["Nikita Chruščёv"],
        )
    ]
    # a year alone in parentheses dates nothing
    assert events("aprì le stazioni di Stella Polare ( 1948 ) con ATAC .", ["ATAC"]) == []


def test_no_event_without_an_actor_a_happening_or_outside_quotes() -> None:
    assert events("Roma , 29 settembre 2010 .", ["Roma"]) == []  # a dateline
    assert events("Le indagini sono partite nel 2007 .", []) == []
    said = "Renzi ha detto : « nel 2015 abbiamo vinto » ."
    assert events(said, ["Renzi"]) == []
    text = "С мая 2009 года по ноябрь 2016 года сайт назывался Slon ."
    assert events(text, ["Slon"], "ru") == []
    text = "Hugo Chávez , presidente del Venezuela dal 1999 al 2013 ."
    assert events(text, ["Hugo Chávez", "Venezuela"]) == []
    text = "Также Брюссель собирается к 2030 году отказаться от биотоплива ."
    assert events(text, ["Брюссель"], "ru") == []
    text = "В мае 2016 года немецкий энергорегулятор ( Bundesnetzagentur ) уведомил Комиссию ."
    assert events(text, ["Bundesnetzagentur", "Комиссию"], "ru") == [
        ("2016-05", text, ["Комиссию"])
    ]
