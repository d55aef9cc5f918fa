"""The corpus index (migration 0018): what the incremental corpus stages look up instead of
reading the whole store. Each call reads the rows it names through an index (an article's
anchors, the articles of a day range, one story's members, the cells of article vectors near
a query), so memory stays flat in the size of the store.

- ``story_index``: every article the stories stage has placed, with its publication day;
- ``story_anchors``: the event anchors each placed article gives (``lead`` = headline and lead);
- ``actor_index``: the articles whose mentions the actors stage has resolved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..model import Actor, Article, Embedding, Mention, Sentence, StoryRelation, Tie
from .vector_index import VectorIndex

if TYPE_CHECKING:
    from .base import SQLStore

CHUNK = 500  # ids per IN (...) list


def chunked(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(n: int) -> str:
    return ", ".join("?" * n)


class CorpusIndex:
    """The lookups of the incremental corpus stages, over one open store."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store

    # ---- what is new ----------------------------------------------------------------------

    def placed_count(self) -> int:
        return int(self.store.x("SELECT COUNT(*) FROM story_index").fetchone()[0])

    def unplaced(self) -> list[str]:
        """Ok articles with an embedding that the stories stage has not placed, in ingest
        order."""
        return [
            r[0]
            for r in self.store.x(
                "SELECT a.id FROM articles a JOIN embeddings e ON e.article = a.id"
                " LEFT JOIN story_index i ON i.article = a.id"
                " WHERE a.status = 'ok' AND i.article IS NULL ORDER BY a.seq"
            )
        ]

    def stale_placed(self) -> int:
        """Placed articles that have no story (a rebuild, or stories deleted by hand)."""
        row = self.store.x(
            "SELECT COUNT(*) FROM story_index i LEFT JOIN story_articles s"
            " ON s.article = i.article WHERE s.article IS NULL"
        ).fetchone()
        return int(row[0])

    def unresolved(self) -> list[str]:
        """Ok articles with mentions that the actors stage has not resolved, in ingest order."""
        return [
            r[0]
            for r in self.store.x(
                "SELECT a.id FROM articles a LEFT JOIN actor_index i ON i.article = a.id"
                " WHERE a.status = 'ok' AND i.article IS NULL ORDER BY a.seq"
            )
        ]

    def ok_ids(self) -> list[str]:
        return [r[0] for r in self.store.x("SELECT id FROM articles WHERE status = 'ok'")]

    def known(self, ids: Sequence[str]) -> bool:
        """Whether a corpus stage has already seen one of ``ids`` (re-analysed articles need
        the full pass)."""
        for part in chunked(list(ids)):
            within = f"article IN ({marks(len(part))})"
            for table in ("story_index", "actor_index"):
                if self.store.x(f"SELECT 1 FROM {table} WHERE {within} LIMIT 1", part).fetchone():
                    return True
        return False

    def resolved_count(self) -> int:
        return int(self.store.x("SELECT COUNT(*) FROM actor_index").fetchone()[0])

    # ---- reading articles and their outputs -----------------------------------------------

    def articles(self, ids: Sequence[str]) -> list[Article]:
        out: list[Article] = []
        for part in chunked(list(ids)):
            out.extend(self.store.articles(ids=part))
        return out

    def seqs(self, ids: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for part in chunked(list(ids)):
            out.update(
                self.store.x(f"SELECT id, seq FROM articles WHERE id IN ({marks(len(part))})", part)
            )
        return out

    def embeddings(self, ids: Sequence[str]) -> dict[str, Embedding]:
        out: dict[str, Embedding] = {}
        for part in chunked(list(ids)):
            out.update(self.store.embeddings(part))
        return out

    def mentions(self, ids: Sequence[str]) -> list[Mention]:
        out: list[Mention] = []
        for part in chunked(list(ids)):
            out.extend(self.store._mentions(f"article IN ({marks(len(part))})", part))
        return out

    def sentences(self, article_id: str) -> list[Sentence]:
        return self.store.sentences(article_id)

    # ---- actors ---------------------------------------------------------------------------

    def corrections(self) -> list[tuple[str, str, str, str | None]]:
        return self.store.corrections()

    def actors_by_id(self, ids: Iterable[str]) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for part in chunked(sorted(set(ids))):
            out.update(
                (r[0], Actor(id=r[0], name=r[1], type=r[2]))
                for r in self.store.x(
                    f"SELECT id, name, type FROM actors WHERE id IN ({marks(len(part))})", part
                )
            )
        return out

    def actors_by_key(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """name key -> the stored actors with an alias of that key."""
        out: dict[str, set[str]] = {}
        for part in chunked(sorted(set(keys))):
            for key, actor in self.store.x(
                f"SELECT key, actor FROM actor_aliases WHERE key IN ({marks(len(part))})", part
            ):
                out.setdefault(key, set()).add(actor)
        return out

    def parties(self) -> dict[str, set[str]]:
        """The stored parties (few, whatever the corpus's size) with their name keys."""
        out: dict[str, set[str]] = {}
        for actor, key in self.store.x(
            "SELECT a.id, al.key FROM actors a JOIN actor_aliases al ON al.actor = a.id"
            " WHERE a.type = 'party'"
        ):
            out.setdefault(actor, set()).add(key)
        return out

    def add_actors(
        self,
        actors: Sequence[Actor],
        aliases: Sequence[tuple[str, str, str]],
        assignments: Sequence[tuple[str, str]],
        ties: Sequence[tuple[str, Tie]],
        stage: str,
        articles: Sequence[str],
    ) -> None:
        """Add what a partial actors pass found for ``articles``: new actors, aliases, the
        actors of their mentions, the stage's ties in them; their ties, stances and events
        then name the actors (as ``replace_actors`` does for the whole store)."""
        store = self.store
        with store.transaction():
            store._write_actors(actors, aliases, assignments)
            for part in chunked(list(articles)):
                within = f"article IN ({marks(len(part))})"
                store.x(
                    "DELETE FROM evidence WHERE item_kind = 'tie' AND item_id IN"
                    f" (SELECT id FROM ties WHERE stage = ? AND {within})",
                    [stage, *part],
                )
                store.x(f"DELETE FROM ties WHERE stage = ? AND {within}", [stage, *part])
            for article, tie in ties:
                store._insert_tie(article, stage, tie)
            store._resolve_items(articles)
            store.xm(
                "INSERT INTO actor_index (article) VALUES (?) ON CONFLICT DO NOTHING",
                [(a,) for a in articles],
            )

    # ---- stories --------------------------------------------------------------------------

    def embedded_count(self) -> int:
        """Ok articles with an embedding: the corpus the story IDF counts."""
        row = self.store.x(
            "SELECT COUNT(*) FROM embeddings e JOIN articles a ON a.id = e.article"
            " WHERE a.status = 'ok'"
        ).fetchone()
        return int(row[0])

    def anchor_counts(self, anchors: Iterable[str]) -> dict[str, int]:
        """How many placed articles give each anchor."""
        wanted = sorted(set(anchors))
        out = dict.fromkeys(wanted, 0)
        for part in chunked(wanted):
            out.update(
                self.store.x(
                    "SELECT anchor, COUNT(*) FROM story_anchors"
                    f" WHERE anchor IN ({marks(len(part))}) GROUP BY anchor",
                    part,
                )
            )
        return out

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]:
        """How many ok articles with an embedding name each actor (unnamed sources aside)."""
        wanted = sorted(set(actors))
        out = dict.fromkeys(wanted, 0)
        for part in chunked(wanted):
            out.update(
                self.store.x(
                    "SELECT m.actor, COUNT(DISTINCT m.article) FROM mentions m"
                    " JOIN embeddings e ON e.article = m.article"
                    " JOIN articles a ON a.id = m.article"
                    f" WHERE a.status = 'ok' AND m.type <> 'unnamed_source'"
                    f" AND m.actor IN ({marks(len(part))}) GROUP BY m.actor",
                    part,
                )
            )
        return out

    def sharing(
        self, anchors: Iterable[str], days: tuple[int, int] | None
    ) -> list[tuple[str, str, int | None]]:
        """(article, anchor, day) of the placed articles that give one of ``anchors``, those
        undated or published within ``days`` (first, last ordinal; None: any day)."""
        out: list[tuple[str, str, int | None]] = []
        wanted = sorted(set(anchors))
        for part in chunked(wanted):
            sql = (
                "SELECT s.article, s.anchor, i.day FROM story_anchors s"
                " JOIN story_index i ON i.article = s.article"
                f" WHERE s.anchor IN ({marks(len(part))})"
            )
            params: list[Any] = list(part)
            if days is not None:
                sql += " AND (i.day IS NULL OR i.day BETWEEN ? AND ?)"
                params.extend(days)
            out.extend((r[0], r[1], r[2]) for r in self.store.x(sql, params))
        return out

    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        """article -> story for each of ``ids`` placed in one."""
        return self._story_articles("article", ids)

    def members(self, stories: Sequence[str]) -> dict[str, str]:
        """article -> story for every member of ``stories``."""
        return self._story_articles("story", stories)

    def _story_articles(self, column: str, values: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in chunked(list(values)):
            sql = (
                f"SELECT story, article FROM story_articles WHERE {column} IN ({marks(len(part))})"
            )
            out.update((a, s) for s, a in self.store.x(sql, part))
        return out

    def stored_relations(self, stories: Sequence[str]) -> dict[str, list[StoryRelation]]:
        out: dict[str, list[StoryRelation]] = {}
        for part in chunked(list(stories)):
            out.update((s.id, list(s.relations)) for s in self.store.stories(ids=part))
        return out

    def nearest(
        self, queries: dict[str, np.ndarray], k: int, floor: float | None = None
    ) -> dict[str, list[tuple[str, float]]]:
        """Each query article's ``k`` nearest ok articles by cosine (itself left out), best
        first; with ``floor``, those below it may be left out. pgvector's HNSW index answers
        where the store has it; otherwise the cells of store/vector_index.py (a coarse
        k-means: only the article vectors of the cells near each query are read, then ranked
        exactly)."""
        if not queries:
            return {}
        if getattr(self.store, "vectors", False):
            return {a: self.store.similar(a, k) for a in queries}
        return VectorIndex(self.store).nearest(queries, k, floor)

    def write_placed(
        self, rows: Sequence[tuple[str, int | None, Iterable[tuple[str, bool]]]]
    ) -> None:
        """Record placed articles: (article, day, its (anchor, lead) pairs)."""
        with self.store.transaction():
            ids = [a for a, _, _ in rows]
            for part in chunked(ids):
                self.store.x(
                    f"DELETE FROM story_anchors WHERE article IN ({marks(len(part))})", part
                )
            self.store.xm(
                "INSERT INTO story_index (article, day) VALUES (?, ?)"
                " ON CONFLICT(article) DO UPDATE SET day = excluded.day",
                [(a, day) for a, day, _ in rows],
            )
            self.store.xm(
                "INSERT INTO story_anchors (anchor, article, lead) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [(anchor, a, int(lead)) for a, _, anchors in rows for anchor, lead in anchors],
            )

    def clear_placed(self) -> None:
        with self.store.transaction():
            self.store.x("DELETE FROM story_anchors")
            self.store.x("DELETE FROM story_index")

    def write_resolved(self, ids: Sequence[str], *, clear: bool = False) -> None:
        with self.store.transaction():
            if clear:
                self.store.x("DELETE FROM actor_index")
            self.store.xm(
                "INSERT INTO actor_index (article) VALUES (?) ON CONFLICT DO NOTHING",
                [(a,) for a in ids],
            )
