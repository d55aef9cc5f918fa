"""Fit the stance model (newstrace.relations.stance_model) on the newsrel training annotations.

Each article is analysed by the real pipeline; every stance candidate
(relations.stance_candidates) is labelled with the polarity of the gold stance it matches on
holder, target and evidence (as `newstrace eval relations` matches them), else "none"; a
multinomial logistic regression (none, pro, anti; scipy L-BFGS, L2 on standardised features) is
fitted on them. Cross-validation by article scores the held-out stances as the relations stage
keeps them (the surest of overlapping spans, one per holder and target in an article) against
the gold, strictly (holder, target, evidence, polarity), and picks the threshold: the lowest
confidence at which the held-out precision reaches --precision.

    PYTHONPATH=src python training/relations/train_stance_model.py \\
        training/relations/newsrel-train.jsonl training/relations/newsrel-train-2.jsonl \\
        training/relations/newsrel-train-3.jsonl --eval ../shared/eval \\
        --out src/newstrace/models/relations/stance_model.npz

`--recall` prints only the candidates' recall (the share of gold stances with a matching
candidate) and the candidates per sentence. The newsrel dev set is never read here."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from train_events import analysed_docs, readers

from newstrace.eval.newsrel import article_url
from newstrace.eval.newsrel_match import PredictedStance, pair_up, stance_matches
from newstrace.relations import stance_model
from newstrace.relations.stance_candidates import Candidate, of_article
from newstrace.relations.stance_model import CLASSES, feature_names, probabilities
from newstrace.relations.stances import fullest_name
from newstrace.relations.stances_of_candidates import (
    best_of_overlapping,
    feature_rows,
    signals,
)
from newstrace.relations.stances_of_ties import once_per_article
from newstrace.stages import relations as stage

VOCABULARY = 150  # governing lemmas kept as features: the most frequent among labelled stances


@dataclass
class Article:
    aid: str
    doc: Any
    found: list[Candidate]
    said: list[Any]
    labels: np.ndarray  # 0 none, 1 pro, 2 anti, -1 left out (a neutral or mixed gold stance)
    gold: list[dict[str, Any]]
    x: np.ndarray | None = None


def predicted(doc: Any, c: Candidate, polarity: str, confidence: float) -> PredictedStance:
    names = (fullest_name(c.holder.mention, doc.mentions), c.holder.mention.text)
    ev = doc.text[c.sentence.start : c.sentence.end]
    return PredictedStance(names, c.target, polarity, ev, confidence)


def label(doc: Any, found: Sequence[Candidate], gold: Sequence[dict[str, Any]]) -> np.ndarray:
    out = np.zeros(len(found), dtype=np.int64)
    for i, c in enumerate(found):
        p = predicted(doc, c, "", 1.0)
        hit = next((g for g in gold if stance_matches(p, g)), None)
        if hit is not None:
            out[i] = CLASSES.index(hit["polarity"]) if hit["polarity"] in CLASSES else -1
    return out


def articles(docs: list[Any], records: list[dict[str, Any]]) -> list[Article]:
    by_url = {article_url(r): r for r in records}
    lex, speech, sentiment = readers()
    original = stage.stance_model.load
    stage.stance_model.load = lambda: None  # type: ignore[assignment]
    try:
        out = []
        for doc in docs:
            gold = by_url[doc.article.url]["stances"]
            ties, rules, _ = stage.read_article(doc, "en", lex, speech, sentiment)
            found = of_article(doc, speech)
            out.append(
                Article(
                    doc.article.id,
                    doc,
                    found,
                    signals(found, rules, ties),
                    label(doc, found, gold),
                    gold,
                )
            )
        return out
    finally:
        stage.stance_model.load = original  # type: ignore[assignment]


def recall(arts: Sequence[Article]) -> None:
    gold = sum(len(a.gold) for a in arts)
    hit = 0
    for a in arts:
        ps = [predicted(a.doc, c, "", 1.0) for c in a.found]
        hit += sum(any(stance_matches(p, g) for p in ps) for g in a.gold)
    n = sum(len(a.found) for a in arts)
    sentences = sum(len(a.doc.sentences) for a in arts)
    print(f"candidates: {n} over {sentences} sentences ({n / sentences:.2f} per sentence); "
          f"{hit} of {gold} gold stances have one (recall {hit / gold:.3f})")  # fmt: skip


def vocabulary(arts: Sequence[Article]) -> list[str]:
    counts: Counter[str] = Counter()
    for a in arts:
        for c, y in zip(a.found, a.labels, strict=True):
            if y > 0 and c.governor is not None:
                counts[a.doc.parse[c.governor].lemma_.lower()] += 1
    return [w for w, n in counts.most_common(VOCABULARY) if n >= 3]


def featurize(arts: Sequence[Article], vocab: Sequence[str]) -> None:
    lex, speech, _ = readers()
    cues = lex.cues.get("en", [])
    for a in arts:
        a.x = feature_rows(a.doc.parse, a.found, a.said, cues, "en", speech, vocab)


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multinomial logistic regression on standardised features; returns the weights on the raw
    features (the bias folded into feature 0), and the scaling."""
    mu, sd = x.mean(0), x.std(0)
    mu[0], sd[0] = 0.0, 1.0
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    k = len(CLASSES)
    onehot = np.eye(k)[y]

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(z.shape[1], k)
        s = z @ w
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        reg = w.copy()
        reg[0] = 0.0
        value = -np.sum(onehot * np.log(p + 1e-12)) / len(y) + l2 * np.sum(reg**2) / (2 * len(y))
        grad = z.T @ (p - onehot) / len(y) + l2 * reg / len(y)
        return float(value), grad.ravel()

    res = minimize(loss, np.zeros(z.shape[1] * k), jac=True, method="L-BFGS-B",
                   options={"maxiter": 500})  # fmt: skip
    w = res.x.reshape(z.shape[1], k)
    raw = w / sd[:, None]
    raw[0] = w[0] - (mu / sd) @ w
    return raw, mu, sd


