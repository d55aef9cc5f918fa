"""Stories and their members."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import (
    Story,
    StoryRelation,
)
from .core import SQLCore
from .rows import _page


class StoryRecords(SQLCore):
    """Stories and their members."""

    def story_membership(self) -> dict[str, str]:
        return {a: s for s, a in self.x("SELECT story, article FROM story_articles")}

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Write changed stories: their row, new members, and their relations (replaced)."""
        with self.transaction():
            for story in stories:
                self.x(
                    "INSERT INTO stories (id, title, first_date, last_date) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
                    " first_date = excluded.first_date, last_date = excluded.last_date",
                    (story.id, story.title, story.first_date, story.last_date),
                )
                self.xm(
                    "INSERT INTO story_articles (story, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(story.id, a) for a in story.articles],
                )
                self.x("DELETE FROM story_relations WHERE story = ?", (story.id,))
                self.xm(
                    "INSERT INTO story_relations (story, article, source_article, kind, score,"
                    " evidence) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            story.id,
                            r.article,
                            r.source_article,
                            r.kind,
                            r.score,
                            json.dumps(r.evidence or {}),
                        )
                        for r in story.relations
                    ],
                )

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to, if the stories stage has placed it."""
        row = self.x("SELECT story FROM story_articles WHERE article = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def stories(
        self,
        *,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Story]:
        """Stories in id order (``ids`` only, or ``after`` an id, at most ``limit``)."""
        if ids is not None and not ids:
            return []
        clauses: list[str] = []
        params: list[Any] = []
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("id", after, limit, clauses, params) or " ORDER BY id"
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.x(
            f"SELECT id, title, first_date, last_date FROM stories{where}{tail}", params
        ).fetchall()
        # members and relations of the selected stories only (of all, for the whole list)
        selected = [r[0] for r in rows] if clauses or limit is not None else None
        within, within_params = "", []
        if selected is not None:
            if not selected:
                return []
            within = f" WHERE {{}} IN ({','.join('?' * len(selected))})"
            within_params = selected
        members: dict[str, list[str]] = {}
        for story, article in self.x(
            "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article"
            + within.format("sa.story")
            + " ORDER BY a.seq",
            within_params,
        ):
            members.setdefault(story, []).append(article)
        relations: dict[str, list[StoryRelation]] = {}
        for story, article, source, kind, score, evidence in self.x(
            "SELECT story, article, source_article, kind, score, evidence FROM story_relations"
            + within.format("story")
            + " ORDER BY story, article",
            within_params,
        ):
            relations.setdefault(story, []).append(
                StoryRelation(article, source, kind, score, json.loads(evidence or "{}"))
            )
        return [
            Story(
                r[0], r[1], tuple(members.get(r[0], ())), tuple(relations.get(r[0], ())), r[2], r[3]
            )
            for r in rows
        ]
