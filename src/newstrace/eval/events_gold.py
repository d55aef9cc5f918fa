"""Dated events on newstrace's own Italian and Russian gold (tests/fixtures/events_ru_it: events
annotated by hand over KIND's Italian Wikinews and BSNLP-2017 Russian news, by newsrel's
GUIDELINES.md; its README says how).

Like the quote gold (newstrace.eval.quotes_gold), the records keep offsets, short strings and a
SHA-1 of each document, never the text: the text is rebuilt from ``../shared/eval`` and checked
against the hash. Each listed document is analysed by the real pipeline in a fresh store, in
its language and with its ``published`` date (null where the text does not fix it), and its
events are matched to the gold as newsrel's are (newstrace.eval.newsrel_match: the date equal
at the gold's precision, the evidence sentences sharing half of the shorter one's words). Every
dated event of a listed document is annotated, so precision is meaningful; gold events the text
gives no date for are listed with a null date and not scored."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from ..errors import EvalError
from .conll_docs import offset_gold
from .newsrel import predictions
from .newsrel_match import Tally, score_events


def is_events_gold(data: Path) -> bool:
    """An events-*.jsonl file of this gold, or a folder of them."""
    if data.is_dir():
        return any(data.glob("events-*.jsonl"))
    return data.name.startswith("events-") and data.suffix == ".jsonl"


def read_events_gold(data: Path, root: Path | None = None) -> list[dict[str, Any]]:
    """The records of ``data``, each with its rebuilt ``text`` and its gold events' full
    ``evidence`` (the annotated sentence)."""
    return [
        r
        | {
            "text": text,
            "events": [e | {"evidence": text[e["start"] : e["end"]]} for e in r["events"]],
            "url": _url(r),
        }
        for r, text in offset_gold(data, "events", "an events gold", ("events",), root)
    ]


def _url(r: dict[str, Any]) -> str:
    return f"https://events-gold.invalid/{r['lang']}/{r['source']}/{r['doc']}"


def evaluate_events_gold(data: Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    """Precision, recall and F1 of the dated events, per language and over all, of what the
    analysis shows by default (``event_threshold``) and of every event (``all``)."""
    from ..ingest import ingest
    from ..pipeline import analyze
    from ..settings import load_settings
    from ..store import open_store

    records = read_events_gold(data)
    records = records[:limit] if limit else records
    if not records:
        raise EvalError(f"no annotated documents in {data}")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "events.jsonl"
        jsonl.write_text(
            "".join(
                json.dumps(
                    {"text": r["text"], "url": r["url"], "published": r.get("published"),
                     "title": r["url"], "language": r["lang"]}
                ) + "\n"
                for r in records
            ),
            "utf-8",
        )  # fmt: skip
        settings = load_settings({"db": str(Path(tmp) / "eval.db")})
        with open_store(settings.db) as store:
            ingest([str(jsonl)], store, settings)
            analyze(store, settings)
            found = predictions(store)
    threshold = settings.relations.event_threshold
    result: dict[str, Any] = {"task": "events", "data": str(data), "n": len(records)}
    for name, least in (("shown", threshold), ("all", 0.0)):
        tallies: dict[str, Tally] = {}
        everything = Tally()
        for r in records:
            events = [e for e in found.get(r["url"], ([], [], []))[2] if e.confidence >= least]
            score_events(tallies.setdefault(r["lang"], Tally()), events, r["events"])
            score_events(everything, events, r["events"])
        figures = everything.result() | {
            "languages": {lang: t.result() for lang, t in sorted(tallies.items())}
        }
        if name == "shown":
            result |= figures
        else:
            result["all"] = figures
    return result
