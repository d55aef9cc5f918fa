"""The whole local pipeline on the seed articles, with the real spaCy model."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

from newstrace.errors import PipelineError
from newstrace.export import build_analysis
from newstrace.ingest import ingest
from newstrace.pipeline import analyze, make_plan, worker_pool
from newstrace.settings import Settings, load_settings
from newstrace.store import open_store

from .conftest import SEEDS


def test_seeds_end_to_end_and_incremental(store, settings: Settings, tmp_path: Path) -> None:
    ingest([str(SEEDS)], store, settings)
    first = analyze(store, settings)
    assert first.processed == 2 and first.stages == (
        "language.v1",
        "entities.v4",
        "quotes.v2",
        "relations.v1",
        "embed.v1",
    )
    assert store.languages() == {"en": 2}
    names = {a.name for a in store.actors(type="person")}
    assert {
        "Matteo Salvini",
        "Silvio Berlusconi",
        "Vladimir Putin",
        "Luigi Di Maio",
        "Nathalie Tocci",
    } <= names
    states = {a.name: a for a in store.actors(type="state")}
    assert {"Italy", "Russia", "Ukraine"} <= set(states)
    assert "Moscow" in states["Russia"].aliases  # the capital stands for the state
    persons = {a.name: a for a in store.actors(type="person")}
    assert len(persons["Vladimir Putin"].articles) == 2  # one actor across both articles
    # Nothing new: nothing is processed again; actors are unchanged.
    before = build_analysis(store)["actors"]
    assert analyze(store, settings).processed == 0
    assert build_analysis(store)["actors"] == before
    # --redo quotes re-reads every article's quotes, with the parse they need and relations,
    # which reads them; the same text gives the same quotes, replaced rather than added.
    quotes = build_analysis(store)["quotes"]
    assert len(quotes) >= 10
    redo = make_plan(store, settings, redo=("quotes",)).groups
    assert list(redo) == [("entities", "quotes", "relations")]
    assert len(redo["entities", "quotes", "relations"]) == 2
    assert analyze(store, settings, redo=("quotes",)).processed == 2
    assert build_analysis(store)["quotes"] == quotes
    with pytest.raises(PipelineError, match=r"cannot redo 'actors'.*language, entities") as e:
        analyze(store, settings, redo=("actors",))
    assert e.value.code == "NT405"
    # A changed quotes setting re-runs quotes by itself (and what it needs and feeds), once;
    # going back to the old setting re-runs it again.
    wider = replace(settings, quotes=replace(settings.quotes, tagger_step=192))
    assert list(make_plan(store, wider).groups) == [("entities", "quotes", "relations")]
    changed = analyze(store, wider)
    assert changed.processed == 2
    assert changed.runs == (("entities.v4", 2), ("quotes.v2", 2), ("relations.v1", 2))
    assert analyze(store, wider).processed == 0
    assert analyze(store, settings).processed == 2
    assert build_analysis(store)["quotes"] == quotes
    # A new article is the only one processed.
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Angela Merkel met Emmanuel Macron in Berlin on Tuesday to discuss the European Union budget.",
        "utf-8",
    )
    ingest([str(extra)], store, settings)
    assert analyze(store, settings).processed == 1
    assert {"Angela Merkel", "Emmanuel Macron"} <= {a.name for a in store.actors(type="person")}


def test_two_workers_give_the_same_analysis(tmp_path: Path) -> None:
    results = []
    for workers in (1, 2):
        settings = load_settings(
            {
                "db": str(tmp_path / f"w{workers}.db"),
                "pipeline": {"workers": workers, "batch_size": 1},
            },
            environ={},
        )
        with open_store(settings.db) as store:
            ingest([str(SEEDS)], store, settings)
            analyze(store, settings)
            analysis = build_analysis(store)
        results.append((analysis["articles"], analysis["actors"]))
    assert results[0] == results[1]


def test_pool_workers_share_the_cores(settings: Settings) -> None:
    # numpy's BLAS in each worker gets its share of the cores, not a thread per core each
    with worker_pool([], settings, 2) as pool:
        libraries = pool.submit(threadpool_info).result()
    blas = [lib for lib in libraries if lib["user_api"] == "blas"]
    assert blas
    assert {lib["num_threads"] for lib in blas} == {max(1, (os.cpu_count() or 1) // 2)}


def test_italian_gets_sentences_and_canonical_actors(
    store, settings: Settings, tmp_path: Path
) -> None:
    doc = tmp_path / "it.txt"
    doc.write_text(
        "Il Movimento 5 Stelle ha vinto le elezioni. Matteo Salvini guida la Lega. Il governo sarà formato a Roma.",
        "utf-8",
    )
    ingest([str(doc)], store, settings)
    analyze(store, settings)
    (loaded,) = store.load_docs([store.articles()[0].id])
    assert loaded.language == "it"
    assert len(loaded.sentences) == 3
    # the shipped Italian model and the knowledge base: Italian names, canonical actors
    assert {"Movimento 5 Stelle", "Matteo Salvini", "Lega"} <= {m.text for m in loaded.mentions}
    names = {a.name: a.type for a in store.actors()}
    assert names["Five Star Movement"] == names["League"] == "party"
    assert names["Matteo Salvini"] == "person"
