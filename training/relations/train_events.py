"""Fit the dated-event scorer (newstrace.relations.event_scorer) on the newsrel training
annotations: each article is analysed by the real pipeline, every dated event the relations
stage reads is labelled right when it matches a gold event (date at the gold precision and
evidence, as `newstrace eval relations` scores it), and a numpy logistic regression (L2) is
fitted on the features. Cross-validation by article picks the threshold: the lowest
confidence at which the held-out precision reaches --precision.

    PYTHONPATH=src python training/relations/train_events.py \\
        training/relations/newsrel-train.jsonl training/relations/newsrel-train-2.jsonl \\
        --eval ../shared/eval --out src/newstrace/models/relations/events.npz

The newsrel dev set is never read here."""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.eval.newsrel import article_url
from newstrace.eval.newsrel_match import PredictedEvent, event_matches, pair_up
from newstrace.relations import event_scorer
from newstrace.relations.event_scorer import FEATURES, EventReading, features, probability
from newstrace.stages import relations as stage

Example = tuple[str, np.ndarray, bool]  # (article id, features, right)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    """Logistic regression by gradient descent (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + penalty * w / len(y)
        w -= 0.5 * grad
    return w


def cross_validated(examples: Sequence[Example], folds: int = 5) -> list[tuple[float, bool]]:
    """(held-out probability, right) for every example, folds by article."""
    articles = sorted({a for a, _, _ in examples})
    out = []
    for k in range(folds):
        held = set(articles[k::folds])
        train = [(x, y) for a, x, y in examples if a not in held]
        w = fit(np.array([x for x, _ in train]), np.array([float(y) for _, y in train]))
        out.extend((probability(x, w), y) for a, x, y in examples if a in held)
    return out


def threshold_for(scored: Sequence[tuple[float, bool]], gold: int, precision: float) -> float:
    """The lowest threshold whose precision reaches ``precision`` (recall against ``gold``)."""
    best = 1.0
    for t in sorted({round(p, 3) for p, _ in scored}, reverse=True):
        kept = [y for p, y in scored if p >= t]
        if kept and sum(kept) / len(kept) >= precision:
            best = t
    return best


def readers() -> tuple[Any, set[str], Any]:
    """What the relations stage reads an English article with, from the shipped settings: the
    lexicon, the speech verbs and the target-sentiment model (train_stances.py too)."""
    from newstrace.quotes import load_cues
    from newstrace.relations.lexicon import lexicon_for
    from newstrace.relations.sentiment import TargetSentiment
    from newstrace.settings import load_settings

    settings = load_settings({})
    cues = load_cues(tuple(settings.quotes.cue_files))
    speech = set(cues.verbs.get("en", {})) | set(cues.belief.get("en", set()))
    return (
        lexicon_for(settings.relations),
        speech,
        TargetSentiment(settings.relations.sentiment_threshold),
    )


def examples_of(docs: list[Any], records: list[dict[str, Any]]) -> tuple[list[Example], int]:
    """The events read from analysed ``docs``, labelled against ``records``; and the number
    of dated gold events."""
    by_url = {article_url(r): r for r in records}
    readings: list[EventReading] = []

    def record(r: EventReading) -> float:
        readings.append(r)
        return 1.0

    original = stage.score_event
    stage.score_event = record  # type: ignore[assignment]
    try:
        lex, speech, sentiment = readers()
        out: list[Example] = []
        gold_n = sum(1 for r in records for g in r["events"] if g.get("date"))
        for doc in docs:
            record_ = by_url[doc.article.url]
            readings.clear()
            _, _, events = stage.read_article(doc, "en", lex, speech, sentiment)
            if len(readings) != len(events):  # two readings of one event (same id): skip
                print(f"skipped {doc.article.id}: {len(readings)} readings, {len(events)} events")
                continue
            predicted = []
            for e in events:
                ev = e.evidence[0]
                predicted.append(
                    PredictedEvent(e.date, doc.text[ev.sentence_start : ev.sentence_end])
                )
            gold = [g for g in record_["events"] if g.get("date")]
            right = {id(p) for p, _ in pair_up(predicted, gold, event_matches)}
            out.extend(
                (doc.article.id, features(r), id(p) in right)
                for r, p in zip(readings, predicted, strict=True)
            )
        return out, gold_n
    finally:
        stage.score_event = original


def analysed_docs(eval_root: Path, records: list[dict[str, Any]]) -> list[Any]:
    """The records' articles through the real pipeline, as the relations stage sees them."""
    from newstrace.eval.newsrel import analysed

    docs: list[Any] = []
    original = stage.RelationsStage.__call__

    def keep(self: Any, batch: list[Any]) -> None:
        original(self, batch)
        for d in batch:
            d_copy = type(d).__new__(type(d))
            for slot in d.__dataclass_fields__:
                setattr(d_copy, slot, getattr(d, slot))
            docs.append(d_copy)

    stage.RelationsStage.__call__ = keep  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp, analysed(eval_root, records, f"{tmp}/t.db"):
            pass
    finally:
        stage.RelationsStage.__call__ = original  # type: ignore[method-assign]
    return docs


def arguments(description: str) -> argparse.ArgumentParser:
    """The arguments every newsrel training script takes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("train", nargs="+", type=Path, help="newsrel-format JSONL files")
    ap.add_argument("--eval", type=Path, required=True, help="folder the `file` fields are in")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--precision", type=float, default=0.8)
    return ap


def main() -> None:
    args = arguments(__doc__.split("\n\n")[0]).parse_args()
    records = [json.loads(line) for f in args.train for line in f.read_text().splitlines() if line]
    docs = analysed_docs(args.eval, records)
    examples, gold = examples_of(docs, records)
    report(examples, gold, args.precision, args.out)


def report(
    examples: Sequence[Example],
    gold: int,
    precision: float,
    out: Path,
    what: str = "events",
    names: Sequence[str] = FEATURES,
    loaded: Any = event_scorer._weights,
) -> None:
    """Cross-validated threshold and figures, then the weights fitted on every example saved
    to ``out`` with their feature ``names`` (``loaded``: the scorer's cached loader, cleared);
    train_stances.py reports through this too."""
    scored = cross_validated(examples)
    t = threshold_for(scored, gold, precision)
    kept = [y for p, y in scored if p >= t]
    print(f"{len(examples)} {what}, {sum(y for *_, y in examples)} right, {gold} gold")
    print(f"cross-validated: threshold {t}: P {sum(kept) / max(1, len(kept)):.3f}"
          f" R {sum(kept) / max(1, gold):.3f} ({len(kept)} kept)")  # fmt: skip
    w = fit(np.array([x for _, x, _ in examples]), np.array([float(y) for *_, y in examples]))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, weights=w, features=np.array(names), threshold=np.array(t))
    loaded.cache_clear()
    print(dict(zip(names, np.round(w, 2).tolist(), strict=True)))


if __name__ == "__main__":
    main()
