"""``newstrace eval relations``: the data says which gold it is. A folder holding ``dev.jsonl``
(or a ``.jsonl`` file) is newsrel, ties, stances and dated events annotated on whole articles
(newstrace.eval.newsrel); anything else is CrossRE's sentence-level relations
(newstrace.eval.crossre)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .crossre import evaluate_crossre
from .newsrel import evaluate_newsrel


def is_newsrel(data: Path) -> bool:
    return (data.is_dir() and (data / "dev.jsonl").exists()) or data.suffix == ".jsonl"


def evaluate_relations(data: Path, *, limit: int | None = None, **options: Any) -> dict[str, Any]:
    if is_newsrel(data):
        return evaluate_newsrel(data, limit=limit, **options)
    return evaluate_crossre(data, limit=limit, **options)
