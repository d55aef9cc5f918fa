"""Read-side views over stored ties, stances and events: stances with their roll-up from
members to parties, and per-actor timelines."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Evidence, Stance
from ..store import Store
from .shown import EVERYTHING, Floors

# ties through which a member's stance rolls up to the organisation
ROLL_UP = ("member_of", "leader_of")


@dataclass(frozen=True, slots=True)
class StanceRow:
    """A stance as shown for ``actor``: its own (``via`` None) or a member's (``via`` the
    member's actor id, the stance's own actor)."""

    actor: str
    stance: Stance
    via: str | None = None


def stance_rows(
    store: Store,
    actor: str | None = None,
    target: str | None = None,
    floors: Floors = EVERYTHING,
) -> list[StanceRow]:
    """Stances of ``actor`` (or of everyone), then those of its members and leaders, each marked
    with the member it comes through; the stances and membership ties that reach ``floors``."""
    least = floors.stances
    rows = [
        StanceRow(s.actor, s)
        for s in store.stances(actor=actor, target=target, min_confidence=least)
    ]
    members: dict[str, set[str]] = {}
    for kind in ROLL_UP:
        for tie in store.ties(actor=actor, kind=kind, min_confidence=floors.ties):
            if not tie.negated and (actor is None or tie.target == actor):
                members.setdefault(tie.target, set()).add(tie.source)
    for org, people in sorted(members.items()):
        for person in sorted(people):
            rows.extend(
                StanceRow(org, s, via=person)
                for s in store.stances(actor=person, target=target, min_confidence=least)
            )
    return rows


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str
    kind: str  # "event", or a tie kind
    text: str
    negated: bool
    evidence: tuple[Evidence, ...]
    confidence: float | None = None


def timeline(store: Store, actor: str, floors: Floors = EVERYTHING) -> list[TimelineItem]:
    """The dated events and ties of one actor that reach ``floors``, in date order (a decade
    sorts at its start). A tie and a dated event read from the same words with the same date
    ("In 2015 Berlusconi with Putin visited the Crimea": a visit and an event) are one line,
    the tie's: it says more (its kind and its ends)."""
    ties = [t for t in store.ties(actor=actor, min_confidence=floors.ties) if t.date]
    items = [
        TimelineItem(e.date, "event", e.text, False, e.evidence, e.confidence)
        for e in store.events(actor=actor, min_confidence=floors.events)
        if e.date and not any(t.date == e.date and shared(t.evidence, e.evidence) for t in ties)
    ]
    for t in ties:
        rel = next(
            (e for e in t.evidence if e.role == "relation"),
            t.evidence[0] if t.evidence else None,
        )
        items.append(
            TimelineItem(
                t.date or "",
                t.kind,
                rel.text if rel else t.kind,
                t.negated,
                t.evidence,
                t.confidence,
            )
        )
    return sorted(items, key=lambda i: (i.date.rstrip("s"), i.kind != "event", i.text))


def shared(a: tuple[Evidence, ...], b: tuple[Evidence, ...]) -> bool:
    """Whether two items' evidence share words of one article."""
    return any(x.article == y.article and x.start < y.end and y.start < x.end for x in a for y in b)
