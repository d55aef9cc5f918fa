"""The embedded dialect: one SQLite file, FTS5 for search, WAL for concurrent readers."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..text import searchable
from .base import SQLStore
from .migrations import apply_migrations

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def to_fts5(query: str) -> str:
    """The portable search syntax (as web search engines and PostgreSQL's
    websearch_to_tsquery read it: words all required, "a phrase", OR, -excluded) as an FTS5
    query. Every term is quoted, so user text cannot inject FTS5 operators."""
    positive: list[str] = []
    negative: list[str] = []
    for negated, phrase, word in _TOKEN.findall(query):
        if word == "OR":
            if positive and positive[-1] != "OR":
                positive.append("OR")
            continue
        text = phrase or word
        if word.startswith("-") and len(word) > 1:
            negated, text = "-", word[1:]
        terms = " ".join(re.findall(r"\w+", text))
        if terms:
            (negative if negated else positive).append(f'"{terms}"')
    while positive and positive[-1] == "OR":
        positive.pop()
    if not positive:
        return '""'  # nothing to look for (FTS5 needs a positive term)
    out = positive[0]
    for previous, part in pairwise(positive):
        out += f" {part}" if "OR" in (previous, part) else f" AND {part}"
    return out + "".join(f" NOT {n}" for n in negative)


def looks_for_something(query: str) -> bool:
    """Whether a query has a word or phrase to look for (one of only ``-excluded`` words,
    which full-text indexes cannot answer, finds nothing)."""
    return to_fts5(searchable(query)) != '""'


def statements(script: str) -> list[str]:
    """The SQL statements of a script, whole (a trigger's body holds semicolons)."""
    out: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if strip_comments(buffer).strip(" \n\t;"):
                out.append(buffer)
            buffer = ""
    if strip_comments(buffer).strip(" \n\t;"):
        out.append(buffer)
    return out


def strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


class SQLiteStore(SQLStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = self.location = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # check_same_thread off: a store may be opened in one thread and used in another (the web
            # server's thread pool), never by two at once.
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=30, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            apply_migrations(self)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open {self.path} as a newstrace database: {e}") from e

    def x(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def xm(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def run_migration(self, name: str, script: str, applied_at: str) -> None:
        """One migration in one write transaction. BEGIN IMMEDIATE takes the write lock first,
        so a second process starting on the same new file waits here (busy timeout) and then
        finds the migration applied. executescript would commit first, so the script runs
        statement by statement."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            if self.x("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                self._rollback()
                return  # another process applied it while we waited for the lock
            for statement in statements(script):
                self.conn.execute(statement)
            self.x(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, applied_at)
            )
            self._commit()
        except sqlite3.Error:
            self._rollback()
            raise

    def _match(self, query: str) -> tuple[str, str, list[Any]]:
        return (
            "articles_fts JOIN articles a ON a.seq = articles_fts.rowid",
            "articles_fts MATCH ?",
            [to_fts5(searchable(query))],
        )

    def _snippet(self, marks: tuple[str, str]) -> tuple[str, list[Any]]:
        return "snippet(articles_fts, 1, ?, ?, '…', 12)", [marks[0], marks[1]]

    search_rank = "rank"
    search_errors = (sqlite3.OperationalError,)
