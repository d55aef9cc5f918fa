"""Synthetic stores for the growth rows of bench/run.py: what adding 100 articles to a store
of 1k, 10k or 100k articles costs the corpus stages (actors, stories), in time and peak RSS.

A store of N articles is written directly (no analysis): N articles over a year, each the
report of an event (2 to 6 articles an event, within three days), its headline and lead
naming the event's two people, organisation and figure (made-up names, so that events share
no names by chance), its body eight sentences drawn from real articles (PolNeAR: real names
and numbers shared across events, as in a news corpus). Each article has its sentences, the
mentions of its lead (with their actors), an embedding (the event's direction plus noise, 512
dimensions, as USE gives) and the stage run records, and is placed in its event's story, with
the corpus index rows (stories/items.py computes them, as the stories stage does). The
articles added are the next day's: half report events already stored, half new ones.

    python bench/grow.py build 10000 /tmp/grow-10k.db      # make a store
    python bench/grow.py add /tmp/grow-10k.db [--rebuild]   # add 100 and run the corpus stages
    python bench/grow.py index /tmp/grow-10k.db             # a store made before 0019: its cells
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared/eval/quotes/polnear/train/text"
STAGES = ("language.v1", "entities.v4", "embed.v1", "actors.v2", "stories.v1")
DIM = 512
ADDED = 100
DAYS = 365
SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ven",
    "tas",
    "mor",
    "dul",
    "ek",
    "sa",
    "bri",
    "nov",
    "tel",
    "ga",
    "zu",
    "pen",
    "har",
    "vol",
    "mi",
    "ost",
    "ru",
]


@dataclass(frozen=True, slots=True)
class Event:
    number: int
    day: date
    people: tuple[str, str]
    organisation: str
    figure: str
    direction: np.ndarray


def made_up_name(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(words)
    )


def real_sentences(limit: int = 400) -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.txt"))[:limit]:
        for line in path.read_text("utf-8").split("\n"):
            out.extend(s.strip() + "." for s in line.split(". ") if 60 <= len(s.strip()) <= 300)
    return out


def make_event(number: int, day: date, rng: random.Random, nrng: np.random.Generator) -> Event:
    direction = nrng.standard_normal(DIM).astype(np.float32)
    return Event(
        number,
        day,
        (made_up_name(rng, 2), made_up_name(rng, 2)),
        made_up_name(rng, 2) + " Institute",
        f"{rng.randint(2, 99)},{rng.randint(100, 999)}",
        direction / np.linalg.norm(direction),
    )


def article_of(
    event: Event, k: int, sentences: list[str], rng: random.Random, nrng: np.random.Generator
) -> tuple[Any, Any]:
    """(Article, AnalysisDoc) of the k-th report of ``event``."""
    from newstrace.ids import make_id
    from newstrace.model import AnalysisDoc, Article, Embedding, Mention, Sentence
    from newstrace.text import name_key

    a, b = event.people
    title = f"{a} and {b} of the {event.organisation} agree on {event.figure} jobs"
    lead = (
        f"{a} met {b} of the {event.organisation} on Tuesday, "
        f"and the two agreed on {event.figure} jobs (report {k})."
    )
    body = [rng.choice(sentences) for _ in range(8)]
    text = "\n\n".join([lead, *body])
    aid = make_id("article", "grow", event.number, k)
    day = event.day + timedelta(days=rng.randint(0, 2))
    article = Article(
        id=aid,
        source=f"grow:{event.number}:{k}",
        status="ok",
        text=text,
        title=title,
        published=day.isoformat(),
        language="en",
        content_hash=make_id("hash", aid),
    )
    spans, start = [], 0
    for part in [lead, *body]:
        spans.append(Sentence(start, start + len(part)))
        start += len(part) + 2
    mentions = []
    named = [(a, "person", "PERSON"), (b, "person", "PERSON")]
    for name, kind, label in [*named, (event.organisation, "organization", "ORG")]:
        at = lead.index(name)
        mentions.append(
            Mention(
                id=make_id("mention", aid, at),
                article=aid,
                start=at,
                end=at + len(name),
                text=name,
                label=label,
                type=kind,
                norm=name_key(name),
                sentence_start=0,
                sentence_end=len(lead),
            )
        )
    vector = event.direction + 0.5 * nrng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM)
    vector /= np.linalg.norm(vector)
    rows = nrng.standard_normal((len(spans), DIM)).astype(np.float32)
    rows[0] = vector
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    doc = AnalysisDoc(
        article,
        language="en",
        sentences=spans,
        mentions=mentions,
        embedding=Embedding("synthetic", vector, rows),
    )
    return article, doc


def settings_for(db: Path) -> Any:
    from newstrace.settings import load_settings

    settings = load_settings({"db": str(db)}, environ={})
    return replace(settings, pipeline=replace(settings.pipeline, stages=STAGES))


def outputs(settings: Any) -> list[Any]:
    from newstrace.model import StageOutput
    from newstrace.stages.base import build_stages, settings_digest

    return [
        StageOutput(s.name, s.version, tuple(s.assigns), settings_digest(s))
        for s in build_stages(list(STAGES), settings)
        if s.scope == "article"
    ]


def reports(n: int, seed: int, start: date) -> Iterator[tuple[Event, int]]:
    """(event, k) for ``n`` articles: events of 2-6 reports, spread over ``DAYS`` days."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    number = 0
    made = 0
    while made < n:
        event = make_event(number, start + timedelta(days=rng.randrange(DAYS)), rng, nrng)
        number += 1
        for k in range(min(rng.randint(2, 6), n - made)):
            yield event, k
            made += 1


