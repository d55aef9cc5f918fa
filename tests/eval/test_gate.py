"""The eval gate: scores on samples of the real gold data in ../shared/eval must stay at or
above the floors pinned in floors.toml (at or below a ``max_`` ceiling). The full evaluations run with `newstrace eval` (see
docs/quality.md); a floor is raised when quality improves, and lowering one is a visible change."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from newstrace.eval import run_task

from ..conftest import ROOT, eval_path

FLOORS: dict[str, Any] = tomllib.loads((Path(__file__).parent / "floors.toml").read_text("utf-8"))
pytestmark = pytest.mark.eval


def check(result: dict[str, Any], floors: dict[str, Any]) -> None:
    for metric, floor in floors.items():
        if metric in ("limit", "n", "data", "task", "extra", "kinds", "fixture"):
            continue
        if metric == "languages":  # per-language floors: {lang = {metric = floor}}
            for lang, lang_floors in floor.items():
                check(result["languages"][lang] | {"task": f"{result['task']} {lang}"}, lang_floors)
            continue
        if metric.startswith("max_"):  # a ceiling: an error share that must stay low
            value = result[metric.removeprefix("max_")]
            assert value <= floor, f"{result['task']} {metric} {value} rose above {floor}"
            continue
        assert result[metric] >= floor, (
            f"{result['task']} {metric} {result[metric]} fell below its floor {floor}"
        )


@pytest.mark.parametrize("gate", sorted(FLOORS))
def test_gate(gate: str) -> None:
    floors = FLOORS[gate]
    data = eval_path(*floors["data"].split("/"))
    if "fixture" in floors:  # gold kept in the repository over texts rebuilt from ``data``
        data = ROOT / floors["fixture"]
    options: dict[str, Any] = {"extra": ROOT / floors["extra"]} if "extra" in floors else {}
    if "kinds" in floors:
        options["kinds"] = floors["kinds"]
    result = run_task(floors["task"], data, limit=floors["limit"] or None, **options)
    assert result["n"] == floors["n"]
    check(result, floors)


def test_extraction_metric_on_known_pairs() -> None:
    from newstrace.eval.extraction import precision_recall

    assert precision_recall("a b c d e", "a b c d e") == (1.0, 1.0)
    assert precision_recall("", "") == (1.0, 1.0)
    p, r = precision_recall("one two three four five six", "one two three four")
    assert (p, r) == (1.0, 1 / 3)


def test_ner_span_reading() -> None:
    from newstrace.eval.ner import spans_from_tags

    assert spans_from_tags(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == {
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
    }
