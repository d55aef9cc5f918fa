"""Target sentiment on NewsMTSC (``dev-rw.jsonl``, ``dev-mt.jsonl``, ``train.jsonl``: one
sentence per line, each target with ``from``/``to`` offsets and a polarity of 2 negative,
4 neutral, 6 positive). Scores the shipped classifier (newstrace.relations.sentiment):
macro-F1 over the three classes and accuracy, with per-class F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..relations.sentiment import LABELS, TargetSentiment

POLARITY = {2: "negative", 4: "neutral", 6: "positive"}


def read_newsmtsc(path: Path) -> list[tuple[str, int, int, str]]:
    items = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for t in record["targets"]:
                items.append(
                    (
                        record["sentence_normalized"],
                        int(t["from"]),
                        int(t["to"]),
                        POLARITY[int(t["polarity"])],
                    )
                )
        except (ValueError, KeyError, TypeError) as e:
            raise EvalError(f"{path}:{n}: not a NewsMTSC record ({e})") from e
    return items


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, float]]:
    per_class = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        pred = sum(p == label for p in predicted)
        true = sum(g == label for g in gold)
        precision = tp / pred if pred else 0.0
        recall = tp / true if true else 0.0
        per_class[label] = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    return sum(per_class.values()) / len(per_class), per_class


def evaluate_sentiment(data: Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    if data.is_dir():
        raise EvalError(f"{data} is a folder: name one NewsMTSC file, e.g. {data / 'dev-rw.jsonl'}")
    items = read_newsmtsc(data)[:limit]
    if not items:
        raise EvalError(f"{data}: no targets to score")
    model = TargetSentiment()
    if not model.available:
        raise EvalError("the sentiment model is not installed (newstrace/models/sentiment)")
    predicted = [label for label, _ in model.predict([(s, a, b) for s, a, b, _ in items])]
    gold = [g for *_, g in items]
    f1, per_class = macro_f1(gold, predicted)
    return {
        "task": "sentiment",
        "data": str(data),
        "n": len(items),
        "macro_f1": round(f1, 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4),
        "f1_by_class": {k: round(v, 4) for k, v in per_class.items()},
    }
