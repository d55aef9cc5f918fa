"""Writing an analysis as one JSON document, or as JSONL (one item a line, with its section).
CSV is in ``tables``, FollowTheMoney in ``ftm``, GEXF and GraphML in ``graph``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .analysis import SECTIONS

SINGULAR = {
    "articles": "article",
    "actors": "actor",
    "quotes": "quote",
    "ties": "tie",
    "stances": "stance",
    "events": "event",
    "stories": "story",
}


def write_json(analysis: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(analysis, ensure_ascii=False, indent=2), "utf-8")
    return path


def iter_jsonl(analysis: dict[str, Any]) -> Iterator[str]:
    """One line per item; ``record`` names its section (article, actor, quote ...)."""
    for section in SECTIONS:
        for item in analysis[section]:
            yield json.dumps({"record": SINGULAR[section], **item}, ensure_ascii=False) + "\n"


def write_jsonl(analysis: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(iter_jsonl(analysis))
    return path
