"""Corpus stages that grow with what is new: real ECB+ articles analysed in two batches, the
second through the corpus index (stories/incremental.py, actors/incremental.py), give the
stories of the full pass over the same two batches, and nearly its actors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from newstrace.eval.stories import read_gold
from newstrace.ingest import ingest
from newstrace.pipeline import analyze
from newstrace.settings import Settings
from newstrace.store import SQLStore, open_store
from newstrace.store.corpus_index import CorpusIndex

from ..conftest import eval_path

STAGES = ("language.v1", "entities.v4", "embed.v1", "actors.v2", "stories.v1")
TOPICS = 6  # ECB+ folders: three topics, each with its two different events


def gold_batches(tmp_path: Path) -> tuple[Path, Path]:
    """Two JSONL batches of real ECB+ articles (four per event), dated so that the time
    window matters: each event's articles within days of each other, topics months apart,
    a few left undated; every event has articles in both batches."""
    items = read_gold(eval_path("stories", "ecbplus"), TOPICS)
    per_event: dict[str, int] = {}
    first, second = [], []
    for label, record in items:
        k = per_event.get(label, 0)
        if k >= 4:
            continue
        per_event[label] = k + 1
        topic = int(label.split("ecb")[0])
        day = date(2020, 1, 1) + timedelta(days=60 * topic + 2 * k)
        published = None if k == 3 and topic % 2 else day.isoformat()
        row = {"text": record["text"], "published": published}
        (first if k % 2 == 0 else second).append(json.dumps(row))
    paths = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    for path, rows in zip(paths, (first, second), strict=True):
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return paths


def membership(store: SQLStore) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in store.story_membership().items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def actor_groups(store: SQLStore) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for m in store.mentions():
        if m.actor:
            groups.setdefault(m.actor, set()).add(m.id)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql", "pgvector"])
def test_two_batches_through_the_index_give_the_full_pass_stories(
    tmp_path: Path, settings: Settings, dialect: str, request: pytest.FixtureRequest
) -> None:
    settings = replace(settings, pipeline=replace(settings.pipeline, stages=STAGES))
    first, second = gold_batches(tmp_path)
    if dialect == "sqlite":
        urls = [str(tmp_path / "a.db"), str(tmp_path / "b.db")]
    else:
        server = request.getfixturevalue(
            "postgres" if dialect == "postgresql" else "postgres_vector"
        )
        urls = [server.create_database(f"inc_{n}_{tmp_path.name[-12:]}") for n in ("a", "b")]
    with open_store(urls[0]) as grown, open_store(urls[1]) as rebuilt:
        for store in (grown, rebuilt):
            ingest([str(first)], store, settings)
            assert analyze(store, settings).updated == ()  # the first run reads the store
            assert CorpusIndex(store).placed_count() == len(store.story_membership())
            ingest([str(second)], store, settings)
        report = analyze(grown, settings)
        assert report.updated == ("actors.v2", "stories.v1")  # through the index
        assert analyze(rebuilt, settings, rebuild=True).updated == ()
        index = CorpusIndex(grown)
        assert not index.unplaced() and not index.unresolved()
        assert index.placed_count() == len(grown.articles(status="ok"))
        # the same stories, with the same members and relations
        assert membership(grown) == membership(rebuilt)
        assert len(membership(grown)) > 3, "the gold has several events: several stories"
        relations = lambda s: sorted(  # noqa: E731
            (r.article, r.source_article, r.kind, r.score, json.dumps(r.evidence, sort_keys=True))
            for st in s.stories()
            for r in st.relations
        )
        assert relations(grown) == relations(rebuilt)
        # actors: the new mentions join the stored actors by key; the full pass re-resolves
        # every mention. Nearly every actor groups the same mentions.
        grown_actors, rebuilt_actors = actor_groups(grown), actor_groups(rebuilt)
        same = len(grown_actors & rebuilt_actors) / len(rebuilt_actors)
        assert same >= 0.9, same
        # a rebuild of the grown store gives the rebuilt one's actors
        assert analyze(grown, settings, rebuild=True).updated == ()
        assert actor_groups(grown) == rebuilt_actors
        assert membership(grown) == membership(rebuilt)
        # articles the corpus stages have seen, analysed again: the full pass
        assert analyze(grown, settings, redo=["embed"]).updated == ()
        assert membership(grown) == membership(rebuilt)


def test_nearest_pages_through_the_stored_vectors_like_one_scan(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The paged exact scan (no pgvector, fewer vectors than the cells need) finds each
    article's nearest as one numpy product over every stored vector does."""
    import numpy as np

    from newstrace.store import vector_index

    settings = replace(settings, pipeline=replace(settings.pipeline, stages=STAGES[:3]))
    first, _ = gold_batches(tmp_path)
    with open_store(str(tmp_path / "n.db")) as store:
        ingest([str(first)], store, settings)
        analyze(store, settings)
        vectors = {a: e.article for a, e in store.embeddings().items()}
        monkeypatch.setattr(vector_index, "PAGE", 5)  # several pages, and a short last one
        queries = dict(list(vectors.items())[:4])
        found = CorpusIndex(store).nearest(queries, 3)
        ids = list(vectors)
        matrix = np.stack([vectors[a] for a in ids])
        for article, query in queries.items():
            sims = matrix @ query
            sims[ids.index(article)] = -np.inf
            best = [ids[int(j)] for j in np.argsort(-sims, kind="stable")[:3]]
            assert [a for a, _ in found[article]] == best
            assert [s for _, s in found[article]] == pytest.approx(
                sorted(sims[:], reverse=True)[:3], abs=1e-5
            )
