"""`make demo`: the bundle it analyses shows what the README says it shows, with the real
models on a real SQLite store, run as the Makefile runs it (a real process)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newstrace.export import validate_analysis
from newstrace.store import open_store

from .conftest import ROOT
from .test_cli import run

DEMO = ROOT / "examples" / "demo"


def demo_inputs() -> list[str]:
    """The inputs of the Makefile's demo target, so that the test runs what `make demo` runs."""
    match = re.search(r"^DEMO_INPUTS := (.+)$", (ROOT / "Makefile").read_text("utf-8"), re.M)
    assert match, "the Makefile names the demo's inputs in DEMO_INPUTS"
    return match.group(1).split()


def records() -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(DEMO.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]


def test_every_bundled_article_is_named_in_sources() -> None:
    sources = (DEMO / "SOURCES.md").read_text("utf-8")
    bundled = records()
    assert len(bundled) == 7
    for record in bundled:
        assert record["outlet"] and record["language"] and record["license"] == "CC BY 2.5"
        assert record["title"] in sources
        assert (record.get("url") or record["source_url"]) in sources
    # the translations say what they are, in their own text and in SOURCES.md
    translations = [r for r in bundled if r["outlet"] == "newstrace demo (machine translation)"]
    assert len(translations) == 2 and "reviewed by no human translator" in sources
    assert all("machine translation" in r["text"].rsplit("\n", 1)[-1] for r in translations)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    where = tmp_path_factory.mktemp("demo")
    inputs = [str(ROOT / name) for name in demo_inputs()]
    result = run("analyze", *inputs, "--db", "demo.db", "--out", "out", cwd=where)
    assert result.returncode == 0, result.stderr
    assert "Ingest: 9 ok, 0 duplicate, 0 failed" in result.stdout
    analysis = json.loads((where / "out" / "analysis.json").read_text("utf-8"))
    validate_analysis(analysis)
    assert "<h1>newstrace report</h1>" in (where / "out" / "report.html").read_text("utf-8")
    return where, analysis


def test_demo_shows_outlets_translations_quotes_ties_and_a_timeline(
    demo: tuple[Path, dict[str, Any]],
) -> None:
    where, analysis = demo
    articles = {a["id"]: a for a in analysis["articles"]}
    actors = {a["id"]: a for a in analysis["actors"]}
    assert Counter(a["language"] for a in articles.values()) == {"it": 5, "en": 4}
    assert {a["outlet"] for a in articles.values()} == {
        None,  # the seeds
        "Wikinotizie",
        "newstrace demo (machine translation)",
    }

    # Each translation is traced to its own source, in a story that compares the two outlets.
    by_title = {a["title"]: a["id"] for a in articles.values()}
    expected = {
        by_title["Russia: Putin signs law raising fines for illegal protests"]: by_title[
            "Russia: Putin firma legge che aumenta le multe alle proteste illegali"
        ],
        by_title["Ukraine: pro-Russians occupy two airports and invade Crimea"]: by_title[
            "Ucraina, filorussi occupano due aeroporti e invadono la Crimea"
        ],
    }
    traced: dict[str, str] = {}
    for story in analysis["stories"]:
        for relation in story["relations"]:
            if relation["kind"] == "translation":
                traced[relation["article"]] = relation["source_article"]
                outlets = {c["outlet"] for c in story["comparison"]["articles"]}
                assert len(outlets) == 2, "the story compares the two outlets"
                # across languages two claims pair on the names, numbers and actors they share
                # (stories/compare.py): 7 of each translation's claims did on 2026-12-03
                assert len(story["comparison"]["shared"]) >= 5, "they share claims"
    assert traced == expected

    # The seeds stay one story of their own: two independent reports.
    seeds = {
        i for i, a in articles.items() if a["source"].startswith(str(ROOT / "examples" / "seeds"))
    }
    (seed_story,) = [s for s in analysis["stories"] if set(s["articles"]) & seeds]
    assert set(seed_story["articles"]) == seeds and len(seeds) == 2
    assert [r["kind"] for r in seed_story["relations"]] == ["independent"]
    # and no Wikinotizie article joins another story: each reports its own event
    assert len(analysis["stories"]) == 6

    # Quotes with their speakers, in both languages.
    spoken = [
        (actors[q["speaker"]]["name"], q["text"], articles[q["article"]]["language"])
        for q in analysis["quotes"]
        if q["speaker"]
    ]
    assert len(spoken) >= 40
    assert {lang for _, _, lang in spoken} == {"en", "it"}
    said = {(name, lang) for name, _, lang in spoken}
    for who in ("Vladimir Putin", "Ilya Yashin", "Irina Yarovaya"):
        assert (who, "en") in said and (who, "it") in said, who
    assert ("Matteo Salvini", "en") in said and ("Arsen Avakov", "en") in said

    # Ties between actors, with their dates, from the seeds and from the translations.
    ties = {
        (actors[t["source"]]["name"], t["kind"], actors[t["target"]]["name"], t["date"])
        for t in analysis["ties"]
    }
    assert len(ties) >= 15
    assert ("Matteo Salvini", "leader_of", "League", None) in ties
    assert ("Silvio Berlusconi", "visit", "Crimea", "2015") in ties
    translated = set(expected)
    assert sum(t["evidence"][0]["article"] in translated for t in analysis["ties"]) >= 3

    # A timeline: one actor's dated events over the years, from several articles.
    timeline = run("timeline", "Putin", "--db", "demo.db", "--json", cwd=where)
    assert timeline.returncode == 0, timeline.stderr
    items = [json.loads(line) for line in timeline.stdout.splitlines()]
    dates = [i["date"] for i in items]
    assert dates == sorted(dates)
    assert {"2012-06-08", "2015"} <= set(dates)
    assert len({i["evidence"][0]["article"] for i in items}) >= 2
    crimea = run("timeline", "Crimea", "--db", "demo.db", "--json", cwd=where)
    crimea_dates = {json.loads(line)["date"] for line in crimea.stdout.splitlines()}
    assert {"2014-02-28", "2015", "2016"} <= crimea_dates

    # Every piece of evidence is the text at its offsets.
    with open_store(str(where / "demo.db")) as store:
        texts = {i: store.get_article(i).text for i in articles}  # type: ignore[union-attr]
    for family in ("quotes", "ties", "stances", "events"):
        for item in analysis[family]:
            for ev in item["evidence"]:
                assert texts[ev["article"]][ev["start"] : ev["end"]] == ev["text"], family
