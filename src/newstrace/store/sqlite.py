"""The embedded dialect: one SQLite file, FTS5 for search, WAL for concurrent readers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..text import searchable
from .base import SQLStore
from .migrations import apply_migrations
from .query import to_fts5


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
