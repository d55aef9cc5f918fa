"""Ties, stances and dated events: dates with dateparser, the readers over the real English
parse and without a parser, user-extended lexicons, the stage through a real store on both
backends, roll-up and timelines, the CLI, and what ../shared/SEEDS.md lists for the seeds."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.ingest import ingest
from newstrace.model import AnalysisDoc, Article
from newstrace.pipeline import analyze
from newstrace.relations.dates import find_dates, normalise
from newstrace.relations.lexicon import load_lexicon
from newstrace.relations.views import stance_rows, timeline
from newstrace.settings import Settings, load_settings
from newstrace.stages.base import build_stages

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"
PUBLISHED = datetime(2018, 3, 8)


def test_dates_explicit_relative_and_decades() -> None:
    assert normalise("In 2016", "en", None) == "2016"
    assert normalise("on March 4, 2018", "en", None) == "2018-03-04"
    assert normalise("March 2018", "en", None) == "2018-03"
    assert normalise("in the 1960s", "en", None) == "1960s"
    assert normalise("In 1960-e years", "en", None) == "1960s"  # seed 000's machine translation
    assert normalise("в 1960-х годах", "ru", None) == "1960s"
    # relative to the publication date, and unresolved without one
    assert normalise("last Sunday", "en", PUBLISHED) == "2018-03-04"
    assert normalise("on Monday", "en", PUBLISHED) == "2018-03-05"
    assert normalise("last Sunday", "en", None) is None
    assert normalise("this week", "en", PUBLISHED) == "2018-W10"  # a week: off the timeline


def test_find_dates_skips_amounts_and_carries_the_same_year() -> None:
    text = "It cost $2016 million. In the same year, 1,200 people met in 2014."
    found = find_dates(text, 0, len(text), lang="en", last_year="2016")
    assert [(d.text, d.value) for d in found] == [("In the same year", "2016"), ("2014", "2014")]


def read(text: str, lang: str = "en", published: str | None = None) -> AnalysisDoc:
    settings = load_settings(environ={})
    doc = AnalysisDoc(Article("a1", "test", "ok", text, published=published), language=lang)
    for stage in build_stages(
        ["language.v1", "entities.v4", "quotes.v2", "relations.v1"], settings
    ):
        stage([doc])  # type: ignore[operator]
    return doc


def named(doc: AnalysisDoc, mention_id: str | None) -> str:
    return next(m.text for m in [*doc.mentions, *doc.sources] if m.id == mention_id)


def positions(doc: AnalysisDoc) -> list[tuple[str, str, str]]:
    """(holder's words, target, polarity) of each stance, in order."""
    return [(named(doc, s.actor_mention), s.target, s.polarity) for s in doc.stances]


def ties_of(doc: AnalysisDoc) -> set[tuple[str, str, str, bool, str | None]]:
    return {
        (named(doc, t.source_mention), t.kind, named(doc, t.target_mention), t.negated, t.date)
        for t in doc.ties
    }


def test_ties_from_an_unseen_report_with_relative_dates_and_a_denial() -> None:
    text = (
        "Hungarian Prime Minister Viktor Orban met Vladimir Putin in Moscow on Tuesday.\n\n"
        "Orban said his party Fidesz had never received money from Russia.\n\n"
        "In 2017 Fidesz signed a cooperation agreement with United Russia."
    )
    doc = read(text, published="2019-01-17")
    found = ties_of(doc)
    assert ("Viktor Orban", "meeting", "Vladimir Putin", False, "2019-01-15") in found
    assert ("Russia", "funding", "Orban", True, None) in found or (
        "Russia",
        "funding",
        "Fidesz",
        True,
        None,
    ) in found
    assert ("Fidesz", "agreement", "United Russia", False, "2017") in found
    for t in doc.ties:  # every tie points at the words that show it
        for ev in t.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert ev.sentence_start is not None and ev.sentence_start <= ev.start


def test_stances_from_reported_positions_and_quotes() -> None:
    text = (
        "The Freedom Party has called for an end to sanctions against Russia.\n\n"
        "“NATO is obsolete and dangerous,” said Marine Le Pen.\n\n"
        "Heinz-Christian Strache said his party wants to remain in the European Union."
    )
    doc = read(text)
    stances = set(positions(doc))

    def held(who: str, target: str, polarity: str) -> bool:
        return any(who in h and (t, p) == (target, polarity) for h, t, p in stances)

    assert held("Freedom Party", "sanctions against Russia", "anti")  # a reported position
    assert held("Strache", "the European Union", "pro")  # reported speech: wants to remain
    assert held("Le Pen", "NATO", "anti")  # her own words
    for s in doc.stances:
        assert any(ev.role == "target" for ev in s.evidence)
        for ev in s.evidence:
            assert text[ev.start : ev.end] == ev.text


def test_a_target_is_what_the_text_names() -> None:
    # the list names aliases of a target, never a target the text does not name
    text = (
        "Iran's foreign minister said Tehran opposes the sanctions.\n\n"
        "The Freedom Party has called for an end to Russia sanctions."
    )
    doc = read(text)
    held = {(t, p) for _, t, p in positions(doc)}
    assert ("sanctions", "anti") in held  # Iran's: the text names no one they are against
    assert ("sanctions against Russia", "anti") in held  # the text names whom
    assert [t for _, t, _ in positions(read(text[:58]))] == ["sanctions"]
    lex = load_lexicon()
    iran = "The United States imposed economic sanctions and the sanctions hurt Iran."
    assert [t for _, _, t in lex.find_targets("en", iran)] == ["economic sanctions", "sanctions"]
    for lang, phrase in (
        ("en", "sanctions on Moscow"),
        ("ru", "санкции против России"),
        ("it", "sanzioni contro la Russia"),
    ):
        assert [t for _, _, t in lex.find_targets(lang, phrase)] == ["sanctions against Russia"]
    assert lex.canonical_target("sanctions") == "sanctions"
    assert lex.canonical_target("North Atlantic Treaty Organization") == "NATO"
    assert lex.canonical_target("НАТО") == "NATO"
    # "the alliance" is whatever alliance the text means, not NATO by default
    assert lex.find_targets("en", "They left the alliance.") == []


def test_one_statement_one_position_and_whose_it_is() -> None:
    text = (
        "“NATO was created to defend us and we support NATO, but NATO is obsolete,” "
        "said Marine Le Pen.\n\n"
        "Several movements that oppose the sanctions against Russia met the EU delegation.\n\n"
        "The Freedom Party wants an end to Russia's annexation of Crimea."
    )
    doc = read(text)
    stances = positions(doc)
    # one quote naming NATO three times, for and against: one mixed stance with all of it
    le_pen = [s for s in doc.stances if "Le Pen" in named(doc, s.actor_mention)]
    assert [(s.target, s.polarity) for s in le_pen] == [("NATO", "mixed")]
    assert sum(ev.role == "target" for ev in le_pen[0].evidence) >= 2
    # the EU, named in the relative clause's sentence, holds no stance of the movements
    assert not any(who == "EU" for who, _, _ in stances)
    # Russia is the annexation's possessor, not a target of its own
    freedom = {(t, p) for who, t, p in stances if "Freedom Party" in who}
    assert ("annexation of Crimea", "anti") in freedom and not any(
        t == "Russia" for t, _ in freedom
    )


def test_free_text_targets_the_list_does_not_name() -> None:
    text = (
        "Members of the Freedom Party speak positively about military intervention in Syria "
        "in support of President Bashar al-Assad.\n\n"
        "The Social Democrats oppose the new pension reform, which the government passed.\n\n"
        "Austria's election saw support for anti-establishment parties.\n\n"
        "Heinz-Christian Strache supports Marine Le Pen."
    )
    doc = read(text)
    stances = set(positions(doc))
    assert (
        "Freedom Party",
        "military intervention in Syria in support of President Bashar al-Assad",
        "pro",
    ) in stances  # kept as written, actors named inside it included
    assert ("The Social Democrats", "new pension reform", "anti") in stances  # no relative clause
    # a phrase with its own side ("anti-establishment") or an actor at its head is no free
    # target; "supports Marine Le Pen" is a support tie, and so a stance toward the person
    # (newsrel GUIDELINES: a stance toward a person is both a stance and a tie)
    assert not any("establishment" in t for _, t, _ in stances)
    assert {(t, p) for _, t, p in stances if "Le Pen" in t} == {("Marine Le Pen", "pro")}


def test_an_expected_improvement_is_a_position() -> None:
    text = (
        "The chairman of the Bundestag's foreign affairs committee, Norbert Roettgen, has "
        "expressed confidence that German-Polish relations will improve.\n\n"
        "Relations between the two countries improved in 2010."
    )
    doc = read(text)
    stances = set(positions(doc))
    # the subject of the clause above holds it; a change that merely happened is no one's
    assert stances == {("Norbert Roettgen", "German-Polish relations", "pro")}


def test_their_party_is_the_party_named_just_before() -> None:
    text = (
        "Freedom Party leaders also say they want to team with Russia. Their party was one of "
        "the first in Europe to recognize the annexation of Crimea.\n\n"
        "The weather was cold. Their party was the first to recognize the annexation of Crimea."
    )
    doc = read(text)
    stances = positions(doc)
    # the party named in the sentence before; three sentences on, no one
    assert stances == [("Freedom Party", "annexation of Crimea", "pro")]


def test_events_with_their_actors() -> None:
    text = "In 2009 an Italian court sentenced the former head of the CIA in absentia."
    doc = read(text)
    assert [(e.date, named(doc, e.mentions[0])) for e in doc.events] == [("2009", "CIA")]
    assert doc.events[0].text.startswith("In 2009 an Italian court sentenced")


def test_without_a_parser_words_and_stems_stand_in() -> None:
    text = "Маттео Сальвини посетил Москву в 2014 году. Лига выступает против санкций."
    doc = read(text, lang="ru")
    kinds = {(t.kind, named(doc, t.target_mention)) for t in doc.ties}
    assert ("visit", "Москву") in kinds
    assert any(e.date == "2014" for e in doc.events)
    # a bare "санкций" is the sanctions the text names, not sanctions against Russia
    assert {(s.target, s.polarity) for s in doc.stances} >= {("sanctions", "anti")}


def test_users_extend_kinds_and_targets(tmp_path: Path) -> None:
    kinds = tmp_path / "kinds.tsv"
    kinds.write_text("lang\tkind\ttrigger\tdirection\nen\tlobbying\tlobby\tforward\n", "utf-8")
    targets = tmp_path / "targets.tsv"
    targets.write_text("target\tlang\talias\nNord Stream 2\ten\tthe pipeline\n", "utf-8")
    lex = load_lexicon(kind_files=(str(kinds),), target_files=(str(targets),))
    assert "lobbying" in lex.kinds
    assert lex.find_targets("en", "They oppose the pipeline.") == [(12, 24, "Nord Stream 2")]
    with pytest.raises(Exception, match="direction"):
        bad = tmp_path / "bad.tsv"
        bad.write_text("lang\tkind\ttrigger\tdirection\nen\tx\ty\tsideways\n", "utf-8")
        load_lexicon(kind_files=(str(bad),))


@pytest.fixture
def seeded(store, settings: Settings):  # type: ignore[no-untyped-def]
    ingest([str(SEEDS)], store, settings)
    analyze(store, settings)
    return store


def test_seed_ties_stances_and_events(seeded) -> None:  # type: ignore[no-untyped-def]
    store = seeded
    names = {a.id: a.name for a in store.actors()}
    texts = {a.id: a.text for a in store.articles(status="ok")}
    ties = {
        (names.get(t.source), t.kind, names.get(t.target), t.negated, t.date) for t in store.ties()
    }
    expected = {
        ("League", "agreement", "United Russia", False, None),
        ("Silvio Berlusconi", "friendship", "Vladimir Putin", False, None),
        ("Silvio Berlusconi", "visit", "Crimea", False, "2015"),
        ("Vladimir Putin", "visit", "Crimea", False, "2015"),
        ("League", "visit", "Crimea", False, "2016"),
        ("Brothers of Italy", "visit", "Crimea", False, "2016"),
        ("Manlio Di Stefano", "visit", "Russia", False, None),
        ("United Russia", "invitation", "Manlio Di Stefano", False, None),
        ("Brothers of Italy", "sister_party", "League", False, None),
        # the denial stays a denial
        ("Matteo Salvini", "funding", "Russia", True, "2014"),
    }
    assert expected <= ties
    assert not any(
        k == "funding" and not neg and src == "Matteo Salvini" for src, k, _, neg, _ in ties
    )
    for t in store.ties():
        assert t.evidence
        for ev in t.evidence:
            assert texts[ev.article][ev.start : ev.end] == ev.text

    own = {(names.get(s.actor), s.target, s.polarity) for s in store.stances()}
    assert {
        ("Five Star Movement", "sanctions against Russia", "anti"),
        ("Five Star Movement", "NATO", "anti"),
        ("Matteo Salvini", "sanctions against Russia", "anti"),
        # "Europe should call off the sanctions": the text names no one they are against
        ("Giancarlo Giorgetti", "sanctions", "anti"),
        ("Leonid Slutsky", "Russian-Italian relations", "pro"),  # expects them to improve
        # the League's "recognize the Peninsula as part of Russia" reached the target
        # "annexation of Crimea" only through a seed-only alias, removed (issue 26)
    } <= own
    assert any(
        who == "Five Star Movement" and "intervention in Syria" in target and polarity == "pro"
        for who, target, polarity in own
    )  # a free-text target
    league = next(a.id for a in store.actors() if a.name == "League")
    rolled = {
        (r.stance.target, r.stance.polarity, names[r.via])
        for r in stance_rows(store, league)
        if r.via
    }
    assert ("sanctions against Russia", "anti", "Matteo Salvini") in rolled

    events = {(e.date, e.text[:40]) for e in store.events()}
    years = {d for d, _ in events}
    assert {"1960s", "2003", "2009", "2014", "2015", "2016"} <= years
    berlusconi = next(a.id for a in store.actors() if a.name == "Silvio Berlusconi")
    items = timeline(store, berlusconi)
    # "In 2015 Berlusconi with Putin visited the Crimea": one line, the visit (the dated event
    # read from the same words is not listed beside it)
    assert [(i.date, i.kind) for i in items][:1] == [("2015", "visit")]
    visit = items[0].evidence
    assert not any(
        i.kind == "event"
        and i.date == "2015"
        and any(
            e.article == v.article and e.start < v.end and v.start < e.end
            for e in i.evidence
            for v in visit
        )
        for i in items
    )


def test_cli_ties_stances_timeline(seeded, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    if seeded.dialect != "sqlite":
        pytest.skip("the CLI reads the SQLite store of the settings")
    runner = CliRunner()
    db = ["--db", settings.db]
    # the machine-translated denial parses badly ("his party never funding from Moscow has
    # not received"): read from the nearest name only, it is below the tie threshold and
    # shown with --all, with its confidence
    result = runner.invoke(app, ["ties", "--kind", "funding", *db])
    assert result.exit_code == 0, result.output
    assert "Matteo Salvini" not in result.output and "--all shows them" in result.output
    result = runner.invoke(app, ["ties", "--kind", "funding", "--all", *db])
    assert result.exit_code == 0, result.output
    assert "Matteo Salvini → Russia [2014]" in result.output and "DENIED" in result.output
    assert "(0.45)" in result.output
    result = runner.invoke(
        app, ["stances", "--actor", "League", "--target", "Russia sanctions", "--json", *db]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert any(r["via_name"] == "Matteo Salvini" and r["polarity"] == "anti" for r in rows)
    assert all(r["target"] == "sanctions against Russia" for r in rows)
    # the count says which stances are listed twice (under a party, through a member), so it
    # agrees with the analysis summary and the export, which count each stance once
    result = runner.invoke(app, ["stances", "--all", *db])
    through = sum(" via " in line for line in result.output.splitlines())
    assert through and f"and {through} of them again under a party" in result.output
    assert result.output.startswith(f"{len(seeded.stances())} stances,"), result.output[:80]
    result = runner.invoke(app, ["timeline", "Silvio Berlusconi", *db])
    assert result.exit_code == 0, result.output
    assert "2015" in result.output and "visited the Crimea" in result.output
    result = runner.invoke(app, ["timeline", "Nobody At All", *db])
    assert result.exit_code != 0
