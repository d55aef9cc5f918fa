"""The Store API on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newstrace.errors import StoreError
from newstrace.ids import make_id
from newstrace.model import (
    Actor,
    AnalysisDoc,
    Article,
    Evidence,
    Mention,
    Quote,
    Sentence,
    StageOutput,
    StageRun,
    Tie,
)
from newstrace.store import open_store
from newstrace.store.migrations import migration_scripts
from newstrace.text import content_hash


def article(text: str, source: str = "a.txt", **meta: str) -> Article:
    digest = content_hash(text)
    return Article(
        id=make_id("article", digest),
        source=source,
        status="ok",
        text=text,
        content_hash=digest,
        **meta,
    )


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_store(path).close()
    open_store(path).close()
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM schema_migrations")]
    assert names == [name for name, _ in migration_scripts()]
    assert names[:2] == ["0001_initial", "0002_embeddings_and_story_evidence"]


def test_an_older_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    name, script = migration_scripts()[0]
    conn.executescript(script)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
    conn.execute(
        "INSERT INTO articles (id, source, status, text, ingested_at) VALUES ('a', 's', 'ok', 'kept', 'then')"
    )
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.articles()[0].text == "kept"
        assert store.embeddings() == {}
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(story_relations)")}
        assert {"score", "evidence"} <= columns


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(bad)


def test_postgres_url_is_reported_not_crashed() -> None:
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/newstrace")


def test_add_duplicate_and_search(store) -> None:
    a = article(
        "Matteo Salvini said the sanctions against Russia are madness.",
        title="Salvini on sanctions",
        outlet="washingtonpost.com",
    )
    assert store.add_article(a) == "ok"
    assert (
        store.add_article(
            article(
                "MATTEO SALVINI said the sanctions against Russia are madness!!", source="b.txt"
            )
        )
        == "duplicate"
    )
    assert [x.id for x in store.articles()] == [a.id]
    hits = store.search("sanctions madness")
    assert [h[0].id for h in hits] == [a.id] and "[sanctions]" in hits[0][1]
    assert store.search("Salvini")[0][0].title == "Salvini on sanctions"
    assert store.search('"against Russia"')[0][0].id == a.id
    assert store.search('"Russia against"') == []
    assert store.search("sanctions -madness") == []
    # Only excluded words look for nothing, on every backend (PostgreSQL alone would answer
    # with every article that lacks them).
    assert store.search("-Putin") == [] and store.search_facets("-Putin")["total"] == 0
    assert len(store.search("nothinghere OR madness")) == 1
    # User input never breaks the query: stray quotes and operators are just text.
    assert store.search('"unbalanced') == [] and store.search("NEAR( AND *") == []


def test_save_docs_replaces_a_stage_outputs_and_keeps_evidence(store) -> None:
    a = article("League leader Matteo Salvini met Vladimir Putin in Moscow.")
    store.add_article(a)
    (doc,) = store.load_docs([a.id])
    sent = Sentence(0, len(a.text))
    doc.language = "en"
    doc.sentences = [sent]
    doc.mentions = [
        Mention(
            make_id("m", 1),
            a.id,
            14,
            28,
            "Matteo Salvini",
            "PERSON",
            "person",
            "matteo salvini",
            0,
            sent.end,
        ),
        Mention(
            make_id("m", 2),
            a.id,
            33,
            47,
            "Vladimir Putin",
            "PERSON",
            "person",
            "vladimir putin",
            0,
            sent.end,
        ),
    ]
    doc.ties = [
        Tie(
            "t1",
            "salvini",
            "putin",
            "meeting",
            False,
            None,
            (Evidence(a.id, 14, 47, "", 0, sent.end),),
        )
    ]
    doc.quotes = [Quote("q1", a.id, "met", None, None, None, (Evidence(a.id, 29, 32, ""),))]
    assigns = ("language", "sentences", "mentions", "ties", "quotes")
    store.save_docs([doc], [StageOutput("test", 1, assigns, "s1")])
    assert store.stage_runs() == {a.id: {"test": StageRun(1, "s1")}}
    assert store.ties() == []  # a tie is listed between actors only
    store.replace_actors(
        [Actor("salvini", "Matteo Salvini", "person"), Actor("putin", "Vladimir Putin", "person")],
        [],
        [],
    )
    (tie,) = store.ties()
    assert tie.evidence[0].text == "Matteo Salvini met Vladimir Putin"
    assert store.quotes()[0].evidence[0].text == "met"
    # Re-running the stage replaces its outputs rather than adding to them.
    (again,) = store.load_docs([a.id])
    assert again.language == "en" and len(again.mentions) == 2 and again.sentences == [sent]
    again.mentions = again.mentions[:1]
    again.ties = []
    again.quotes = []
    store.save_docs([again], [StageOutput("test", 2, assigns, "s2")])
    assert len(store.mentions()) == 1 and store.ties() == [] and store.quotes() == []
    assert store.stage_runs() == {a.id: {"test": StageRun(2, "s2")}}
    assert store.conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 0


def test_a_run_recorded_before_settings_digests_reads_without_one(store) -> None:
    # rows written before migration 0006 have no settings: the planner takes them as run with
    # the current settings rather than re-running a whole store after an upgrade
    a = article("Giancarlo Giorgetti spoke about sanctions against Russia in Rome.")
    store.add_article(a)
    store.x(
        "INSERT INTO stage_runs (article, stage, version, done_at) VALUES (?, ?, ?, ?)",
        (a.id, "quotes", 2, "2026-11-01T00:00:00"),
    )
    assert store.stage_runs() == {a.id: {"quotes": StageRun(2, "")}}


def test_failed_transaction_leaves_nothing(store) -> None:
    a = article("Giancarlo Giorgetti spoke about sanctions against Russia in Rome.")
    store.add_article(a)
    doc = AnalysisDoc(article=a, language="en", sentences=[Sentence(0, 10)])
    doc.mentions = [
        Mention("same-id", a.id, 0, 9, "Giancarlo", "PERSON", "person", "giancarlo", 0, 10)
    ] * 2
    doc.ties = [Tie("t", "x", "y", "visit", False, None, ())]

    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.transaction():
        store.save_docs([doc], [StageOutput("test", 1, ("sentences", "mentions", "ties"))])
        raise Boom
    assert store.stage_runs() == {a.id: {}}
    assert store.mentions() == [] and store.ties() == []


def test_replace_actors_keeps_assignments_consistent(store) -> None:
    from newstrace.model import Actor

    a = article("Putin and Vladimir Putin.")
    store.add_article(a)
    doc = AnalysisDoc(article=a, sentences=[Sentence(0, 25)])
    doc.mentions = [
        Mention("m1", a.id, 0, 5, "Putin", "PERSON", "person", "putin", 0, 25),
        Mention("m2", a.id, 10, 24, "Vladimir Putin", "PERSON", "person", "vladimir putin", 0, 25),
    ]
    store.save_docs([doc], [StageOutput("entities", 1, ("sentences", "mentions"))])
    store.replace_actors(
        [Actor("p", "Vladimir Putin", "person")],
        [("p", "Putin", "putin"), ("p", "Vladimir Putin", "vladimir putin")],
        [("m1", "p"), ("m2", "p")],
    )
    (actor,) = store.actors()
    assert (actor.name, actor.mentions, actor.articles, actor.aliases) == (
        "Vladimir Putin",
        2,
        (a.id,),
        ("Putin", "Vladimir Putin"),
    )
    store.replace_actors([], [], [])
    assert store.actors() == [] and all(m.actor is None for m in store.mentions())


def test_find_actors_tolerates_typos_and_partial_names(store) -> None:
    from newstrace.model import Actor

    store.replace_actors(
        [
            Actor("salvini", "Matteo Salvini", "person"),
            Actor("m5s", "Five Star Movement", "party"),
            Actor("italy", "Italy", "state"),
        ],
        [
            ("salvini", "Matteo Salvini", "matteo salvini"),
            ("salvini", "Salvini", "salvini"),
            ("m5s", "Five Star Movement", "five star movement"),
            ("italy", "Italy", "italy"),
        ],
        [],
    )
    (best, score), *_ = store.find_actors("Mateo Salvinni")
    assert best.id == "salvini" and 0 < score <= 1
    assert store.find_actors("five star movment")[0][0].id == "m5s"
    assert store.find_actors("zzzz qqqq") == []
