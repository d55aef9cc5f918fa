"""Actor stages (corpus scope).

actors.v1: the foundation's simple canonicalisation. Mentions whose normalised names are equal
("the League", "League", "League's") become one actor of the type most of its mentions suggest.

actors.v2: canonical actors across articles and languages with the knowledge base, surname and
garble resolution, token-set, transliteration and acronym matching, analyst corrections, and
the ties that roles written next to names express (see newstrace.actors)."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from ..actors.affiliations import article_ties, bodies_of
from ..actors.incremental import ActorLookup, resolve_new
from ..actors.resolve import ACTOR_TYPES, Correction, across_articles, within_article
from ..ids import make_id
from ..kb import load_kb
from ..model import Actor, Mention, Tie
from ..settings import Settings
from ..text import name_key, strip_name
from .base import Corpus, CorpusResult, register


class ActorsStage:
    name = "actors"
    version = 1
    scope: Literal["corpus"] = "corpus"
    requires: tuple[str, ...] = ("mentions",)
    assigns: tuple[str, ...] = ("actors",)

    def __call__(self, corpus: Corpus) -> CorpusResult:
        groups: dict[str, list[int]] = {}
        for i, mention in enumerate(corpus.mentions):
            if mention.type in ACTOR_TYPES:
                groups.setdefault(mention.norm, []).append(i)
        result = CorpusResult(actors=[])
        assert result.actors is not None
        for norm, members in sorted(groups.items()):
            types = Counter(corpus.mentions[i].type for i in members)
            kind = max(types, key=lambda t: (types[t], t))
            actor_id = make_id("actor", norm)
            surfaces = Counter(strip_name(corpus.mentions[i].text) for i in members)
            name = max(surfaces, key=lambda s: (surfaces[s], s[:1].isupper(), len(s)))
            result.actors.append(Actor(id=actor_id, name=name, type=kind))
            result.aliases.extend((actor_id, alias, norm) for alias in sorted(surfaces))
            result.assignments.extend((corpus.mentions[i].id, actor_id) for i in members)
        return result


class CanonicalActorsStage:
    name = "actors"
    version = 2
    scope: Literal["corpus"] = "corpus"
    requires: tuple[str, ...] = ("mentions",)
    assigns: tuple[str, ...] = ("actors", "ties")

    def __init__(self, kb_files: tuple[str, ...] = ()) -> None:
        self.kb_files = kb_files

    def __call__(self, corpus: Corpus) -> CorpusResult:
        kb = load_kb(self.kb_files)
        by_article: dict[str, list[Mention]] = {}
        for m in corpus.mentions:
            by_article.setdefault(m.article, []).append(m)
        texts = {a.id: a.text for a in corpus.articles}
        languages = {a.id: a.language for a in corpus.articles}
        locals_ = []
        for article, mentions in by_article.items():
            text, language = texts.get(article, ""), languages.get(article)
            locals_.extend(within_article(article, text, mentions, kb, language))
        corrections = [
            Correction(kind, a, b, surface) for kind, a, b, surface in corpus.corrections
        ]
        outlets = {name_key(a.outlet) for a in corpus.articles if a.outlet}
        resolution = across_articles(locals_, kb, corrections, outlets)
        aliases = list(resolution.aliases)
        actor_of = dict(resolution.assignments)
        type_of = {a.id: a.type for a in resolution.actors}
        keys: dict[str, str] = {}
        for actor_id, _alias, key in aliases:
            keys.setdefault(key, actor_id)
        for kind, a, b, surface in corpus.corrections:
            if kind == "alias" and a in keys and surface:
                aliases.append((keys[a], surface, b))
        ties: list[tuple[str, Tie]] = []
        bodies = bodies_of(resolution)
        for article, mentions in by_article.items():
            text = texts.get(article, "")
            ties.extend(
                (article, t)
                for t in article_ties(article, text, mentions, actor_of, type_of, bodies)
            )
        return CorpusResult(
            actors=resolution.actors,
            aliases=aliases,
            assignments=resolution.assignments,
            ties=ties,
        )

    def update(self, index: ActorLookup) -> CorpusResult | None:
        """Resolve the mentions of the articles not yet resolved against the stored actors
        (actors/incremental.py); None when nothing was resolved before."""
        return resolve_new(load_kb(self.kb_files), index)


@register("actors.v1")
def make_actors(settings: Settings) -> ActorsStage:
    return ActorsStage()


@register("actors.v2")
def make_canonical_actors(settings: Settings) -> CanonicalActorsStage:
    return CanonicalActorsStage(tuple(settings.actors.kb_files))
