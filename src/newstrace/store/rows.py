"""What the store's record families share: columns, row converters, filters, vector packing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..model import (
    Article,
)

ARTICLE_COLUMNS = (
    "id, source, status, error, url, outlet, title, published, language, author, content_hash, text"
)
# Which tables hold what a stage assigns (per-article outputs, replaced when the stage re-runs).
OUTPUT_TABLES = {
    "sentences": "sentences",
    "mentions": "mentions",
    "sources": "mentions",
    "quotes": "quotes",
    "ties": "ties",
    "stances": "stances",
    "events": "events",
}
# The ids of the actors there are now: ties and stances are listed only between these.
_ACTOR_IDS = "SELECT id FROM actors"
EVIDENCE_KINDS = {"quotes": "quote", "ties": "tie", "stances": "stance", "events": "event"}


def pack(vectors: Any) -> bytes:
    import numpy as np

    return np.asarray(vectors, dtype=np.float16).tobytes()


def unpack(blob: bytes, dim: int) -> Any:
    import numpy as np

    return np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, dim)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Facet filters of a search: exact outlet and language, publication dates (ISO prefixes,
    inclusive), and an actor id that the article mentions."""

    outlet: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    actor: str | None = None


def search_filter_sql(filters: SearchFilters | None) -> tuple[str, list[Any]]:
    """`` AND …`` conditions on the articles (``a``) for ``filters``, with parameters."""
    if filters is None:
        return "", []
    sql, params = "", list[Any]()
    if filters.outlet:
        sql += " AND a.outlet = ?"
        params.append(filters.outlet)
    if filters.language:
        sql += " AND a.language = ?"
        params.append(filters.language)
    if filters.since:
        sql += " AND a.published >= ?"
        params.append(filters.since)
    if filters.until:
        sql += " AND substr(a.published, 1, ?) <= ?"  # an ISO prefix: the whole day/month/year
        params.extend([len(filters.until), filters.until])
    if filters.actor:
        sql += " AND a.id IN (SELECT article FROM mentions WHERE actor = ?)"
        params.append(filters.actor)
    return sql, params


def _page(
    column: str, after: str | None, limit: int | None, clauses: list[str], params: list[Any]
) -> str:
    """Keyset paging: adds ``column > after`` to ``clauses`` and returns the ORDER BY/LIMIT
    tail. A paged call (``limit`` given) returns items in ``column`` order."""
    if after is not None:
        clauses.append(f"{column} > ?")
        params.append(after)
    if limit is None:
        return ""
    params.append(int(limit))
    return f" ORDER BY {column} LIMIT ?"


def _confident(clauses: list[str], params: list[Any], floor: float) -> None:
    """Only items whose confidence reaches ``floor`` (or that have none)."""
    if floor > 0:
        clauses.append("(confidence IS NULL OR confidence >= ?)")
        params.append(floor)


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        status=row["status"],
        error=row["error"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        language=row["language"],
        author=row["author"],
        content_hash=row["content_hash"],
        text=row["text"],
    )
