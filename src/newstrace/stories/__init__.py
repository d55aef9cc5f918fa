"""Stories: clustering articles about one event, tracing reposts and translations, comparing
outlets claim by claim."""

from __future__ import annotations

from typing import Any

from ..model import Mention, Quote, Story, StoryRelation
from ..settings import StoriesSettings
from ..store import Store
from .compare import compare_articles
from .reposts import ArticleView, article_view

__all__ = ["compare_story", "repost_relations", "story_views"]


def story_views(store: Store, story: Story) -> list[ArticleView]:
    embeddings = store.embeddings(list(story.articles))
    articles = {a.id: a for a in store.articles(ids=list(story.articles))}
    return [
        article_view(articles[aid], embeddings[aid].sentences, store.sentences(aid), i)
        for i, aid in enumerate(story.articles)
        if aid in embeddings and aid in articles
    ]


def compare_story(
    store: Store,
    story: Story,
    settings: StoriesSettings,
    *,
    mentions: dict[str, list[Mention]] | None = None,
    quotes: dict[str, list[Quote]] | None = None,
) -> dict[str, Any]:
    """The outlet comparison of one story (see ``compare``)."""
    views = story_views(store, story)
    articles = store.articles(ids=list(story.articles))
    outlets = {a.id: a.outlet or a.heading for a in articles}
    titles = {a.id: a.title for a in articles}
    if mentions is None:
        mentions = {aid: store.mentions(article=aid) for aid in story.articles}
    if quotes is None:
        quotes = {}
        for q in store.quotes():
            quotes.setdefault(q.article, []).append(q)
    return compare_articles(
        views,
        outlets,
        mentions,
        quotes,
        settings,
        titles=titles,
    )


def repost_relations(
    store: Store, of: str | None = None, *, independent: bool = False
) -> list[tuple[Story, StoryRelation]]:
    """Translations and republications with their story: only those of the article whose id
    starts with ``of`` (as copy or source) when given; independent reports too when
    ``independent`` (or ``of``) is set."""
    return [
        (s, r)
        for s in store.stories()
        for r in s.relations
        if (independent or of or r.kind != "independent")
        and (of is None or r.article.startswith(of) or r.source_article.startswith(of))
    ]
