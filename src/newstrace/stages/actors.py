"""actors.v1: the simple canonicalisation of the foundation. Mentions whose normalised names
are equal ("the League", "League", "League's") become one actor; its type is the one most of
its mentions suggest (the recogniser may call one name ORG here and GPE there)."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from ..ids import make_id
from ..model import Actor
from ..settings import Settings
from ..text import strip_name
from .base import Corpus, CorpusResult, register

# Mention types that make actors; NORP, events, laws and works stay mentions only.
ACTOR_TYPES = frozenset({"person", "organization", "place", "party", "state"})


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


@register("actors.v1")
def make_actors(settings: Settings) -> ActorsStage:
    return ActorsStage()
