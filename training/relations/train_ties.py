"""Fit the tie scorer (newstrace.relations.tie_scorer) on the newsrel training annotations:
each article is analysed by the real pipeline, every ordered pair of actor mentions in a
sentence is labelled with the kind of a gold tie whose ends its names match and whose
evidence its sentence matches (as `newstrace eval relations` matches a tie; either order for
a symmetric kind), else "none", and a multinomial logistic regression (L2, scipy's L-BFGS) is
fitted on the features. Cross-validation by article picks the threshold: the lowest
confidence at which the held-out ties (one per kind and pair of names in a sentence, scored
against the gold as the eval does) reach --precision.

    PYTHONPATH=src python training/relations/train_ties.py \\
        training/relations/newsrel-train.jsonl training/relations/newsrel-train-2.jsonl \\
        --eval ../shared/eval --out src/newstrace/models/relations/ties.npz

--docs FILE keeps the analysed articles (a pickle) so that a second run skips the pipeline.
The newsrel dev set is never read here."""

from __future__ import annotations

import json
import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from train_events import analysed_docs, arguments, threshold_for

from newstrace.eval.newsrel import article_url
from newstrace.eval.newsrel_match import (
    SYMMETRIC,
    PredictedTie,
    evidence_match,
    names_match,
    pair_up,
    tie_matches,
)
from newstrace.relations import tie_scorer
from newstrace.relations import ties as tying
from newstrace.relations.stances import fullest_name
from newstrace.relations.syntax import actor_mentions, tokens_of
from newstrace.relations.tie_features import KINDS, syntax_names

CLASSES = ("none", *KINDS)


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    sentence: str
    source: tuple[str, ...]  # the names of the source mention (as written, fullest)
    target: tuple[str, ...]
    role_kind: str | None
    label: int  # index in CLASSES


def label_of(source: tuple[str, ...], target: tuple[str, ...], sentence: str, gold: Any) -> int:
    for g in gold:
        if g["kind"] not in KINDS or not evidence_match(sentence, g["evidence"]):
            continue
        forward = names_match(source, g["source"]) and names_match(target, g["target"])
        back = names_match(source, g["target"]) and names_match(target, g["source"])
        if forward or (g["kind"] in SYMMETRIC and back):
            return CLASSES.index(g["kind"])
    return 0


