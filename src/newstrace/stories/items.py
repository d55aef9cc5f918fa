"""What story clustering reads of each article (a ClusterItem), and what the corpus index
records of each placed article: shared by the full pass and the incremental one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Article, Embedding, Mention
from .cluster import ClusterItem, event_actors
from .reposts import day_of

LEAD_CHARS = 3000  # of an article's text where its event anchors are read

# (article, day ordinal or None, its (anchor, in headline and lead) pairs)
PlacedRow = tuple[str, int | None, tuple[tuple[str, bool], ...]]


def cluster_items(
    articles: Iterable[Article], mentions: Iterable[Mention], embeddings: Mapping[str, Embedding]
) -> list[ClusterItem]:
    """What clustering compares of each article: its embedding, its title and lead, the
    actors it names (those that are places marked: cluster.event_actors) and the names in its
    lead."""
    mentions = list(mentions)
    actors, places = event_actors(mentions)
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "unnamed_source":  # "a source" is no shared actor, and no name
            continue
        if m.start < LEAD_CHARS:
            names.setdefault(m.article, set()).add(m.text)
    return [
        ClusterItem(
            a.id,
            embeddings[a.id].article,
            f"{a.title or ''}\n{a.text[:LEAD_CHARS]}",
            frozenset(actors.get(a.id, ())),
            day_of(a.published),
            a.language,
            frozenset(names.get(a.id, ())),
            frozenset(actors.get(a.id, set()) & places),
        )
        for a in articles
    ]


def placed_row(item: ClusterItem) -> PlacedRow:
    """What the corpus index records of a placed article: its day and its anchors, with
    those of its headline and lead marked."""
    anchors = item.anchors()
    lead = item.key_anchors()
    return (
        item.article,
        item.day.toordinal() if item.day else None,
        tuple((a, a in lead) for a in sorted(anchors)),
    )
