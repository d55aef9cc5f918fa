"""The analysis document: every section of the store as plain data, each extracted item with
its evidence (``text`` is always ``article.text[start:end]``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from .. import __version__
from ..model import Evidence, Mention, Quote, Tie
from ..settings import Settings, load_settings
from ..store import Store

ANALYSIS_FORMAT = 1
SECTIONS = ("articles", "actors", "quotes", "ties", "stances", "events", "stories")


def evidence_dict(ev: Evidence, texts: dict[str, str]) -> dict[str, Any]:
    text = texts.get(ev.article, "")
    out: dict[str, Any] = {
        "article": ev.article,
        "start": ev.start,
        "end": ev.end,
        "text": text[ev.start : ev.end],
    }
    if ev.sentence_start is not None and ev.sentence_end is not None:
        out["sentence"] = text[ev.sentence_start : ev.sentence_end]
    if ev.role:
        out["role"] = ev.role
    return out


def tie_dict(t: Tie, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": t.id,
        "source": t.source,
        "target": t.target,
        "kind": t.kind,
        "negated": t.negated,
        "date": t.date,
        "confidence": t.confidence,
        "evidence": evidence,
    }


def build_analysis(
    store: Store, settings: Settings | None = None, *, everything: bool = False
) -> dict[str, Any]:
    """The store's analysis: ties, stances and events only where their confidence reaches the
    ``[relations]`` thresholds (``shown`` says which), and quotes that are speech with a speaker
    (what an analyst cites: ``quotes.kinds``); ``everything`` shows every item of both."""
    from ..relations.shown import floors as shown_floors
    from ..stories import compare_story

    settings = settings or load_settings()
    floors = shown_floors(settings.relations, everything)
    articles = store.articles()
    texts = {a.id: a.text for a in articles}

    def evidence(items: Any) -> list[dict[str, Any]]:
        return [evidence_dict(e, texts) for e in items]

    mention_evidence: dict[str, list[Evidence]] = {}
    mentions_by_article: dict[str, list[Mention]] = {}
    all_mentions = store.mentions()
    for m in all_mentions:
        mentions_by_article.setdefault(m.article, []).append(m)
    quotes = store.quotes(speech=not everything)
    actors = store.actors()
    quotes_by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        quotes_by_article.setdefault(q.article, []).append(q)
    for m in all_mentions:
        if m.actor:
            mention_evidence.setdefault(m.actor, []).append(
                Evidence(m.article, m.start, m.end, m.text, m.sentence_start, m.sentence_end)
            )
    return {
        "newstrace_version": __version__,
        "format": ANALYSIS_FORMAT,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": [
            {
                "id": a.id,
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
                "heading": a.heading,
                "published": a.published,
                "language": a.language,
                "status": a.status,
                "error": a.error,
                "chars": a.chars,
                "source": a.source,
            }
            for a in articles
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "aliases": list(a.aliases),
                "mentions": a.mentions,
                "articles": list(a.articles),
                "evidence": evidence(mention_evidence.get(a.id, [])),
            }
            for a in actors
        ],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker,
                "speaker_text": q.speaker_text,
                "text": q.text,
                "cue": q.cue,
                "kind": q.kind,
                "article": q.article,
                "evidence": evidence(q.evidence),
            }
            for q in quotes
        ],
        "shown": {
            "everything": floors.everything,
            "ties": floors.ties,
            "stances": floors.stances,
            "events": floors.events,
        },
        "ties": [tie_dict(t, evidence(t.evidence)) for t in store.ties(min_confidence=floors.ties)],
        "stances": [
            {
                "id": s.id,
                "actor": s.actor,
                "target": s.target,
                "polarity": s.polarity,
                "confidence": s.confidence,
                "evidence": evidence(s.evidence),
            }
            for s in store.stances(min_confidence=floors.stances)
        ],
        "events": [
            {
                "id": e.id,
                "date": e.date,
                "text": e.text,
                "actors": list(e.actors),
                "confidence": e.confidence,
                "evidence": evidence(e.evidence),
            }
            for e in store.events(min_confidence=floors.events)
        ],
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "articles": list(s.articles),
                "first_date": s.first_date,
                "last_date": s.last_date,
                "relations": [
                    {
                        "article": r.article,
                        "source_article": r.source_article,
                        "kind": r.kind,
                        "score": r.score,
                        "evidence": r.evidence or {},
                    }
                    for r in s.relations
                ],
                "comparison": compare_story(
                    store,
                    s,
                    settings.stories,
                    mentions=mentions_by_article,
                    quotes=quotes_by_article,
                )
                if len(s.articles) > 1
                else None,
            }
            for s in store.stories()
        ],
    }


def load_schema() -> dict[str, Any]:
    text = resources.files("newstrace.export").joinpath("analysis.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_analysis(analysis: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``analysis`` does not match the shipped schema."""
    import jsonschema

    jsonschema.validate(analysis, load_schema())
