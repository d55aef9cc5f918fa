"""The team dialect: PostgreSQL through psycopg 3. Full-text search with a generated tsvector
and GIN, fuzzy actor-name lookup with pg_trgm. Embeddings are stored as float16 bytes, like
SQLite's; where the server has the pgvector extension, each article vector is also kept in a
``vector`` column with an HNSW index (cosine), which ``similar`` searches. Without it, the
numpy path of the base store serves."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from ..errors import StoreError
from ..model import Actor
from ..text import searchable
from .base import SQLStore
from .migrations import apply_migrations
from .rows import pack, unpack

_PLACEHOLDER = re.compile(r"\?")
_MIGRATION_LOCK = 7_201_820  # advisory lock key: two processes never migrate at once
FILL_BATCH = 500  # stored vectors copied into the vector column per query
EF_SEARCH = 64  # pgvector's HNSW candidate list (its default is 40); at least the limit asked
log = logging.getLogger(__name__)


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
            # Held for the whole check: two first starts would otherwise race even on
            # CREATE TABLE IF NOT EXISTS schema_migrations (a unique violation in pg_type).
            self.x("SELECT pg_advisory_lock(?)", (_MIGRATION_LOCK,))
            try:
                apply_migrations(self)
            finally:
                self.x("SELECT pg_advisory_unlock(?)", (_MIGRATION_LOCK,))
        except psycopg.Error as e:
            raise StoreError(
                f"cannot open PostgreSQL store {redact(url)}: {e}", code="NT302"
            ) from e
        self._indexed_dims: set[int] = set()
        self.vectors = self._enable_vectors()

    # ---- pgvector -----------------------------------------------------------------------------

    def _enable_vectors(self) -> bool:
        """Use pgvector where the server has it: create the extension and the ``article_vec``
        column, and fill it from the stored vectors (the extension may arrive after the data).
        Once the column is there, opening a store only checks for it. A role that may not
        create the extension keeps the numpy path."""
        import psycopg

        if not self.x("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone():
            return False
        if self._has_vector_column():
            return True
        try:
            with self.transaction():
                self.x("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
                self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
                self.conn.execute(
                    "ALTER TABLE embeddings ADD COLUMN IF NOT EXISTS article_vec vector"
                )
                while rows := self.x(
                    "SELECT article, dim, article_vector FROM embeddings"
                    " WHERE article_vec IS NULL LIMIT ?",
                    (FILL_BATCH,),
                ).fetchall():
                    self._write_vectors([(a, unpack(blob, dim)[0]) for a, dim, blob in rows])
        except psycopg.Error as e:
            log.warning("pgvector is on the server but unusable here (%s); using numpy", e)
            return False
        return True

    def _has_vector_column(self) -> bool:
        return bool(
            self.x(
                "SELECT 1 FROM pg_attribute WHERE attrelid = 'embeddings'::regclass"
                " AND attname = 'article_vec' AND NOT attisdropped"
            ).fetchone()
        )

    def _write_vectors(self, vectors: Sequence[tuple[str, Any]]) -> None:
        """Put (article, vector) pairs into the vector column, with an HNSW index for each
        dimension (an index needs a fixed one; one partial index per dimension)."""
        for dim in {len(v) for _, v in vectors} - self._indexed_dims:
            name = f"embeddings_vec_{dim}"  # dim is an int
            if not self.x("SELECT 1 FROM pg_indexes WHERE indexname = ?", (name,)).fetchone():
                self.x("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
                self.conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON embeddings USING hnsw"
                    f" ((article_vec::vector({dim})) vector_cosine_ops) WHERE dim = {dim}"
                )
            self._indexed_dims.add(dim)
        self.xm(
            "UPDATE embeddings SET article_vec = ?::real[]::vector WHERE article = ?",
            [([float(x) for x in v], a) for a, v in vectors],
        )

    def _vector_written(self, article_id: str, vector: Any) -> None:
        if self.vectors:
            # the float16 values the embeddings table holds, as a later fill-in would read them
            self._write_vectors([(article_id, unpack(pack(vector), len(vector))[0])])

    def similar(self, article_id: str, limit: int = 10) -> list[tuple[str, float]]:
        """The nearest articles from pgvector's HNSW index (approximate: it may miss a
        neighbour that exact search would find), or the exact numpy search without it."""
        if not self.vectors:
            return super().similar(article_id, limit)
        row = self.x(
            "SELECT dim, article_vec::text FROM embeddings WHERE article = ?", (article_id,)
        ).fetchone()
        if row is None:
            return []
        if row[1] is None:  # written by a process that opened the store before pgvector
            return super().similar(article_id, limit)
        dim, query = int(row[0]), row[1]
        distance = f"((article_vec::vector({dim})) <=> ?::vector({dim}))"
        with self.transaction():
            self.x(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, limit + 1)}")
            rows = self.x(
                f"SELECT article, 1 - {distance} FROM embeddings"
                f" WHERE dim = {dim} AND article <> ? ORDER BY {distance} LIMIT ?",
                (query, article_id, query, limit),
            ).fetchall()
        return [(r[0], round(float(r[1]), 4)) for r in rows]

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
        match = "articles a, websearch_to_tsquery('simple', ?) q"
        return match, "a.search @@ q", [searchable(query)]

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
