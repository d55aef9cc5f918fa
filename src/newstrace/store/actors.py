"""Actors: their mentions, resolution of items to actors, corrections."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..model import (
    Actor,
    Mention,
)
from .core import SQLCore
from .rows import _page


class ActorRecords(SQLCore):
    """Actors: their mentions, resolution of items to actors, corrections."""

    def replace_actors(
        self,
        actors: Sequence[Actor],
        aliases: Sequence[tuple[str, str, str]],
        assignments: Sequence[tuple[str, str]],
    ) -> None:
        """Replace the automatically made actors: ``aliases`` are (actor, alias, key) and
        ``assignments`` (mention id, actor id). Analyst-made actors and aliases are kept."""
        with self.transaction():
            self.x("UPDATE mentions SET actor = NULL")
            self.x("DELETE FROM actor_aliases WHERE origin = 'auto'")
            self.x("DELETE FROM actors WHERE origin = 'auto'")
            self._write_actors(actors, aliases, assignments)
            self._resolve_items()

    def _write_actors(
        self,
        actors: Sequence[Actor],
        aliases: Sequence[tuple[str, str, str]],
        assignments: Sequence[tuple[str, str]],
    ) -> None:
        """Add automatic actors and aliases (those stored stay) and set mentions' actors."""
        self.xm(
            "INSERT INTO actors (id, name, type, origin) VALUES (?, ?, ?, 'auto')"
            " ON CONFLICT(id) DO NOTHING",
            [(a.id, a.name, a.type) for a in actors],
        )
        self.xm(
            "INSERT INTO actor_aliases (actor, alias, key, origin) VALUES (?, ?, ?, 'auto')"
            " ON CONFLICT DO NOTHING",
            aliases,
        )
        self.xm("UPDATE mentions SET actor = ? WHERE id = ?", [(a, m) for m, a in assignments])

    def _resolve_items(self, articles: Sequence[str] | None = None) -> None:
        """Write the actors of the mentions that ties, stances and events were read from into
        their actor columns (a mention without an actor leaves its mention id in place): of
        every article, or of ``articles`` only."""
        if articles is not None:
            for i in range(0, len(articles), 500):
                part = list(articles[i : i + 500])
                self._resolve_items_where(f" AND article IN ({','.join('?' * len(part))})", part)
            return
        self._resolve_items_where("", [])

    def _resolve_items_where(self, within: str, params: Sequence[Any]) -> None:
        for table, column, mention in (
            ("ties", "source", "source_mention"),
            ("ties", "target", "target_mention"),
            ("stances", "actor", "actor_mention"),
        ):
            self.x(
                f"UPDATE {table} SET {column} = COALESCE((SELECT m.actor FROM mentions m"
                f" WHERE m.id = {table}.{mention}), {mention}) WHERE {mention} IS NOT NULL"
                + within,
                params,
            )
        rows = self.x(
            "SELECT id, mentions FROM events WHERE mentions IS NOT NULL AND mentions <> '[]'"
            + within,
            params,
        ).fetchall()
        wanted = sorted({m for _, ms in rows for m in json.loads(ms)})
        actor_of: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            marks = ", ".join("?" for _ in part)
            actor_of.update(
                self.x(
                    f"SELECT id, actor FROM mentions WHERE actor IS NOT NULL AND id IN ({marks})",
                    part,
                ).fetchall()
            )
        updates = []
        for event_id, ms in rows:
            actors = list(dict.fromkeys(actor_of[m] for m in json.loads(ms) if m in actor_of))
            updates.append((json.dumps(actors), event_id))
        if updates:
            self.xm("UPDATE events SET actors = ? WHERE id = ?", updates)

    def add_correction(self, kind: str, a: str, b: str, surface: str | None = None) -> None:
        """Record an analyst's correction to actors (see actors/resolve.py, Correction)."""
        with self.transaction():
            self.x(
                "INSERT INTO actor_corrections (kind, a, b, surface, created) VALUES (?, ?, ?, ?, ?)",
                (kind, a, b, surface, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def corrections(self) -> list[tuple[str, str, str, str | None]]:
        """(kind, a, b, surface) in the order they were made."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.x("SELECT kind, a, b, surface FROM actor_corrections ORDER BY id")
        ]

    def actors(
        self,
        *,
        type: str | None = None,
        article: str | None = None,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Actor]:
        """Actors, most mentioned first; a paged call (``limit``, ``after`` an id) in id
        order."""
        if ids is not None and not ids:
            return []
        sql = (
            "SELECT ac.id, ac.name, ac.type, COUNT(m.id) AS n,"
            f" {self.string_agg.format('m.article')} AS arts FROM actors ac"
            " LEFT JOIN mentions m ON m.actor = ac.id"
        )
        clauses: list[str] = []
        params: list[Any] = []
        if type:
            clauses.append("ac.type = ?")
            params.append(type)
        if article:
            clauses.append("ac.id IN (SELECT actor FROM mentions WHERE article = ?)")
            params.append(article)
        if ids is not None:
            clauses.append(f"ac.id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("ac.id", after, limit, clauses, params) or " ORDER BY n DESC, ac.name"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " GROUP BY ac.id" + tail
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.x(
            "SELECT actor, alias FROM actor_aliases ORDER BY actor, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [
            Actor(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                aliases=tuple(aliases.get(r["id"], ())),
                mentions=r["n"],
                articles=tuple(sorted((r["arts"] or "").split(","))) if r["arts"] else (),
            )
            for r in self.x(sql, params)
        ]

    def find_actors(self, name: str, limit: int = 10) -> list[tuple[Actor, float]]:
        """Actors whose name or an alias is like ``name`` (typos, missing words, other case),
        best first, with a similarity in [0, 1]. Portable version: difflib over the aliases
        that share a word with the query; PostgreSQL overrides it with pg_trgm."""
        from difflib import SequenceMatcher

        from ..text import name_key

        key = name_key(name)
        words = [w for w in key.split() if len(w) > 2] or key.split()
        if not words:
            return []
        clause = " OR ".join("key LIKE ?" for _ in words)
        rows = self.x(
            f"SELECT actor, alias, key FROM actor_aliases WHERE {clause}",
            [f"%{w[:3]}%" for w in words],
        ).fetchall()
        best: dict[str, float] = {}
        for actor, _alias, alias_key in rows:
            score = SequenceMatcher(None, key, alias_key).ratio()
            best[actor] = max(best.get(actor, 0.0), score)
        return self._ranked_actors(best, limit)

    def _ranked_actors(self, scores: dict[str, float], limit: int) -> list[tuple[Actor, float]]:
        actors = {a.id: a for a in self.actors()}
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(actors[a], round(s, 3)) for a, s in ranked if a in actors]

    def _mentions(self, where: str, params: Sequence[Any]) -> list[Mention]:
        rows = self.x(
            "SELECT id, article, start_char, end_char, text, label, type, norm, sentence_start,"
            f" sentence_end, actor FROM mentions WHERE {where} ORDER BY article, start_char",
            params,
        )
        return [Mention(*r) for r in rows]

    def mentions(self, *, article: str | None = None, actor: str | None = None) -> list[Mention]:
        if article:
            return self._mentions("article = ?", (article,))
        if actor:
            return self._mentions("actor = ?", (actor,))
        return self._mentions("1 = 1", ())
