"""Articles, their sentences and embeddings, and the store's overview."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..model import (
    Article,
    Embedding,
    Sentence,
)
from .core import SQLCore
from .rows import ARTICLE_COLUMNS, _article, _now, _page, unpack


class ArticleRecords(SQLCore):
    """Articles, their sentences and embeddings, and the store's overview."""

    def add_article(self, article: Article) -> Literal["ok", "duplicate"]:
        """Store an ingested article (or a failed one). The same content twice is a no-op."""
        with self.transaction():
            if article.status == "ok":
                dup = self.x(
                    "SELECT 1 FROM articles WHERE content_hash = ? OR id = ?",
                    (article.content_hash, article.id),
                ).fetchone()
                if dup:
                    return "duplicate"
                # A document that failed before and now succeeds replaces its failure.
                self.x(
                    "DELETE FROM articles WHERE status = 'failed' AND source = ?",
                    (article.source,),
                )
            if article.outlet:
                self.x(
                    "INSERT INTO outlets (name, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (article.outlet, _now()),
                )
            self.x(
                "INSERT INTO articles (id, source, status, error, url, outlet, title, published,"
                " language, author, content_hash, text, chars, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET error = excluded.error,"
                " ingested_at = excluded.ingested_at",
                (
                    article.id,
                    article.source,
                    article.status,
                    article.error,
                    article.url,
                    article.outlet,
                    article.title,
                    article.published,
                    article.language,
                    article.author,
                    article.content_hash,
                    article.text,
                    article.chars,
                    _now(),
                ),
            )
        return "ok"

    def get_article(self, article_id: str) -> Article | None:
        row = self.x(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def articles(
        self,
        *,
        status: str | None = None,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        """Articles in ingest order; a paged call (``limit``, ``after`` an id) in id order."""
        if ids is not None and not ids:
            return []
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles"
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("id", after, limit, clauses, params) or " ORDER BY seq"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self.x(sql + tail, params).fetchall()
        return [_article(r) for r in rows]

    def embeddings(self, article_ids: Sequence[str] | None = None) -> dict[str, Embedding]:
        """Stored embeddings, by article."""
        sql = "SELECT article, model, dim, article_vector, sentence_vectors FROM embeddings"
        params: list[str] = []
        if article_ids is not None:
            if not article_ids:
                return {}
            sql += f" WHERE article IN ({','.join('?' * len(article_ids))})"
            params = list(article_ids)
        return {
            r[0]: Embedding(r[1], unpack(r[3], r[2])[0], unpack(r[4], r[2]))
            for r in self.x(sql, params)
        }

    def similar(self, article_id: str, limit: int = 10) -> list[tuple[str, float]]:
        """The articles nearest to one, with their cosine similarity, best first: exact
        search over every stored article vector in numpy (fine to a few hundred thousand
        articles). PostgreSQL with pgvector answers from an HNSW index instead."""
        import numpy as np

        embeddings = self.embeddings()
        if article_id not in embeddings:
            return []
        query = embeddings[article_id].article
        ids = [a for a, e in embeddings.items() if a != article_id and len(e.article) == len(query)]
        if not ids:
            return []
        scores = np.stack([embeddings[a].article for a in ids]) @ query
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(ids[i], round(float(scores[i]), 4)) for i in order]

    def sentences(self, article_id: str) -> list[Sentence]:
        return [
            Sentence(r[0], r[1])
            for r in self.x(
                "SELECT start_char, end_char FROM sentences WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        ]

    def latest_articles(self, limit: int = 10, *, status: str | None = None) -> list[Article]:
        """The last ``limit`` articles ingested (newest first), of one status or any."""
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        rows = self.x(
            f"SELECT {ARTICLE_COLUMNS} FROM articles {where} ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [_article(r) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {}
        for status, n in self.x("SELECT status, COUNT(*) FROM articles GROUP BY status"):
            out[f"articles_{status}"] = n
        for table in ("actors", "mentions", "quotes", "ties", "stances", "events", "stories"):
            out[table] = self.x(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def languages(self) -> dict[str, int]:
        rows = self.x(
            "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM articles WHERE status = 'ok'"
            " GROUP BY 1 ORDER BY 2 DESC"
        )
        return {lang: n for lang, n in rows}
