"""The team dialect: PostgreSQL through psycopg 3. Full-text search with a generated tsvector
and GIN, fuzzy actor-name lookup with pg_trgm. Embeddings are stored as float16 bytes, like
SQLite's; the pgvector extension is not used yet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import StoreError
from ..model import Actor
from .base import SQLStore
from .migrations import apply_migrations

_PLACEHOLDER = re.compile(r"\?")
_MIGRATION_LOCK = 7_201_820  # advisory lock key: two processes never migrate at once


class Row(tuple[Any, ...]):
    """A result row readable by position and by column name, like sqlite3.Row."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)


def row_factory(cursor: Any) -> Any:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row

    return make


class PostgresStore(SQLStore):
    dialect = "postgresql"
    string_agg = "string_agg(DISTINCT {}, ',')"

    def __init__(self, url: str) -> None:
        super().__init__()
        import psycopg

        self.location = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=row_factory)
            apply_migrations(self)
        except psycopg.Error as e:
            raise StoreError(
                f"cannot open PostgreSQL store {redact(url)}: {e}", code="NT302"
            ) from e

    @staticmethod
    def _sql(sql: str) -> str:
        # psycopg's placeholders are %s, so a literal % (pg_trgm's operator) is doubled first.
        return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))

    def x(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), params or None)

    def xm(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)

    def _begin(self) -> None:
        self.conn.execute("BEGIN")

    def _commit(self) -> None:
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def run_migration(self, name: str, script: str, applied_at: str) -> None:
        with self.transaction():
            self.x("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            if self.x("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                return  # another process applied it while we waited for the lock
            self.conn.execute(script)  # no parameters: several statements run as one script
            self.x(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, applied_at)
            )

    def find_actors(self, name: str, limit: int = 10) -> list[tuple[Actor, float]]:
        """pg_trgm similarity over names and aliases (GIN-indexed), where the extension is
        installed; otherwise the portable lookup."""
        if not self.x("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone():
            return super().find_actors(name, limit)
        rows = self.x(
            "SELECT actor, max(similarity(alias, ?)) AS s FROM actor_aliases"
            " WHERE alias % ? GROUP BY actor ORDER BY s DESC LIMIT ?",
            (name, name, limit),
        ).fetchall()
        return self._ranked_actors({r[0]: float(r[1]) for r in rows}, limit)

    def _match(self, query: str) -> tuple[str, str, list[Any]]:
        return "articles a, websearch_to_tsquery('simple', ?) q", "a.search @@ q", [query]

    def _snippet(self, marks: tuple[str, str]) -> tuple[str, list[Any]]:
        for mark in marks:
            if not mark or any(c in mark for c in ',="'):
                raise StoreError(f"unusable snippet mark {mark!r}")
        options = f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords=24, MinWords=8"
        return "ts_headline('simple', a.text, q, ?)", [options]

    search_rank = "ts_rank(a.search, q) DESC"


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
