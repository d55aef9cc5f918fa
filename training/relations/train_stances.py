"""Fit the stance scorer (newstrace.relations.stance_scorer) on the newsrel training
annotations: each article is analysed by the real pipeline, every stance the relations stage
keeps is labelled right when it matches a gold stance strictly (holder, target, evidence and
polarity, as `newstrace eval relations` scores it), and a numpy logistic regression (L2) is
fitted on the features. Cross-validation by article picks the threshold: the lowest
confidence at which the held-out precision reaches --precision. `--breakdown` prints where the
stances are lost and why (docs/quality.md).

    PYTHONPATH=src python training/relations/train_stances.py \\
        training/relations/newsrel-train.jsonl training/relations/newsrel-train-2.jsonl \\
        --eval ../shared/eval --out src/newstrace/models/relations/stances.npz

The newsrel dev set is never read here."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from train_events import analysed_docs, readers, report

from newstrace.eval.newsrel import article_url
from newstrace.eval.newsrel_match import (
    PredictedStance,
    evidence_match,
    names_match,
    pair_up,
    stance_matches,
    target_match,
)
from newstrace.relations import stance_reading, stance_scorer
from newstrace.relations.stance_scorer import FEATURES, StanceReading, features
from newstrace.relations.stances import fullest_name
from newstrace.stages import relations as stage

Example = tuple[str, np.ndarray, bool]  # (article id, features, right)


def strict(p: PredictedStance, g: dict[str, Any]) -> bool:
    return stance_matches(p, g) and p.polarity == g["polarity"]


def read_stances(docs: list[Any]) -> list[tuple[Any, list[tuple[PredictedStance, StanceReading]]]]:
    """Per article, every stance the relations stage keeps, as the scorer reads it, with what
    its reading rests on."""
    seen: dict[str, StanceReading] = {}
    original = stage.stance_reading.rescored

    def record(text: str, readings: Any, sentiment: Any) -> list[Any]:
        full = stance_reading.with_sentiment(text, readings, sentiment)
        for (s, _), r in zip(readings, full, strict=True):
            seen[s.id] = r
        return [s for s, _ in readings]

    stage.stance_reading.rescored = record  # type: ignore[assignment]
    try:
        lex, speech, sentiment = readers()
        out = []
        for doc in docs:
            seen.clear()
            _, stances, _ = stage.read_article(doc, "en", lex, speech, sentiment)
            by_id = {m.id: m for m in [*doc.mentions, *doc.sources]}
            rows = []
            for s in stances:
                m = by_id.get(s.actor_mention or "")
                names = (fullest_name(m, doc.mentions), m.text) if m is not None else (s.actor,)
                ev = s.evidence[0]
                p = PredictedStance(
                    names, s.target, s.polarity, doc.text[ev.sentence_start : ev.sentence_end]
                )
                rows.append((p, seen[s.id]))
            out.append((doc, rows))
        return out
    finally:
        stage.stance_reading.rescored = original  # type: ignore[assignment]


def examples_of(read: list[Any], records: list[dict[str, Any]]) -> tuple[list[Example], int]:
    by_url = {article_url(r): r for r in records}
    out: list[Example] = []
    for doc, rows in read:
        gold = by_url[doc.article.url]["stances"]
        right = {id(p) for p, _ in pair_up([p for p, _ in rows], gold, strict)}
        out.extend((doc.article.id, features(r), id(p) in right) for p, r in rows)
    return out, sum(len(r["stances"]) for r in records)


def breakdown(read: list[Any], records: list[dict[str, Any]]) -> None:
    """Why predicted stances are wrong and why gold stances are missed."""
    by_url = {article_url(r): r for r in records}
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    how: Counter[tuple[str, bool]] = Counter()
    for doc, rows in read:
        gold = by_url[doc.article.url]["stances"]
        predicted = [p for p, _ in rows]
        right = {id(p) for p, _ in pair_up(predicted, gold, strict)}
        for p, r in rows:
            how[(r.how, id(p) in right)] += 1
            if id(p) in right:
                continue
            near = [g for g in gold if evidence_match(p.evidence, g["evidence"])]
            if any(stance_matches(p, g) for g in near):
                wrong["polarity"] += 1
            elif any(names_match(p.holder, g["holder"]) for g in near):
                wrong["target (holder and evidence right)"] += 1
            elif any(target_match(p.target, g["target"]) for g in near):
                wrong["holder (target and evidence right)"] += 1
            elif near:
                wrong["holder and target (a gold stance in that sentence)"] += 1
            else:
                wrong["no gold stance in that sentence"] += 1
        found = {id(g) for _, g in pair_up(predicted, gold, strict)}
        names = [m.text for m in doc.mentions]
        for g in gold:
            if id(g) in found:
                continue
            near = [p for p in predicted if evidence_match(p.evidence, g["evidence"])]
            actor_target = names_match(names, g["target"]) and len(g["target"].split()) <= 4
            kind = "actor target" if actor_target else "non-actor target"
            if any(stance_matches(p, g) for p in near):
                missed[f"{kind}: polarity wrong"] += 1
            elif any(names_match(p.holder, g["holder"]) for p in near):
                missed[f"{kind}: holder found, target differs"] += 1
            elif near:
                missed[f"{kind}: another holder read there"] += 1
            elif not names_match(names, g["holder"]):
                missed[f"{kind}: holder not an actor mention"] += 1
            else:
                missed[f"{kind}: nothing read in the evidence"] += 1
    print("wrong stances:", dict(wrong.most_common()))
    print("missed gold stances:", dict(missed.most_common()))
    print("by holder reading (how, right): n", dict(sorted(how.items())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", nargs="+", type=Path, help="newsrel-format JSONL files")
    ap.add_argument("--eval", type=Path, required=True, help="folder the `file` fields are in")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--precision", type=float, default=0.75)
    ap.add_argument("--breakdown", action="store_true", help="print where stances are lost")
    args = ap.parse_args()
    records = [json.loads(line) for f in args.train for line in f.read_text().splitlines() if line]
    read = read_stances(analysed_docs(args.eval, records))
    if args.breakdown:
        breakdown(read, records)
    examples, gold = examples_of(read, records)
    report(examples, gold, args.precision, args.out, "stances", FEATURES, stance_scorer._weights)


if __name__ == "__main__":
    main()
