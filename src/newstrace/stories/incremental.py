"""Stories that grow with what is new: the articles not yet placed are clustered with their
candidate stories only, not with the whole store.

A new article can join a story only through a member that gives the evidence in time (shared
anchors worth ``min_evidence`` of IDF, within ``window_days`` or undated) or through a copy
(stories/cluster.py). So its candidates are found by lookups, not by an n x n matrix:

- the placed articles that share one of its anchors, published within the window (the
  anchor and day indexes of store/corpus_index.py), kept where the shared anchors reach
  ``min_evidence`` with the IDF of the whole corpus;
- its copies among its ``COPY_CANDIDATES`` nearest articles by embedding at or above
  ``copy_cosine`` (pgvector's index where the store has it, else the cells of
  store/vector_index.py: only the article vectors of the cells near it are read).

The stories of the candidates are loaded whole (a story's mean similarity counts every
member), and ``cluster`` runs on them and the new articles with the anchor and actor IDF of
the whole corpus (``IdfCounts``). The result is the full pass's: the same candidates give the
evidence and the same weights; a story that none of them belongs to could not be joined.
Only the stories that gain members are rebuilt and saved. What it costs grows with the new
articles and their neighbourhood (the window's articles that share an anchor), not with the
store (the vector cells read grow about as the square root of the store).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..ids import make_id
from ..model import Article, Embedding, Mention, Sentence, StoryRelation
from ..settings import StoriesSettings
from .cluster import IDF_MIN_DOCS, ClusterItem, IdfCounts, cluster
from .copies import COPY_CANDIDATES, verify_copies
from .items import cluster_items, placed_row
from .reposts import ArticleView, article_view

if TYPE_CHECKING:
    from ..stages.base import CorpusResult
    from ..stages.stories import StoriesStage

log = logging.getLogger(__name__)
SLACK = 1e-3  # candidates within this of min_evidence are kept: clustering decides


class StoryLookup(Protocol):
    """The lookups the incremental pass needs (store/corpus_index.py answers them)."""

    def placed_count(self) -> int: ...
    def stale_placed(self) -> int: ...
    def unplaced(self) -> list[str]: ...
    def articles(self, ids: Sequence[str]) -> list[Article]: ...
    def seqs(self, ids: Sequence[str]) -> dict[str, int]: ...
    def embeddings(self, ids: Sequence[str]) -> dict[str, Embedding]: ...
    def mentions(self, ids: Sequence[str]) -> list[Mention]: ...
    def sentences(self, article_id: str) -> list[Sentence]: ...
    def embedded_count(self) -> int: ...
    def anchor_counts(self, anchors: Iterable[str]) -> dict[str, int]: ...
    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]: ...
    def sharing(
        self, anchors: Iterable[str], days: tuple[int, int] | None
    ) -> list[tuple[str, str, int | None]]: ...
    def stories_of(self, ids: Sequence[str]) -> dict[str, str]: ...
    def members(self, stories: Sequence[str]) -> dict[str, str]: ...
    def stored_relations(self, stories: Sequence[str]) -> dict[str, list[StoryRelation]]: ...
    def nearest(
        self, queries: dict[str, np.ndarray], k: int, floor: float | None = None
    ) -> dict[str, list[tuple[str, float]]]: ...


def place_new(stage: StoriesStage, index: StoryLookup) -> CorpusResult | None:
    """The stories the unplaced articles join or start, with the corpus index rows of those
    articles; None when the index is missing or out of step (the full pass rebuilds it)."""
    from ..stages.base import CorpusResult

    if not index.placed_count() or index.stale_placed():
        return None
    new = index.unplaced()
    if not new:
        return CorpusResult(stories=[], placed=[], partial=True)
    params: StoriesSettings = stage.params
    loaded = Loaded(index)
    loaded.load(new)
    new_items = {it.article: it for it in loaded.items(new)}
    anchors = {a: it.anchors() for a, it in new_items.items()}
    total = index.embedded_count()
    df = index.anchor_counts(set().union(*anchors.values()))
    for keys in anchors.values():
        for key in keys:
            df[key] = df.get(key, 0) + 1
    idf = {k: math.log(max(total, IDF_MIN_DOCS) / n) for k, n in df.items()}

    candidates = evidence_candidates(new_items, anchors, idf, index, params)
    views: dict[str, ArticleView] = {}

    def view_of(aid: str) -> ArticleView:
        if aid not in views:
            loaded.load([aid])
            views[aid] = loaded.view(aid, index)
        return views[aid]

    nearest = index.nearest(
        {a: np.asarray(it.vector, dtype=np.float32) for a, it in new_items.items()},
        COPY_CANDIDATES,
        stage.params.copy_cosine,
    )
    copies = verify_copies(new, nearest, view_of, stage.params)
    for a in new:
        candidates |= copies.get(a, set())
    candidates -= set(new_items)
    stories = sorted(set(index.stories_of(sorted(candidates)).values()))
    existing = index.members(stories)
    loaded.load(sorted(existing))
    ids = sorted([*existing, *new], key=lambda a: loaded.seq[a])
    items = loaded.items(ids)
    # the candidates' other anchors, counted in the index (the new articles are not in it yet)
    others = {k for it in items if it.article not in new_items for k in it.anchors()} - set(df)
    df.update(index.anchor_counts(others))
    actor_df = index.actor_counts(set().union(*(it.actors for it in items)))
    assignment = cluster(
        items,
        existing,
        lambda it: make_id("story", it.article),
        params,
        copies,
        counts=(IdfCounts(total, df), IdfCounts(total, actor_df)),
    )
    log.info(
        "stories: %d new articles, %d candidates, %d candidate stories, %d items clustered",
        len(new),
        len(candidates),
        len(stories),
        len(items),
    )
    kept = kept_relations(index, items, existing, assignment, loaded.seq)
    changed = stage.changed_stories(
        items, existing, assignment, view_of, loaded.articles, copies, kept
    )
    return CorpusResult(
        stories=changed, placed=[placed_row(new_items[a]) for a in new], partial=True
    )


def kept_relations(
    index: StoryLookup,
    items: Sequence[ClusterItem],
    existing: dict[str, str],
    assignment: dict[str, str],
    seq: dict[str, int],
) -> dict[str, dict[str, StoryRelation]]:
    """For each stored story that gains members: the stored relations of the members that
    come before its first new one (a relation reads only the members before it, so theirs
    stay as they are), by member (the later article of the pair)."""
    first_new: dict[str, int] = {}
    stored = set(existing.values())
    for it in items:
        story = assignment[it.article]
        if existing.get(it.article) != story and story in stored:
            first_new[story] = min(first_new.get(story, seq[it.article]), seq[it.article])
    out: dict[str, dict[str, StoryRelation]] = {}
    for story, relations in index.stored_relations(sorted(first_new)).items():
        for r in relations:
            later = max(r.article, r.source_article, key=lambda a: seq.get(a, -1))
            if later in seq and seq[later] < first_new[story]:
                out.setdefault(story, {})[later] = r
    return out


def evidence_candidates(
    new_items: dict[str, ClusterItem],
    anchors: dict[str, set[str]],
    idf: dict[str, float],
    index: StoryLookup,
    params: StoriesSettings,
) -> set[str]:
    """The placed articles that give a new article the evidence in time: shared anchors
    worth ``min_evidence`` of IDF, and both undated or at most ``window_days`` apart."""
    days = [it.day.toordinal() for it in new_items.values() if it.day]
    span = (
        (min(days) - params.window_days, max(days) + params.window_days)
        if len(days) == len(new_items)
        else None  # an undated new article is in time with every day
    )
    postings: dict[str, list[tuple[str, int | None]]] = {}
    for article, anchor, day in index.sharing(set().union(*anchors.values()), span):
        postings.setdefault(anchor, []).append((article, day))
    found: set[str] = set()
    for a, item in new_items.items():
        day = item.day.toordinal() if item.day else None
        mass: dict[str, float] = {}
        for key in anchors[a]:
            for other, other_day in postings.get(key, ()):
                if day is None or other_day is None or abs(day - other_day) <= params.window_days:
                    mass[other] = mass.get(other, 0.0) + idf[key]
        found.update(o for o, m in mass.items() if m >= params.min_evidence - SLACK)
    return found


class Loaded:
    """Articles, mentions and embeddings read from the index as they are needed."""

    def __init__(self, index: StoryLookup) -> None:
        self.index = index
        self.articles: dict[str, Article] = {}
        self.embeddings: dict[str, Embedding] = {}
        self.mentions: dict[str, list[Mention]] = {}
        self.seq: dict[str, int] = {}

    def load(self, ids: Sequence[str]) -> None:
        wanted = [a for a in ids if a not in self.articles]
        if not wanted:
            return
        self.articles.update((a.id, a) for a in self.index.articles(wanted))
        self.embeddings.update(self.index.embeddings(wanted))
        self.seq.update(self.index.seqs(wanted))
        for a in wanted:
            self.mentions[a] = []
        for m in self.index.mentions(wanted):
            self.mentions[m.article].append(m)

    def items(self, ids: Sequence[str]) -> list[ClusterItem]:
        return cluster_items(
            [self.articles[a] for a in ids],
            [m for a in ids for m in self.mentions[a]],
            self.embeddings,
        )

    def view(self, aid: str, index: StoryLookup) -> ArticleView:
        vectors = self.embeddings[aid].sentences
        return article_view(self.articles[aid], vectors, index.sentences(aid), self.seq[aid])