def examples_of(
    docs: list[Any], records: list[dict[str, Any]]
) -> tuple[list[Example], np.ndarray, np.ndarray]:
    """Every candidate pair of the analysed ``docs``, its syntax and encoder features."""
    from newstrace.quotes import load_cues
    from newstrace.relations.lexicon import lexicon_for
    from newstrace.settings import load_settings

    settings = load_settings({})
    triggers = lexicon_for(settings.relations).triggers["en"]
    cues = load_cues(tuple(settings.quotes.cue_files))
    speech = set(cues.verbs.get("en", {})) | set(cues.belief.get("en", set()))
    by_url = {article_url(r): r for r in records}
    out: list[Example] = []
    rows: list[np.ndarray] = []
    for doc in docs:
        record = by_url[doc.article.url]
        text = doc.text
        for sentence in doc.sentences:
            placed = actor_mentions(doc.mentions, sentence, doc.parse)
            if len(placed) < 2:
                continue
            tokens = tokens_of(doc.parse, sentence)
            rules = list(tying.from_parse(tokens, placed, triggers, "en", speech))
            pairs = tie_scorer.candidates(text, placed, rules)
            if not pairs:
                continue
            span = (sentence.start, sentence.end)
            rows.append(tie_scorer.features(pairs, tokens, text, span, triggers, "en"))
            words = text[sentence.start : sentence.end]
            for p in pairs:
                s = (p.source.mention.text, fullest_name(p.source.mention, doc.mentions))
                t = (p.target.mention.text, fullest_name(p.target.mention, doc.mentions))
                out.append(
                    Example(
                        record["id"],
                        words,
                        s,
                        t,
                        p.role_kind,
                        label_of(s, t, words, record["ties"]),
                    )
                )
    x = np.concatenate(rows)
    return out, x, np.array([e.label for e in out])


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression on standardised ``x``: (weights, bias)."""
    n, d = x.shape
    k = len(CLASSES)
    onehot = np.eye(k)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: d * k].reshape(d, k), theta[d * k :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(logp)
        value = -(onehot * logp).sum() / n + 0.5 * l2 * (w * w).sum() / n
        g = (p - onehot) / n
        gw = x.T @ g + l2 * w / n
        return float(value), np.concatenate([gw.ravel(), g.sum(axis=0)])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 400})
    return res.x[: d * k].reshape(d, k), res.x[d * k :]


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays one
    return mean, scale


def proba(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = x @ w + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def predicted_ties(examples: Sequence[Example], probs: np.ndarray) -> dict[str, list[PredictedTie]]:
    """What read_ties and the stage keep: per article, one tie per kind and pair of names, the
    most confident (the gold gives a tie once, with its clearest evidence)."""
    best: dict[tuple[str, str, str, str], PredictedTie] = {}
    for e, row in zip(examples, probs, strict=True):
        for c, kind in enumerate(CLASSES):
            if c == 0 or row[c] < tie_scorer.FLOOR or kind == e.role_kind:
                continue
            s, t = e.source, e.target
            if kind in SYMMETRIC and t[-1] < s[-1]:
                s, t = t, s
            key = (e.article, kind, s[-1], t[-1])
            tie = PredictedTie(s, t, kind, False, None, e.sentence, float(row[c]))
            if key not in best or best[key].confidence < tie.confidence:
                best[key] = tie
    out: dict[str, list[PredictedTie]] = defaultdict(list)
    for key, tie in best.items():
        out[key[0]].append(tie)
    return out


def scored(
    ties: dict[str, list[PredictedTie]], records: Sequence[dict[str, Any]]
) -> list[tuple[float, bool]]:
    """(confidence, right) of each tie, matched one to one against the gold, most confident
    first."""
    out = []
    for r in records:
        found = sorted(ties.get(r["id"], []), key=lambda t: -t.confidence)
        right = {id(p) for p, _ in pair_up(found, r["ties"], tie_matches)}
        out.extend((t.confidence, id(t) in right) for t in found)
    return out


def cross_validated(
    examples: Sequence[Example], x: np.ndarray, y: np.ndarray, l2: float, folds: int = 5
) -> np.ndarray:
    """Held-out class probabilities of every example, folds by article."""
    articles = sorted({e.article for e in examples})
    held_of = np.array([articles.index(e.article) % folds for e in examples])
    out = np.zeros((len(examples), len(CLASSES)))
    for k in range(folds):
        train = held_of != k
        mean, scale = standardise(x[train])
        w, b = fit((x[train] - mean) / scale, y[train], l2)
        out[~train] = proba((x[~train] - mean) / scale, w, b)
    return out


def main() -> None:
    ap = arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, help="a pickle of the analysed articles (made if absent)")
    ap.add_argument("--l2", type=float, nargs="+", default=[30.0, 100.0, 300.0])
    args = ap.parse_args()
    records = [json.loads(line) for f in args.train for line in f.read_text().splitlines() if line]
    if args.docs and args.docs.exists():
        docs = pickle.loads(args.docs.read_bytes())
    else:
        docs = analysed_docs(args.eval, records)
        if args.docs:
            args.docs.write_bytes(pickle.dumps(docs))
    examples, x, y = examples_of(docs, records)
    report(examples, x, y, records, args.precision, args.l2, args.out)


def report(
    examples: list[Example],
    x: np.ndarray,
    y: np.ndarray,
    records: list[dict[str, Any]],
    precision: float,
    l2s: Sequence[float],
    out: Path,
) -> None:
    gold = sum(len(r["ties"]) for r in records)
    print(f"{len(examples)} pairs, {int((y > 0).sum())} labelled a tie, {gold} gold ties")
    best: tuple[float, float, float] | None = None  # (recall, l2, threshold)
    for l2 in l2s:
        s = scored(predicted_ties(examples, cross_validated(examples, x, y, l2)), records)
        t = threshold_for(s, gold, precision)
        kept = [r for c, r in s if c >= t]
        p, rec = sum(kept) / max(1, len(kept)), sum(kept) / gold
        print(f"l2 {l2}: cross-validated threshold {t}: P {p:.3f} R {rec:.3f} ({len(kept)} shown)")
        if p >= precision and (best is None or rec > best[0]):
            best = (rec, l2, t)
    if best is None:
        raise SystemExit(f"no L2 reaches held-out precision {precision}")
    _, l2, t = best
    mean, scale = standardise(x)
    w, b = fit((x - mean) / scale, y, l2)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(
        out,
        classes=np.array(CLASSES),
        syntax=np.array(syntax_names()),
        encoder=np.array(x.shape[1] > len(syntax_names())),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        threshold=np.array(t),
        l2=np.array(l2),
    )
    tie_scorer.load_model.cache_clear()
    print(f"saved {out}: L2 {l2}, threshold {t}")


if __name__ == "__main__":
    main()
