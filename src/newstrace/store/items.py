"""Extracted items read back with their evidence: quotes, ties, stances, events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import (
    Event,
    Evidence,
    Quote,
    Stance,
    Tie,
)
from .core import SQLCore
from .rows import _ACTOR_IDS, _confident, _page


class ItemRecords(SQLCore):
    """Extracted items read back with their evidence: quotes, ties, stances, events."""

    def _evidence(
        self, kind: str, items: str | None = None, params: Sequence[Any] = ()
    ) -> dict[str, list[Evidence]]:
        """Evidence of every item of ``kind``, or of those ``items`` selects (a subquery
        returning item ids, with its ``params``)."""
        out: dict[str, list[Evidence]] = {}
        within = f" AND e.item_id IN ({items})" if items else ""
        rows = self.x(
            "SELECT e.item_id, e.article, e.start_char, e.end_char, e.sentence_start,"
            " e.sentence_end, substr(a.text, e.start_char + 1, e.end_char - e.start_char),"
            " e.role FROM evidence e JOIN articles a ON a.id = e.article WHERE e.item_kind = ?"
            f"{within} ORDER BY e.item_id, e.idx",
            (kind, *params),
        )
        for item, article, start, end, s_start, s_end, text, role in rows:
            out.setdefault(item, []).append(
                Evidence(article, start, end, text, s_start, s_end, role)
            )
        return out

    def quotes(
        self,
        *,
        article: str | None = None,
        speakers: Sequence[str] = (),
        contains: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        speech: bool = False,
    ) -> list[Quote]:
        """Quotes in text order per article; ``speakers`` are actor ids, ``contains`` a
        case-insensitive substring of the quote; ``speech``, only speech with a speaker (what
        the lists show by default: ``quotes.kinds.is_listed``). The speaker is the actor of
        the speaker mention where the actors stage has resolved it. A paged call (``limit``,
        ``after`` a quote id) returns quotes in id order."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if speech:
            where.append(
                "q.kind IN ('direct', 'reported') AND (q.speaker IS NOT NULL"
                " OR q.speaker_mention IS NOT NULL OR q.speaker_text IS NOT NULL)"
            )
        if article:
            where.append("q.article = ?")
            params.append(article)
        if speakers:
            marks = ", ".join("?" for _ in speakers)
            where.append(f"COALESCE(q.speaker, m.actor) IN ({marks})")
            params.extend(speakers)
        if contains:
            where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
            escaped = contains.lower().replace("\\", "\\\\").replace("%", "\\%")
            params.append("%" + escaped.replace("_", "\\_") + "%")
        tail = _page("q.id", after, limit, where, params)
        selected = (
            " FROM quotes q LEFT JOIN mentions m ON m.id = q.speaker_mention"
            f" WHERE {' AND '.join(where)}{tail}"
        )
        ev = self._evidence("quote", f"SELECT q.id{selected}", params)
        rows = self.x(
            "SELECT q.id, q.article, q.text, q.cue, COALESCE(q.speaker, m.actor),"
            f" q.speaker_text, q.speaker_mention, q.kind{selected}",
            tuple(params),
        )
        quotes = [
            Quote(
                r[0], r[1], r[2], r[3], r[4], r[5], tuple(ev.get(r[0], ())), r[6], r[7] or "direct"
            )
            for r in rows
        ]
        if limit is not None:
            return quotes
        return sorted(quotes, key=lambda q: (q.article, q.evidence[0].start if q.evidence else 0))

    def _items(
        self,
        kind: str,
        columns: str,
        table: str,
        order: str,
        clauses: list[str],
        params: list[Any],
        after: str | None,
        limit: int | None,
    ) -> tuple[list[Any], dict[str, list[Evidence]]]:
        """Rows of an item table and the evidence of exactly those rows."""
        tail = _page("id", after, limit, clauses, params) or f" ORDER BY {order}"
        selected = f" FROM {table} WHERE {' AND '.join(clauses) or '1 = 1'}{tail}"
        ev = self._evidence(kind, f"SELECT id{selected}", params)
        return self.x(f"SELECT {columns}{selected}", params).fetchall(), ev

    def ties(
        self,
        *,
        actor: str | None = None,
        kind: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Tie]:
        """Ties, by article; ``actor`` (an id) at either end, ``kind`` a tie kind. A paged
        call (``limit``, ``after`` a tie id) returns ties in id order. ``min_confidence`` leaves
        out ties read with less confidence (those read before confidences are kept)."""
        # one actor read twice is no tie; an end whose mentions make no actor (dropped as junk,
        # or deleted by an analyst) leaves the tie out until its mentions make one again
        clauses: list[str] = [
            "source <> target",
            f"source IN ({_ACTOR_IDS})",
            f"target IN ({_ACTOR_IDS})",
        ]
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("(source = ? OR target = ?)")
            params.extend([actor, actor])
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        rows, ev = self._items(
            "tie",
            "id, source, target, kind, negated, date, confidence",
            "ties",
            "article, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Tie(r[0], r[1], r[2], r[3], bool(r[4]), r[5], tuple(ev.get(r[0], ())), confidence=r[6])
            for r in rows
        ]

    def stances(
        self,
        *,
        actor: str | None = None,
        target: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Stance]:
        """Stances, by article; ``actor`` an actor id, ``target`` a target name (any case);
        ``min_confidence`` as for ties. A holder that makes no actor leaves its stances out."""
        clauses: list[str] = [f"actor IN ({_ACTOR_IDS})"]
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("actor = ?")
            params.append(actor)
        if target:
            clauses.append("LOWER(target) = ?")
            params.append(target.lower())
        rows, ev = self._items(
            "stance",
            "id, actor, target, polarity, confidence",
            "stances",
            "article, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Stance(r[0], r[1], r[2], r[3], tuple(ev.get(r[0], ())), confidence=r[4]) for r in rows
        ]

    def events(
        self,
        *,
        actor: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Event]:
        """Dated events in date order; ``actor`` an actor id among the event's actors;
        ``min_confidence`` as for ties."""
        clauses: list[str] = []
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("actors LIKE ?")  # a JSON list of ids: match the quoted id
            params.append(f'%"{actor}"%')
        rows, ev = self._items(
            "event",
            "id, date, text, actors, confidence",
            "events",
            "date, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Event(
                r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(ev.get(r[0], ())), confidence=r[4]
            )
            for r in rows
        ]
