"""The analysis as CSV for spreadsheets and pandas: one file per section, flat columns.

Beside each actor id its name (``source_name``, ``speaker_name``, ...). Dates as full ISO days
(``date_start``, ``date_end``) with their ``date_precision`` (day, month, year or decade), so
that no reader takes a year for a number. Evidence in columns: how many spans show an item,
and the main one (article, start, end, text, sentence); ``evidence.csv`` holds every span, one
row each, keyed by section and item id. Other lists (aliases, a story's articles) and a story's
relations and comparison stay JSON in their cells."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .analysis import SECTIONS
from .dates import date_span

# per section, the columns that hold an actor id, and the name column written beside each
NAMED = {
    "ties": {"source": "source_name", "target": "target_name"},
    "quotes": {"speaker": "speaker_name"},
    "stances": {"actor": "actor_name"},
    "events": {"actors": "actor_names"},
}
EVIDENCE_COLUMNS = ("article", "start", "end", "text", "sentence")


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _main_evidence(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The span that shows the item itself (the relation, the quote's content), else the first."""
    main = next((e for e in evidence if e.get("role") in (None, "relation", "content")), None)
    return main or (evidence[0] if evidence else {})


def flat_row(section: str, item: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """One CSV row of ``item`` (from ``section`` of the analysis)."""
    named = NAMED.get(section, {})
    row: dict[str, Any] = {}
    for key, value in item.items():
        if key == "evidence":
            main = _main_evidence(value)
            row["evidence_count"] = len(value)
            for column in EVIDENCE_COLUMNS:
                row[f"evidence_{column}"] = main.get(column)
        elif key == "date":
            span = date_span(value)
            row["date_start"] = span.start if span else None
            row["date_end"] = span.end if span else None
            row["date_precision"] = span.precision if span else None
        else:
            row[key] = _cell(value)
            if key in named and isinstance(value, list | tuple):
                row[named[key]] = _cell([names.get(x, x) for x in value])
            elif key in named:
                row[named[key]] = names.get(value) if value else None
    return row


def csv_lines(
    items: Iterable[Mapping[str, Any]], section: str, names: Mapping[str, str]
) -> Iterator[str]:
    """Items of one section as CSV text, a row at a time (the header from the first row)."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for item in items:
        row = flat_row(section, item, names)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), restval="", extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def evidence_rows(analysis: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for section in SECTIONS:
        for item in analysis[section]:
            for ev in item.get("evidence") or ():
                if isinstance(ev, dict):
                    yield {
                        "section": section,
                        "item": item["id"],
                        "role": ev.get("role"),
                        **{c: ev.get(c) for c in EVIDENCE_COLUMNS},
                    }


def _write(path: Path, rows: list[dict[str, Any]], default: list[str]) -> None:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns or default)
        writer.writeheader()
        writer.writerows(rows)


def write_csv(analysis: Mapping[str, Any], folder: Path) -> Path:
    """``folder``/articles.csv, actors.csv, ... and evidence.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {a["id"]: a["name"] for a in analysis["actors"]}
    for section in SECTIONS:
        rows = [flat_row(section, item, names) for item in analysis[section]]
        _write(folder / f"{section}.csv", rows, ["id"])
    evidence = list(evidence_rows(analysis))
    _write(folder / "evidence.csv", evidence, ["section", "item", "role", *EVIDENCE_COLUMNS])
    return folder
