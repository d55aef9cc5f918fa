"""Alerts: a new tie, stance, quote or story that names something on the watch lists.

An item matches an actor entry when one of its actors' names or aliases holds the entry as
whole words (any case: "Salvini" matches "Matteo Salvini"), a target entry when a stance's
target is it, and a word entry when the item's text (a quote, a story title, the evidence of a
tie or stance) holds it as whole words. Ties and stances below the [relations] thresholds are
left out, as in every list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..ids import make_id
from ..model import Actor, Evidence
from ..settings import Settings, WatchSettings
from ..store import Store


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    kind: str  # tie | stance | quote | story
    item: str  # the item's id
    article: str | None  # the article it was read from (a story's first)
    matched: tuple[str, ...]  # the entries it matched: "actor:Salvini", "word:sanctions"
    summary: str  # one line a person reads
    raised_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "item": self.item,
            "article": self.article,
            "matched": list(self.matched),
            "summary": self.summary,
            "raised_at": self.raised_at,
        }


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(term.strip()) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item as the matcher sees it."""

    kind: str
    item: str
    article: str | None
    actors: tuple[str, ...]  # actor ids
    target: str | None
    text: str
    summary: str


class WatchLists:
    """The compiled watch lists of the settings."""

    def __init__(self, watch: WatchSettings) -> None:
        self.actors = [(a, _pattern(a)) for a in watch.actors if a.strip()]
        self.targets = [t for t in watch.targets if t.strip()]
        self.words = [(w, _pattern(w)) for w in watch.words if w.strip()]

    def __bool__(self) -> bool:
        return bool(self.actors or self.targets or self.words)

    def match(self, item: Candidate, names: Mapping[str, Actor]) -> tuple[str, ...]:
        found: list[str] = []
        labels = [
            label
            for actor in item.actors
            if actor in names
            for label in (names[actor].name, *names[actor].aliases)
        ]
        for entry, pattern in self.actors:
            if any(pattern.search(label) for label in labels):
                found.append(f"actor:{entry}")
        if item.target is not None:
            target = item.target.casefold()
            found += [f"target:{t}" for t in self.targets if t.strip().casefold() == target]
        for entry, pattern in self.words:
            if pattern.search(item.text):
                found.append(f"word:{entry}")
        return tuple(found)


def _texts(evidence: Iterable[Evidence]) -> str:
    return " ".join(e.text for e in evidence)


def _article(evidence: tuple[Evidence, ...]) -> str | None:
    return evidence[0].article if evidence else None


def candidates(store: Store, settings: Settings, names: Mapping[str, Actor]) -> list[Candidate]:
    """Every tie, stance, quote and story the store holds, as the matcher reads them."""

    def name(actor: str | None) -> str:
        return names[actor].name if actor and actor in names else "?"

    out: list[Candidate] = []
    for tie in store.ties(min_confidence=settings.relations.tie_threshold):
        no = "not " if tie.negated else ""
        when = f" ({tie.date})" if tie.date else ""
        out.append(
            Candidate(
                "tie",
                tie.id,
                _article(tie.evidence),
                (tie.source, tie.target),
                None,
                _texts(tie.evidence),
                f"{name(tie.source)} {no}{tie.kind} {name(tie.target)}{when}",
            )
        )
    for stance in store.stances(min_confidence=settings.relations.stance_threshold):
        out.append(
            Candidate(
                "stance",
                stance.id,
                _article(stance.evidence),
                (stance.actor,),
                stance.target,
                _texts(stance.evidence),
                f"{name(stance.actor)} {stance.polarity} {stance.target}",
            )
        )
    for quote in store.quotes():
        speaker = name(quote.speaker) if quote.speaker else quote.speaker_text or "?"
        out.append(
            Candidate(
                "quote",
                quote.id,
                quote.article,
                (quote.speaker,) if quote.speaker else (),
                None,
                quote.text,
                f"{speaker}: \u201c{quote.text}\u201d",
            )
        )
    for story in store.stories():
        first = story.articles[0] if story.articles else None
        out.append(
            Candidate(
                "story",
                story.id,
                first,
                (),
                None,
                story.title,
                f"story {story.title!r} ({len(story.articles)} articles)",
            )
        )
    return out


def find_alerts(
    store: Store, settings: Settings, seen: set[tuple[str, str]], raised_at: str
) -> tuple[list[tuple[str, str]], list[Alert]]:
    """The items not in ``seen`` (kind, id), and the alerts among them."""
    lists = WatchLists(settings.watch)
    names = {a.id: a for a in store.actors()}
    new = [c for c in candidates(store, settings, names) if (c.kind, c.item) not in seen]
    alerts = []
    for item in new:
        matched = lists.match(item, names) if lists else ()
        if matched:
            alerts.append(
                Alert(
                    make_id("alert", item.kind, item.item),
                    item.kind,
                    item.item,
                    item.article,
                    matched,
                    item.summary,
                    raised_at,
                )
            )
    return [(c.kind, c.item) for c in new], alerts