def kept(a: Article, probs: np.ndarray) -> list[PredictedStance]:
    """The held-out article's stances as the stage keeps them."""
    from newstrace.model import Evidence, Stance

    chosen = best_of_overlapping(a.found, probs)
    by_id = {m.id: m for m in [*a.doc.mentions, *a.doc.sources]}
    stances = [
        Stance(
            str(i),
            c.holder.mention.id,
            c.target,
            pol,
            (Evidence("", 0, 0, ""),),
            c.holder.mention.id,
            conf,
        )
        for i, (c, pol, conf) in enumerate(chosen)
    ]
    keep = {s.id for s in once_per_article(stances, by_id)}
    return [
        predicted(a.doc, c, pol, conf) for i, (c, pol, conf) in enumerate(chosen) if str(i) in keep
    ]


def held_out(
    arts: Sequence[Article], l2: float, folds: int = 5
) -> list[tuple[Article, np.ndarray]]:
    """(article, held-out class probabilities of its candidates), folds by article."""
    ids = sorted(a.aid for a in arts)
    out = []
    for f in range(folds):
        held = set(ids[f::folds])
        train = [a for a in arts if a.aid not in held and len(a.found)]
        x = np.concatenate([a.x for a in train])  # type: ignore[misc]
        y = np.concatenate([a.labels for a in train])
        w, _, _ = fit(x[y >= 0], y[y >= 0], l2)
        for a in arts:
            if a.aid in held:
                out.append((a, probabilities(a.x, w) if len(a.found) else np.zeros((0, 3))))
    return out


def cross_validated(
    arts: Sequence[Article], l2: float
) -> list[tuple[Article, list[PredictedStance]]]:
    return [(a, kept(a, p) if len(a.found) else []) for a, p in held_out(arts, l2)]


def curve(
    held: Sequence[tuple[Article, list[PredictedStance]]], thresholds: Sequence[float]
) -> list[tuple[float, float, float, int]]:
    gold = sum(len(a.gold) for a, _ in held)
    rows = []
    for t in thresholds:
        tp = n = 0
        for a, ps in held:
            shown = [p for p in ps if p.confidence >= t]
            n += len(shown)
            tp += len(
                pair_up(
                    shown, a.gold, lambda p, g: stance_matches(p, g) and p.polarity == g["polarity"]
                )
            )
        rows.append((t, tp / max(1, n), tp / max(1, gold), n))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", nargs="+", type=Path, help="newsrel-format JSONL files")
    ap.add_argument("--eval", type=Path, required=True, help="folder the `file` fields are in")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--precision", type=float, default=0.75)
    ap.add_argument("--l2", type=float, default=10.0)
    ap.add_argument("--recall", action="store_true", help="print the candidates' recall only")
    args = ap.parse_args()
    records = [json.loads(line) for f in args.train for line in f.read_text().splitlines() if line]
    arts = articles(analysed_docs(args.eval, records), records)
    recall(arts)
    if not args.recall:
        train(arts, args.l2, args.precision, args.out)


def train(arts: list[Article], l2: float, precision: float, out: Path | None) -> None:
    vocab = vocabulary(arts)
    featurize(arts, vocab)
    threshold = threshold_of(curve(cross_validated(arts, l2), THRESHOLDS), precision)
    if out is None:
        return
    x = np.concatenate([a.x for a in arts if len(a.found)])  # type: ignore[misc]
    y = np.concatenate([a.labels for a in arts if len(a.found)])
    w, _, _ = fit(x[y >= 0], y[y >= 0], l2)
    out.parent.mkdir(parents=True, exist_ok=True)
    names = feature_names(vocab)
    np.savez(out, weights=w, features=np.array(names), threshold=np.array(threshold))
    stance_model.load.cache_clear()
    top = sorted(range(len(names)), key=lambda i: -abs(w[i, 1]) - abs(w[i, 2]))[:20]
    print({names[i]: (round(float(w[i, 1]), 2), round(float(w[i, 2]), 2)) for i in top})


THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 20)]


def threshold_of(rows: Sequence[tuple[float, float, float, int]], precision: float) -> float:
    for t, p, r, n in rows:
        print(f"  threshold {t:.2f}: P {p:.3f} R {r:.3f} ({n} shown)")
    ok = [t for t, p, r, n in rows if p >= precision and n >= 10]
    threshold = min(ok) if ok else max(t for t, *_ in rows)
    print(f"threshold for P >= {precision}: {threshold}" + ("" if ok else " (not reached)"))
    return threshold


if __name__ == "__main__":
    main()
