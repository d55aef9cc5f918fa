"""Ties, stances and dated events on newsrel (``relations/newsrel``: whole US political news
articles annotated by hand, see its GUIDELINES.md).

Each gold article's text (``file``, relative to the eval folder) is analysed by the real
pipeline in a fresh store, with its ``published`` date as the article's date; what the analysis
shows by default (the items whose confidence clears the ``[relations]`` thresholds) is matched
to the gold as the guidelines say (newstrace.eval.newsrel_match), and scored per kind:
precision, recall and F1 micro-averaged over articles; negation and date accuracy on matched
ties, polarity accuracy on stances matched on holder, target and evidence. ``all`` gives the
same figures over every item, whatever its confidence."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import EvalError
from .newsrel_match import (
    PredictedEvent,
    PredictedStance,
    PredictedTie,
    Tally,
    score_events,
    score_stances,
    score_ties,
)

KINDS = ("ties", "stances", "events")


def read_newsrel(data: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The eval root the ``file`` fields are relative to, and the gold records."""
    path = data / "dev.jsonl" if data.is_dir() else data
    if not path.exists():
        raise EvalError(f"newsrel file not found: {path}")
    records = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for key in ("id", "file", "published", "ties", "stances", "events"):
                record[key]
        except (ValueError, KeyError) as e:
            raise EvalError(f"{path}:{n}: not a newsrel record ({e})") from e
        records.append(record)
    # relations/newsrel/dev.jsonl -> the eval folder holding quotes/polnear/...
    return path.resolve().parent.parent.parent, records


def article_url(record: dict[str, Any]) -> str:
    return f"https://newsrel.invalid/{record['id']}"


@contextmanager
def analysed(root: Path, records: list[dict[str, Any]], db: str | None = None) -> Iterator[Any]:
    """A store holding the gold articles, analysed (in ``db`` when given, so that a second run
    re-runs only what changed; else in a temporary folder)."""
    from ..ingest import ingest
    from ..pipeline import analyze
    from ..settings import load_settings
    from ..store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for r in records:
            file = root / r["file"]
            try:
                text = file.read_text("utf-8")
            except OSError as e:
                raise EvalError(f"newsrel article {r['id']}: cannot read {file}: {e}") from e
            lines.append(
                json.dumps(
                    {"text": text, "url": article_url(r), "published": r["published"],
                     "title": r["id"], "outlet": r["id"].split("_")[0], "language": "en"}
                )
            )  # fmt: skip
        jsonl = Path(tmp) / "newsrel.jsonl"
        jsonl.write_text("\n".join(lines) + "\n", "utf-8")
        settings = load_settings({"db": db or str(Path(tmp) / "eval.db")})
        with open_store(settings.db) as store:
            ingest([str(jsonl)], store, settings)
            analyze(store, settings)
            yield store, settings


def predictions(
    store: Any,
) -> dict[str, tuple[list[PredictedTie], list[PredictedStance], list[PredictedEvent]]]:
    """Every tie, stance and event in the store, by article url, as the scorer reads them:
    actors as their names and aliases, evidence as the sentence that holds it."""
    actors = {a.id: (a.name, *a.aliases) for a in store.actors()}
    articles = {a.id: a for a in store.articles()}
    out: dict[str, tuple[list[PredictedTie], list[PredictedStance], list[PredictedEvent]]] = {
        a.url or a.id: ([], [], []) for a in articles.values()
    }

    def place(evidence: Any) -> tuple[str, str] | None:
        if not evidence:
            return None
        ev = evidence[0]
        article = articles.get(ev.article)
        if article is None:
            return None
        start = ev.start if ev.sentence_start is None else ev.sentence_start
        end = ev.end if ev.sentence_end is None else ev.sentence_end
        return article.url or article.id, article.text[start:end]

    for t in store.ties():
        if (where := place(t.evidence)) is not None:
            out[where[0]][0].append(
                PredictedTie(
                    actors.get(t.source, (t.source,)),
                    actors.get(t.target, (t.target,)),
                    t.kind,
                    t.negated,
                    t.date,
                    where[1],
                    _confidence(t),
                )
            )
    for s in store.stances():
        if (where := place(s.evidence)) is not None:
            out[where[0]][1].append(
                PredictedStance(
                    actors.get(s.actor, (s.actor,)), s.target, s.polarity, where[1], _confidence(s)
                )
            )
    for e in store.events():
        if (where := place(e.evidence)) is not None:
            out[where[0]][2].append(PredictedEvent(e.date, where[1], _confidence(e)))
    return out


def _confidence(item: Any) -> float:
    value = getattr(item, "confidence", None)
    return 1.0 if value is None else float(value)


def score(
    records: list[dict[str, Any]],
    found: dict[str, tuple[list[PredictedTie], list[PredictedStance], list[PredictedEvent]]],
    thresholds: dict[str, float],
) -> dict[str, dict[str, Any]]:
    """Per kind, the figures over the items at or above each kind's threshold."""
    tallies = {k: Tally() for k in KINDS}
    for r in records:
        ties, stances, events = found.get(article_url(r), ([], [], []))
        score_ties(
            tallies["ties"], [t for t in ties if t.confidence >= thresholds["ties"]], r["ties"]
        )
        score_stances(
            tallies["stances"],
            [s for s in stances if s.confidence >= thresholds["stances"]],
            r["stances"],
        )
        score_events(
            tallies["events"],
            [e for e in events if e.confidence >= thresholds["events"]],
            r["events"],
        )
    return {k: t.result() for k, t in tallies.items()}


def evaluate_newsrel(
    data: Path, *, limit: int | None = None, db: str | None = None, **_: Any
) -> dict[str, Any]:
    root, records = read_newsrel(data)
    records = records[:limit] if limit else records
    with analysed(root, records, db) as (store, settings):
        found = predictions(store)
        r = settings.relations
    shown = score(
        records,
        found,
        {"ties": r.tie_threshold, "stances": r.stance_threshold, "events": r.event_threshold},
    )
    everything = score(records, found, {k: 0.0 for k in KINDS})
    result: dict[str, Any] = {"task": "relations", "data": str(data), "n": len(records)}
    result.update(shown)
    for kind in KINDS:  # flat keys for the eval gate's floors
        for metric in ("precision", "recall", "f1"):
            result[f"{kind}_{metric}"] = shown[kind][metric]
    result["all"] = everything
    return result
