"""Actors that grow with what is new: the mentions of the articles not yet resolved are
resolved against the stored actors by their keys, instead of re-resolving every mention of
the store.

Each new article's mentions are grouped within the article (``within_article``: surnames,
titles, the knowledge base), and each such article-level actor joins

- the stored actor of its knowledge-base entry, if there is one;
- else the one stored actor whose aliases carry one of its name keys (the same names
  written the same way, or merged by an analyst);
- else it is resolved with the other unmatched ones across the new articles
  (``across_articles``: token, transliteration, acronym and surname keys, corrections, the
  junk rules), making new actors.

What only the full pass gives: a stored actor's name and type are not re-voted with the new
mentions; a new name joins a stored actor only by the keys above (a new transliteration, a
new acronym or a lone surname first met now makes its own actor, or is left out as the
junk rules say), and two stored actors a new article shows to be one stay two. ``analyze
--rebuild`` (and every analyst correction) runs the full pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from ..ids import make_id
from ..kb import KnowledgeBase
from ..model import Actor, Article, Mention
from ..text import name_key, strip_name
from .affiliations import BODY_KEYS, article_ties, bodies_of
from .resolve import Correction, Local, across_articles, within_article

if TYPE_CHECKING:
    from ..stages.base import CorpusResult


class ActorLookup(Protocol):
    def resolved_count(self) -> int: ...
    def unresolved(self) -> list[str]: ...
    def articles(self, ids: Sequence[str]) -> list[Article]: ...
    def mentions(self, ids: Sequence[str]) -> list[Mention]: ...
    def corrections(self) -> list[tuple[str, str, str, str | None]]: ...
    def actors_by_id(self, ids: Iterable[str]) -> dict[str, Actor]: ...
    def actors_by_key(self, keys: Iterable[str]) -> dict[str, set[str]]: ...
    def parties(self) -> dict[str, set[str]]: ...


def resolve_new(kb: KnowledgeBase, index: ActorLookup) -> CorpusResult | None:
    """Actors, aliases, assignments and role ties for the unresolved articles' mentions (a
    partial result: added to the stored ones); None when nothing was resolved before (the
    full pass runs)."""
    from ..stages.base import CorpusResult

    if not index.resolved_count():
        return None
    new = index.unresolved()
    result = CorpusResult(actors=[], ties=[], partial=True, resolved=new)
    if not new:
        return result
    articles = {a.id: a for a in index.articles(new)}
    by_article: dict[str, list[Mention]] = {a: [] for a in new}
    for m in index.mentions(new):
        by_article[m.article].append(m)
    locals_: list[Local] = []
    for aid, mentions in by_article.items():
        if mentions:
            article = articles[aid]
            locals_.extend(within_article(aid, article.text, mentions, kb, article.language))
    kb_ids = {make_id("actor", f"kb:{x.kb.id}"): x.kb.id for x in locals_ if x.kb is not None}
    stored = index.actors_by_id(kb_ids)
    by_key = index.actors_by_key({k for x in locals_ for k in x.names()})
    actor_of: dict[str, str] = {}
    unmatched: list[Local] = []
    for local in locals_:
        match = stored_actor(local, stored, by_key)
        if match is None:
            unmatched.append(local)
            continue
        for m in local.mentions:
            actor_of[m.id] = match
            result.aliases.append((match, strip_name(m.text), name_key(m.text)))
    corrections = [Correction(kind, a, b, surface) for kind, a, b, surface in index.corrections()]
    outlets = {name_key(a.outlet) for a in articles.values() if a.outlet}
    resolution = across_articles(unmatched, kb, corrections, outlets)
    assert result.actors is not None and result.ties is not None
    result.actors.extend(resolution.actors)
    result.aliases.extend(resolution.aliases)
    actor_of.update(resolution.assignments)
    result.assignments.extend(sorted(actor_of.items()))
    type_of = {a.id: a.type for a in resolution.actors}
    type_of.update((a.id, a.type) for a in index.actors_by_id(set(actor_of.values())).values())
    # the bodies a title names: the new actors, the stored ones the new mentions joined, the
    # stored legislatures and departments, and every stored party
    stored_keys: dict[str, set[str]] = {}
    for key, ids in index.actors_by_key(BODY_KEYS).items():
        for actor_id in ids:
            stored_keys.setdefault(actor_id, set()).add(key)
    parties = index.parties()
    for actor_id, keys in parties.items():
        stored_keys.setdefault(actor_id, set()).update(keys)
    bodies = bodies_of(resolution, stored_keys, parties)
    for aid, mentions in by_article.items():
        text = articles[aid].text
        result.ties.extend(
            (aid, t) for t in article_ties(aid, text, mentions, actor_of, type_of, bodies)
        )
    return result


def stored_actor(local: Local, stored: dict[str, Actor], by_key: dict[str, set[str]]) -> str | None:
    """The stored actor an article-level actor is: its knowledge-base entry's, else (no entry,
    or its entry's actor merged away) the only one its name keys lead to."""
    if local.kb is not None:
        actor_id = make_id("actor", f"kb:{local.kb.id}")
        if actor_id in stored:
            return actor_id
        # its entry's actor was merged into another by an analyst: the name leads there
    if local.type == "unnamed_source":
        return None
    found = set().union(*(by_key.get(k, set()) for k in local.names()))
    return next(iter(found)) if len(found) == 1 else None
