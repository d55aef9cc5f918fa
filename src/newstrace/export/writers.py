"""Writing an analysis as one JSON document, as JSONL (one item a line, with its section), or
as CSV (one file per section; lists and evidence JSON-encoded in their cells)."""

from __future__ import annotations

import csv
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


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(analysis: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for section in SECTIONS:
        items = analysis[section]
        columns: list[str] = []
        for item in items:
            columns.extend(k for k in item if k not in columns)
        with (folder / f"{section}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns or ["id"])
            writer.writeheader()
            for item in items:
                writer.writerow({k: _cell(v) for k, v in item.items()})
    return folder
