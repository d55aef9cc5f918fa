"""The SQL core every record family builds on: the dialect hooks (statements, transactions,
migrations, full-text match) that ``sqlite.SQLiteStore`` and ``postgres.PostgresStore`` supply."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self


class SQLCore(ABC):
    """A DB-API connection with the dialect's hooks."""

    vectors = False  # whether ``similar`` answers from a vector index (pgvector)

    dialect = "sql"

    location = ""

    def __init__(self) -> None:
        self._depth = 0

    @abstractmethod
    def x(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement (``?`` placeholders); returns the cursor."""

    @abstractmethod
    def xm(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Execute one statement for many parameter rows."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def run_migration(self, name: str, script: str, applied_at: str) -> None:
        """Run one migration script and record it, atomically."""

    @abstractmethod
    def _match(self, query: str) -> tuple[str, str, list[Any]]:
        """The dialect's full-text match of ``query``: a FROM clause (articles as ``a``), a
        WHERE condition, and their parameters."""

    @abstractmethod
    def _snippet(self, marks: tuple[str, str]) -> tuple[str, list[Any]]:
        """The dialect's snippet expression over a match, with matched words between
        ``marks``, and its parameters."""

    search_rank = "a.seq"  # the dialect's best-first ORDER BY over a match

    search_errors: tuple[type[Exception], ...] = ()  # what a malformed query raises

    string_agg = "GROUP_CONCAT(DISTINCT {})"  # aggregate distinct strings, comma-separated

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """All writes inside commit together or not at all (a crash leaves no half article)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    def _vector_written(self, article_id: str, vector: Any) -> None:
        """Called after an article's embedding row is written (a vector index may add it)."""
        return None
