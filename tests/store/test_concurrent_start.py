"""Several processes starting at once on one new store: each waits for the migrations the
first applies (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), and none fails."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from newstrace.store import open_store
from newstrace.store.migrations import migration_scripts

PROCESSES = 4


def start_and_write(location: str, index: int, go: Any, results: Any) -> None:
    from newstrace.model import Article
    from newstrace.store import open_store as open_it

    go.wait(60)
    try:
        with open_it(location) as store:
            text = f"Article number {index} from process {index}, long enough to keep."
            store.add_article(Article(id=f"a{index}", source=f"p{index}", status="ok", text=text))
        results.put((index, "ok"))
    except Exception as e:
        results.put((index, f"{type(e).__name__}: {e}"))


def start_together(location: str) -> list[tuple[int, str]]:
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    results = context.Queue()
    processes = [
        context.Process(target=start_and_write, args=(location, i, go, results))
        for i in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    go.set()
    outcome = sorted(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(60)
    return outcome


def check(location: str) -> None:
    outcome = start_together(location)
    assert outcome == [(i, "ok") for i in range(PROCESSES)]
    with open_store(location) as store:
        dialect = store.dialect
        applied = [r[0] for r in store.x("SELECT name FROM schema_migrations ORDER BY name")]
        assert len(store.articles()) == PROCESSES
    assert applied == [name for name, _ in migration_scripts(dialect)]


@pytest.mark.parametrize("round_", range(3))
def test_first_starts_on_one_new_sqlite_file(tmp_path: Path, round_: int) -> None:
    check(str(tmp_path / f"new{round_}.db"))


def test_first_starts_on_one_new_postgres_database(postgres_url: str) -> None:
    check(postgres_url)
