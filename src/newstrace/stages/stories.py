"""stories.v1: copies first (translations and republications among each new article's
nearest articles), then online story clustering by event, then the relation of each article
to the story's earlier articles (translation, republication or independent report), with its
evidence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Literal

import numpy as np

from ..ids import make_id
from ..model import Article, Story, StoryRelation
from ..settings import Settings, StoriesSettings
from ..stories.cluster import ClusterItem, cluster
from ..stories.copies import find_copies
from ..stories.incremental import StoryLookup, place_new
from ..stories.items import cluster_items, placed_row
from ..stories.reposts import ArticleView, PairVerdict, article_view, classify_pair
from .base import Corpus, CorpusResult, register

CANDIDATES = 5  # earlier articles a new member is compared with (the most similar ones)


def story_title(article: Article) -> str:
    return article.heading


class StoriesStage:
    name = "stories"
    version = 1
    scope: Literal["corpus"] = "corpus"
    requires: tuple[str, ...] = ("embedding", "actors")
    assigns: tuple[str, ...] = ("stories",)

    def __init__(self, params: StoriesSettings) -> None:
        self.params = params

    def __call__(self, corpus: Corpus) -> CorpusResult:
        articles = {a.id: a for a in corpus.articles if a.id in corpus.embeddings}
        order = {a.id: i for i, a in enumerate(corpus.articles)}
        items = sorted(
            cluster_items(articles.values(), corpus.mentions, corpus.embeddings),
            key=lambda it: order[it.article],  # as they arrived: stable across re-runs
        )
        views: dict[str, ArticleView] = {}

        def view_of(aid: str) -> ArticleView:
            if aid not in views:
                views[aid] = self.view(articles[aid], corpus, order)
            return views[aid]

        copies = find_copies(
            [it.article for it in items],
            np.stack([np.asarray(it.vector, dtype=np.float32) for it in items])
            if items
            else np.zeros((0, 1), dtype=np.float32),
            {it.article for it in items if it.article not in corpus.stories},
            view_of,
            self.params,
        )
        assignment = cluster(
            items, corpus.stories, lambda it: make_id("story", it.article), self.params, copies
        )
        stories = self.changed_stories(items, corpus.stories, assignment, view_of, articles, copies)
        return CorpusResult(stories=stories, placed=[placed_row(it) for it in items])

    def update(self, index: StoryLookup) -> CorpusResult | None:
        """Place the articles not yet placed among their candidate stories only (see
        stories/incremental.py); None when the store has no index yet (a full pass makes it)."""
        return place_new(self, index)

    def changed_stories(
        self,
        items: list[ClusterItem],
        existing: dict[str, str],
        assignment: dict[str, str],
        view_of: Callable[[str], ArticleView],
        articles: dict[str, Article],
        copies: dict[str, set[str]],
        kept: Mapping[str, Mapping[str, StoryRelation]] | None = None,
    ) -> list[Story]:
        """The stories that gained members, rebuilt from all their members (in ``items``);
        ``kept`` (story -> member -> its stored relation) holds the relations that stay as
        they are (of members that all earlier members were already stored with)."""
        members: dict[str, list[str]] = {}
        for item in items:
            members.setdefault(assignment[item.article], []).append(item.article)
        changed = {s for a, s in assignment.items() if existing.get(a) != s}
        return [
            self.build_story(
                key, [view_of(a) for a in members[key]], articles, copies, (kept or {}).get(key)
            )
            for key in sorted(changed)
        ]

    def build_story(
        self,
        key: str,
        views: list[ArticleView],
        articles: dict[str, Article],
        copies: dict[str, set[str]],
        kept: Mapping[str, StoryRelation] | None = None,
    ) -> Story:
        days = [v.day for v in views if v.day]
        relations = [
            (kept or {}).get(views[k].id)
            or self.relate(views[k], views[:k], copies.get(views[k].id, set()))
            for k in range(1, len(views))
        ]
        return Story(
            id=key,
            title=story_title(articles[views[0].id]),
            articles=tuple(v.id for v in views),
            relations=tuple(relations),
            first_date=min(days).isoformat() if days else None,
            last_date=max(days).isoformat() if days else None,
        )

    def view(self, article: Article, corpus: Corpus, order: dict[str, int]) -> ArticleView:
        sentences = corpus.sentences(article.id) if corpus.sentences else []
        vectors = corpus.embeddings[article.id].sentences
        return article_view(article, vectors, sentences, order[article.id])

    def relate(
        self, view: ArticleView, earlier: list[ArticleView], copied: AbstractSet[str] = frozenset()
    ) -> StoryRelation:
        """The relation of ``view`` to its earlier story-mates: the strongest copy relation
        among the most similar ones and those found to be its copies before clustering, else
        an independent report beside the most similar."""
        own = np.asarray(view.vectors).mean(axis=0) if len(view.vectors) else None
        if own is not None and len(earlier) > CANDIDATES:
            scores = [
                float(own @ np.asarray(e.vectors).mean(axis=0)) if len(e.vectors) else -1.0
                for e in earlier
            ]
            top = {int(i) for i in np.argsort(scores)[::-1][:CANDIDATES]}
            earlier = [e for i, e in enumerate(earlier) if i in top or e.id in copied]
        verdicts: list[tuple[PairVerdict, ArticleView, ArticleView]] = []
        for other in earlier:
            verdict = classify_pair(other, view, self.params)
            source, copy = (other, view) if verdict.source == other.id else (view, other)
            verdicts.append((verdict, source, copy))
        copies = [v for v in verdicts if v[0].kind != "independent"]
        pool = copies or verdicts
        verdict, source, copy = max(pool, key=lambda v: (v[0].share, v[0].minhash or 0.0))
        return StoryRelation(
            article=copy.id,
            source_article=source.id,
            kind=verdict.kind,  # type: ignore[arg-type]
            score=round(verdict.share, 3),
            evidence=verdict.evidence(source, copy),
        )


@register("stories.v1")
def make_stories(settings: Settings) -> StoriesStage:
    return StoriesStage(settings.stories)