def build(n: int, db: Path) -> None:
    """A store of ``n`` articles with their outputs, actors, stories and corpus index."""
    from newstrace.ids import make_id
    from newstrace.model import Actor, Story
    from newstrace.store import open_store
    from newstrace.store.corpus_index import CorpusIndex
    from newstrace.store.vector_index import VectorIndex
    from newstrace.stories.items import cluster_items, placed_row
    from newstrace.text import name_key, strip_name

    settings = settings_for(db)
    outs = outputs(settings)
    sentences = real_sentences()
    rng = random.Random(7)
    nrng = np.random.default_rng(7)
    stories: dict[int, list[str]] = {}
    with open_store(db) as store:
        index = CorpusIndex(store)
        batch: list[tuple[Any, Any]] = []

        def flush() -> None:
            with store.transaction():
                for article, _ in batch:
                    store.add_article(article)
                store.save_docs([d for _, d in batch], outs)
            docs = [d for _, d in batch]
            actors: dict[str, Actor] = {}
            aliases, assignments = [], []
            for d in docs:
                for m in d.mentions:
                    actor_id = make_id("actor", "name:" + name_key(m.text))
                    actors[actor_id] = Actor(actor_id, m.text, m.type)
                    aliases.append((actor_id, strip_name(m.text), name_key(m.text)))
                    assignments.append((m.id, actor_id))
            actor_of = dict(assignments)
            index.add_actors(
                list(actors.values()),
                aliases,
                assignments,
                [],
                "actors.v2",
                [d.article.id for d in docs],
            )
            items = cluster_items(
                [d.article for d in docs],
                [replace(m, actor=actor_of[m.id]) for d in docs for m in d.mentions],
                {d.article.id: d.embedding for d in docs},
            )
            index.write_placed([placed_row(it) for it in items])
            batch.clear()

        for event, k in reports(n, 7, date(2024, 1, 1)):
            batch.append(article_of(event, k, sentences, rng, nrng))
            stories.setdefault(event.number, []).append(batch[-1][0].id)
            if len(batch) >= 500:
                flush()
        if batch:
            flush()
        store.save_stories(
            [
                Story(id=make_id("story", ids[0]), title=f"event {number}", articles=tuple(ids))
                for number, ids in stories.items()
            ]
        )
        VectorIndex(store).refresh(DIM)  # the cells, as the stories stage would have them


