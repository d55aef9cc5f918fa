"""`newstrace eval dates`: the TimeML reader on a real TempEval-3 document, the TempEval-3
scoring on known spans, and the CLI's JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.eval.dates import Found, TimeMLDoc, Timex, read_timeml, same_value, score

from ..conftest import eval_path

DOC = ("TimeBank", "wsj_0144.tml")


def test_timeml_text_and_timexes_line_up() -> None:
    doc = read_timeml(eval_path("dates", "tempeval3-tbaq", *DOC))
    assert doc.created == "1989-11-02"
    assert doc.dates[0].text == "third-quarter" and doc.dates[0].value == "1989-Q3"
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "<" not in doc.text


def test_relaxed_matching_and_value_accuracy() -> None:
    text = "On Friday morning and in 1990, then now."
    gold = (
        Timex(3, 9, "Friday", "DATE", "1989-10-27"),
        Timex(25, 29, "1990", "DATE", "1990"),
        Timex(36, 39, "now", "DATE", "PRESENT_REF"),
    )
    doc = TimeMLDoc("d", text, "1989-10-30", gold)
    found = [
        Found(3, 17, "Friday morning", "1989-10-20"),  # overlaps, a week off
        Found(25, 29, "1990", "1990"),
        Found(0, 2, "On", "2000"),  # no gold: a false positive
    ]
    r = score([doc], [found])
    assert (r["precision"], r["recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    assert r["value_accuracy"] == 0.5 and r["strict_f1"] == round(1 / 3, 4)
    assert r["value_f1"] == round(2 / 3 * 0.5, 4)
    assert r["weekday_week_errors"] == 1
    assert same_value("1968", "1968-XX") and same_value("1990s", "199X")
    assert same_value("2000-W07", "2000-W7") and not same_value("1988", "1988-Q3")


def test_cli_json() -> None:
    path = eval_path("dates", "tempeval3-tbaq", *DOC)
    result = CliRunner().invoke(app, ["eval", "dates", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["task"] == "dates" and out["n"] == 1
    assert out["relaxed_f1"] >= 0.9 and out["value_accuracy"] >= 0.7  # its "a year ago"s
    assert {"precision", "recall", "value_f1", "strict_f1"} <= set(out)
