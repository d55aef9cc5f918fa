"""The analysis document, its schema, the JSONL/CSV exports and the HTML report."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from newstrace.export import build_analysis, validate_analysis, write_csv, write_jsonl
from newstrace.ingest import ingest
from newstrace.pipeline import analyze
from newstrace.report import render_report

from ..conftest import SEEDS


@pytest.fixture
def analysed(store, settings):
    ingest([str(SEEDS)], store, settings)
    analyze(store, settings)
    return store


def test_seed_analysis_validates_and_evidence_matches_text(analysed) -> None:
    analysis = build_analysis(analysed)
    validate_analysis(analysis)
    assert set(analysis) >= {
        "newstrace_version",
        "articles",
        "actors",
        "quotes",
        "ties",
        "stances",
        "events",
        "stories",
    }
    texts = {a.id: a.text for a in analysed.articles()}
    assert [a["language"] for a in analysis["articles"]] == ["en", "en"]
    assert all(actor["evidence"] for actor in analysis["actors"])
    for actor in analysis["actors"]:
        for ev in actor["evidence"]:
            assert ev["text"] == texts[ev["article"]][ev["start"] : ev["end"]]
            assert ev["text"] in ev["sentence"]
    salvini = next(a for a in analysis["actors"] if a["name"] == "Matteo Salvini")
    assert salvini["type"] == "person" and salvini["articles"]


def test_relations_shown_by_confidence_and_all_on_request(analysed) -> None:
    shown = build_analysis(analysed)
    everything = build_analysis(analysed, everything=True)
    validate_analysis(shown)
    validate_analysis(everything)
    assert not shown["shown"]["everything"] and everything["shown"]["everything"]
    for kind in ("ties", "stances", "events"):
        floor = shown["shown"][kind]
        assert all(i["confidence"] is not None and i["confidence"] >= floor for i in shown[kind])
        assert {i["id"] for i in shown[kind]} <= {i["id"] for i in everything[kind]}
    assert len(shown["ties"]) < len(everything["ties"])  # the seeds hold weak readings
    html = render_report(shown)
    assert "Confidence" in html and "--all" in html


def test_schema_rejects_a_broken_document(analysed) -> None:
    analysis = build_analysis(analysed)
    analysis["actors"][0]["type"] = "alien"
    with pytest.raises(jsonschema.ValidationError):
        validate_analysis(analysis)
    del analysis["quotes"]
    with pytest.raises(jsonschema.ValidationError):
        validate_analysis(analysis)


def test_jsonl_and_csv(analysed, tmp_path: Path) -> None:
    analysis = build_analysis(analysed)
    lines = write_jsonl(analysis, tmp_path / "a.jsonl").read_text("utf-8").splitlines()
    kinds = [json.loads(line)["record"] for line in lines]
    assert kinds.count("article") == 2 and kinds.count("actor") == len(analysis["actors"])
    folder = write_csv(analysis, tmp_path / "csv")
    with (folder / "actors.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(analysis["actors"])
    assert rows[0]["evidence_article"] in {a["id"] for a in analysis["articles"]}
    assert "evidence" not in rows[0]  # the spans are in columns and in evidence.csv
    assert (folder / "quotes.csv").exists()


def test_report_escapes_hostile_article(store, settings, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Breaking <script>alert(1)</script> news\n\n"
        'President <img src=x onerror="alert(2)"> Vladimir Putin met <a href="javascript:alert(3)">Emmanuel Macron</a> in Paris. '
        + "x"
        * 5000,
        "utf-8",
    )
    ingest([str(hostile)], store, settings)
    analyze(store, settings)
    html = render_report(build_analysis(store))
    assert (
        "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<script", html, re.I)  # the report has no script at all
    assert "Content-Security-Policy" in html and "http://" not in html.split("<body>")[0].replace(
        "http-equiv", ""
    )
