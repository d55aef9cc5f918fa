"""Analyst control over actors: find one by name, merge, split, add an alias, and re-run the
actors stage so the correction shows at once. Corrections are stored on name keys
(``actor_corrections``) and applied by the actors stage on every run."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound
from ..model import Actor, Mention, Tie
from ..settings import Settings
from ..store import Store
from ..text import name_key
from .roles import TIE_KINDS


class ActorNotFound(NotFound):
    code = "NT320"


class AmbiguousActor(ActorNotFound):
    """A name that several actors answer to; ``candidates`` lists them."""

    code = "NT321"

    def __init__(self, message: str, candidates: list[Actor]) -> None:
        super().__init__(message)
        self.candidates = candidates


def find_actor(store: Store, name: str) -> Actor:
    """The actor whose id, name or alias is ``name`` (case, quotes and 'the' ignored); else
    the one fuzzy match; else an error listing the candidates."""
    actors = store.actors()
    key = name_key(name)
    exact = [a for a in actors if a.id == name or (a.id.startswith(name) and len(name) >= 6)]
    exact = exact or [
        a for a in actors if name_key(a.name) == key or key in {name_key(x) for x in a.aliases}
    ]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [a for a, score in store.find_actors(name) if score >= 0.5]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ActorNotFound(f"no actor named {name!r}; try `newstrace actors list`")
    listed = ", ".join(f"{a.name} ({a.id[:10]})" for a in candidates[:8])
    raise AmbiguousActor(
        f"{name!r} names several actors: {listed}; give the id instead", candidates
    )


def rerun_actors(store: Store, settings: Settings) -> None:
    """Run the configured actors stage again over the stored mentions."""
    from ..pipeline import run_corpus_stages
    from ..stages.base import build_stages

    stages = build_stages(settings.pipeline.stages, settings)  # models load lazily, unused here
    run_corpus_stages(store, [s for s in stages if s.name == "actors"])  # type: ignore[misc]


def merge(store: Store, settings: Settings, a: str, b: str) -> Actor:
    first, second = find_actor(store, a), find_actor(store, b)
    if first.id == second.id:
        return first
    store.add_correction("merge", name_key(first.name), name_key(second.name))
    rerun_actors(store, settings)
    return find_actor(store, first.name)


def split(store: Store, settings: Settings, actor: str, alias: str) -> Actor:
    """Names written as ``alias`` leave ``actor`` and become an actor of their own."""
    found = find_actor(store, actor)
    if name_key(alias) not in {name_key(x) for x in found.aliases}:
        raise ActorNotFound(f"{found.name} has no alias {alias!r}; its aliases: {found.aliases}")
    store.add_correction("split", name_key(found.name), name_key(alias))
    rerun_actors(store, settings)
    return find_actor(store, found.name)


def add_alias(store: Store, settings: Settings, actor: str, alias: str) -> Actor:
    found = find_actor(store, actor)
    store.add_correction("alias", name_key(found.name), name_key(alias), alias)
    rerun_actors(store, settings)
    return find_actor(store, found.name)


@dataclass(slots=True)
class ActorDetail:
    actor: Actor
    ties: list[Tie]  # every tie with the actor at either end
    names: dict[str, str]  # actor id -> name, for the other end of each tie
    mentions: list[Mention]
    texts: dict[str, str]  # article id -> text, for evidence sentences

    @property
    def roles(self) -> list[tuple[Tie, str]]:
        """Role ties (leader_of, member_of, ...) and the other actor's name."""
        return [
            (t, self.names.get(t.target if t.source == self.actor.id else t.source, "?"))
            for t in self.ties
            if t.kind in TIE_KINDS
        ]


def detail(store: Store, actor: Actor) -> ActorDetail:
    ties = store.ties(actor=actor.id)
    others = sorted({t.target if t.source == actor.id else t.source for t in ties})
    names = {a.id: a.name for a in store.actors(ids=others)}
    mentions = store.mentions(actor=actor.id)
    texts = {a.id: a.text for a in store.articles(ids=list(actor.articles))}
    return ActorDetail(actor, ties, names, mentions, texts)