def add(db: Path, rebuild: bool) -> dict[str, Any]:
    """Add ``ADDED`` articles of the day after the store's last (half of them reports of
    stored events, as new reports of the event just before them in the same seed; half new
    events) and run ``analyze``: the plan finds only them, then the corpus stages."""
    from newstrace.pipeline import analyze
    from newstrace.store import open_store

    settings = settings_for(db)
    outs = outputs(settings)
    sentences = real_sentences()
    rng = random.Random(11)
    nrng = np.random.default_rng(11)
    with open_store(db) as store:
        n = int(store.x("SELECT COUNT(*) FROM articles").fetchone()[0])
        last = store.x("SELECT MAX(published) FROM articles").fetchone()[0]
        day = date.fromisoformat(last[:10])
        docs = []
        # new events, on the store's last days
        for event, k in reports(ADDED // 2, 11, day - timedelta(days=3)):
            docs.append(
                article_of(replace(event, number=10**7 + event.number), k, sentences, rng, nrng)
            )
        # more reports of stored events: the latest ones (their names and directions again)
        latest = store.x(
            "SELECT a.id, a.title, a.published FROM articles a ORDER BY a.published DESC LIMIT ?",
            (ADDED,),
        ).fetchall()
        for aid, title, published in latest[: ADDED - len(docs)]:
            a_b, _, rest = title.partition(" of the ")
            a, _, b = a_b.partition(" and ")
            organisation, _, figure = rest.partition(" agree on ")
            stored = store.embeddings([aid])[aid].article
            event = Event(
                int(aid[-6:], 16) % 10**6 + 2 * 10**7,
                date.fromisoformat(published[:10]),
                (a, b),
                organisation,
                figure.removesuffix(" jobs"),
                stored,
            )
            docs.append(article_of(event, 9, sentences, rng, nrng))
        with store.transaction():
            for article, _ in docs:
                store.add_article(article)
            store.save_docs([d for _, d in docs], outs)
        notes: list[str] = []
        handler = logging.Handler()
        handler.emit = lambda record: notes.append(record.getMessage())  # type: ignore[method-assign]
        logging.getLogger("newstrace.stories.incremental").addHandler(handler)
        rss_before = peak_rss_mb()
        cpu, wall = time.process_time(), time.perf_counter()
        report = analyze(store, settings, rebuild=rebuild)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "n": ADDED,
        "store": n,
        "seconds": wall,
        "cpu_seconds": cpu,
        "updated": list(report.updated),
        "rss_before_mb": round(rss_before, 1),
        "notes": notes,
    }


def index(db: Path) -> dict[str, Any]:
    """Open a store (a store made before migration 0019 gets its narrow vector table then)
    and train its vector cells: what the first lookup of a store that has grown fourfold
    pays once."""
    from newstrace.store import open_store
    from newstrace.store.vector_index import VectorIndex

    cpu = time.process_time()
    with open_store(db) as store:
        opened = time.process_time() - cpu
        cells = VectorIndex(store).refresh(DIM)
    return {
        "open_cpu_seconds": round(opened, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "cells": 0 if cells is None else len(cells.ids),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("n", type=int)
    b.add_argument("db", type=Path)
    a = sub.add_parser("add")
    a.add_argument("db", type=Path)
    a.add_argument("--rebuild", action="store_true")
    x = sub.add_parser("index")
    x.add_argument("db", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    sys.path.insert(0, str(HERE.parent / "src"))
    if args.command == "build":
        start = time.perf_counter()
        build(args.n, args.db)
        print(json.dumps({"built": args.n, "seconds": time.perf_counter() - start}))
    elif args.command == "index":
        print(json.dumps({**index(args.db), "peak_rss_mb": round(peak_rss_mb(), 1)}))
    else:
        result = add(args.db, args.rebuild)
        print(json.dumps({**result, "peak_rss_mb": round(peak_rss_mb(), 1)}))


if __name__ == "__main__":
    main()
