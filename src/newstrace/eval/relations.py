"""``newstrace eval relations``: the data says which gold it is. A folder holding ``dev.jsonl``
(or a ``.jsonl`` file) is newsrel, ties, stances and dated events annotated on whole articles
(newstrace.eval.newsrel); a folder of ``events-*.jsonl`` (or one) is newstrace's Italian and
Russian dated-event gold (newstrace.eval.events_gold); anything else is CrossRE's sentence-level relations
(newstrace.eval.crossre)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .crossre import evaluate_crossre
from .events_gold import evaluate_events_gold, is_events_gold
from .newsrel import evaluate_newsrel


def is_newsrel(data: Path) -> bool:
    if is_events_gold(data):
        return False
    return (data.is_dir() and (data / "dev.jsonl").exists()) or data.suffix == ".jsonl"


def evaluate_relations(data: Path, *, limit: int | None = None, **options: Any) -> dict[str, Any]:
    if is_events_gold(data):  # dated events in Italian and Russian (tests/fixtures/events_ru_it)
        return evaluate_events_gold(data, limit=limit, **options)
    if is_newsrel(data):
        return evaluate_newsrel(data, limit=limit, **options)
    return evaluate_crossre(data, limit=limit, **options)
