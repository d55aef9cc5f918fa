"""Full-text search over articles, with facets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import StoreError
from ..model import (
    Article,
)
from .core import SQLCore
from .query import looks_for_something
from .rows import ARTICLE_COLUMNS, SearchFilters, _article, search_filter_sql


class SearchRecords(SQLCore):
    """Full-text search over articles, with facets."""

    def _searched(self, query: str, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            rows: list[Any] = self.x(sql, params).fetchall()
        except self.search_errors as e:
            raise StoreError(f"bad search query {query!r}: {e}") from e
        return rows

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = ("[", "]"),
        filters: SearchFilters | None = None,
    ) -> list[tuple[Article, str]]:
        """Full-text search over titles and texts, best first, with a snippet whose matched
        words are between ``marks``. One syntax on every backend: words (all required),
        "a phrase", OR, -excluded. A query of only -excluded words finds nothing on every
        backend (PostgreSQL would answer it with every article that lacks them)."""
        if not looks_for_something(query):
            return []
        columns = ", ".join("a." + c.strip() for c in ARTICLE_COLUMNS.split(","))
        frm, where, params = self._match(query)
        snippet, sparams = self._snippet(marks)
        fsql, fparams = search_filter_sql(filters)
        rows = self._searched(
            query,
            f"SELECT {columns}, {snippet} AS snip FROM {frm} WHERE {where}{fsql}"
            f" ORDER BY {self.search_rank}, a.seq LIMIT ? OFFSET ?",
            [*sparams, *params, *fparams, limit, offset],
        )
        return [(_article(r), r["snip"]) for r in rows]

    def search_facets(
        self, query: str, filters: SearchFilters | None = None, top: int = 12
    ) -> dict[str, Any]:
        """How the hits of a search spread: ``total``, and the top values with hit counts for
        ``outlet``, ``language``, ``month`` (of publication) and ``actor`` (actor ids)."""
        if not looks_for_something(query):
            return {"total": 0, "outlet": [], "language": [], "month": [], "actor": []}
        frm, where, params = self._match(query)
        fsql, fparams = search_filter_sql(filters)
        base = f" FROM {frm} WHERE {where}{fsql}"
        args = [*params, *fparams]
        out: dict[str, Any] = {"total": self._searched(query, f"SELECT COUNT(*){base}", args)[0][0]}
        for facet, column in (
            ("outlet", "a.outlet"),
            ("language", "a.language"),
            ("month", "substr(a.published, 1, 7)"),
        ):
            out[facet] = [
                (r[0], r[1])
                for r in self._searched(
                    query,
                    f"SELECT {column}, COUNT(*){base} AND {column} IS NOT NULL"
                    " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                    [*args, top],
                )
            ]
        out["actor"] = [
            (r[0], r[1])
            for r in self._searched(
                query,
                "SELECT m.actor, COUNT(DISTINCT m.article) FROM mentions m"
                f" WHERE m.actor IS NOT NULL AND m.article IN (SELECT a.id{base})"
                " GROUP BY m.actor ORDER BY 2 DESC, 1 LIMIT ?",
                [*args, top],
            )
        ]
        return out
