"""Analyst control over actors: find one by name, merge, split, add an alias, rename, retype
and delete (a false actor), and re-run the actors stage so the correction shows at once.
Corrections are stored on name keys (``actor_corrections``) and applied by the actors stage on
every run, so they survive re-analysis and new stage versions."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NewstraceError, NotFound
from ..model import Actor, Mention, Tie
from ..settings import Settings
from ..store import Store
from ..text import name_key
from .resolve import ACTOR_TYPES
from .roles import TIE_KINDS


class ActorNotFound(NotFound):
    code = "NT320"


class BadCorrection(NewstraceError):
    """A correction that cannot apply: an unknown type, an empty name."""

    code = "NT321"


def anchor_key(actor: Actor) -> str:
    """The name key a correction to ``actor`` is stored on: its name's key when its mentions
    are written that way, else the key of one of its aliases. (A knowledge-base name or an
    analyst's new name may be written nowhere; the actors stage matches corrections against
    the names its mentions carry.)"""
    keys = sorted({name_key(x) for x in actor.aliases} - {""})
    key = name_key(actor.name)
    return key if key in keys or not keys else keys[0]


class AmbiguousActor(ActorNotFound):
    """A name that several actors answer to; ``candidates`` lists them."""

    code = "NT322"

    def __init__(self, message: str, candidates: list[Actor]) -> None:
        super().__init__(message)
        self.candidates = candidates


def find_actor(store: Store, name: str) -> Actor:
    """The actor whose id, name or else alias is ``name`` (case, quotes and 'the' ignored);
    else the one fuzzy match; else an error listing the candidates."""
    actors = store.actors()
    key = name_key(name)
    exact = [a for a in actors if a.id == name or (a.id.startswith(name) and len(name) >= 6)]
    # an actor's own name before another's alias: "Moscow" the city, not Russia ("Moscow said")
    exact = exact or [a for a in actors if name_key(a.name) == key]
    exact = exact or [a for a in actors if key in {name_key(x) for x in a.aliases}]
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
    actors = [s for s in stages if s.name == "actors"]
    run_corpus_stages(store, actors, rebuild=True)  # type: ignore[arg-type]


def merge(store: Store, settings: Settings, a: str, b: str) -> Actor:
    first, second = find_actor(store, a), find_actor(store, b)
    if first.id == second.id:
        return first
    store.add_correction("merge", anchor_key(first), anchor_key(second))
    rerun_actors(store, settings)
    return find_actor(store, first.name)


def split(store: Store, settings: Settings, actor: str, alias: str) -> Actor:
    """Names written as ``alias`` leave ``actor`` and become an actor of their own."""
    found = find_actor(store, actor)
    if name_key(alias) not in {name_key(x) for x in found.aliases}:
        raise ActorNotFound(f"{found.name} has no alias {alias!r}; its aliases: {found.aliases}")
    store.add_correction("split", anchor_key(found), name_key(alias))
    rerun_actors(store, settings)
    return find_actor(store, found.name)


def add_alias(store: Store, settings: Settings, actor: str, alias: str) -> Actor:
    found = find_actor(store, actor)
    store.add_correction("alias", anchor_key(found), name_key(alias), alias)
    rerun_actors(store, settings)
    return find_actor(store, found.name)


def rename(store: Store, settings: Settings, actor: str, new_name: str) -> Actor:
    """Give ``actor`` the name ``new_name`` (it keeps its id, aliases and mentions)."""
    found = find_actor(store, actor)
    cleaned = " ".join(new_name.split())
    if not name_key(cleaned):
        raise BadCorrection(f"a new name needs letters or digits, not {new_name!r}")
    store.add_correction("rename", anchor_key(found), name_key(cleaned), cleaned)
    rerun_actors(store, settings)
    return find_actor(store, found.id)


def retype(store: Store, settings: Settings, actor: str, kind: str) -> Actor:
    """Set the type of ``actor`` (person, party, organization, state or place)."""
    found = find_actor(store, actor)
    if kind not in ACTOR_TYPES:
        raise BadCorrection(f"unknown actor type {kind!r}; one of {', '.join(sorted(ACTOR_TYPES))}")
    store.add_correction("retype", anchor_key(found), kind)
    rerun_actors(store, settings)
    return find_actor(store, found.id)


def delete(store: Store, settings: Settings, actor: str) -> Actor:
    """Delete a false actor ("Awards", "Calif"): its mentions, here and in articles analysed
    later, make no actor; returns the actor as it was."""
    found = find_actor(store, actor)
    store.add_correction("delete", anchor_key(found), "")
    rerun_actors(store, settings)
    return found


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
