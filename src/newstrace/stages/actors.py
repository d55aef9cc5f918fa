"""actors.v1: the simple canonicalisation of the foundation. Mentions of the same type whose
normalised names are equal ("the League", "League", "League's") become one actor."""

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
    requires = ("mentions",)
    assigns = ("actors",)

    def __call__(self, corpus: Corpus) -> CorpusResult:
        groups: dict[tuple[str, str], list[int]] = {}
        for i, mention in enumerate(corpus.mentions):
            if mention.type in ACTOR_TYPES:
                groups.setdefault((mention.type, mention.norm), []).append(i)
        result = CorpusResult()
        for (kind, norm), members in sorted(groups.items()):
            actor_id = make_id("actor", kind, norm)
            surfaces = Counter(strip_name(corpus.mentions[i].text) for i in members)
            name = max(surfaces, key=lambda s: (surfaces[s], s[:1].isupper(), len(s)))
            result.actors.append(Actor(id=actor_id, name=name, type=kind))
            result.aliases.extend((actor_id, alias, norm) for alias in sorted(surfaces))
            result.assignments.extend((corpus.mentions[i].id, actor_id) for i in members)
        return result


@register("actors.v1")
def make_actors(settings: Settings) -> ActorsStage:
    return ActorsStage()
