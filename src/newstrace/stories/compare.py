"""Outlet comparison: which claims each article of a story carries, matched across articles
and languages.

A claim is a quote, a tie, a stance, or a key factual sentence (one that names an actor). Two
claims of different articles are the same claim when one is the other's best match by
multilingual sentence embedding (plus a bonus for the actors they share) at or above the
threshold; matches chain, so a group may hold several phrasings of one claim. Claims matched across articles
are *shared*; the others are *unique* to their article's outlet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Mention, Quote, Sentence
from .reposts import ArticleView

MIN_WORDS = 6
ACTOR_BONUS = 0.25


@dataclass(frozen=True, slots=True)
class Claim:
    article: str
    kind: str  # quote, sentence (ties and stances join as their stages land)
    sentence: int  # index of the sentence that carries it
    start: int
    end: int
    text: str
    actors: frozenset[str]


def sentence_of(sentences: tuple[Sentence, ...], offset: int) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= offset < s.end:
            return i
    return None


def claims_of(view: ArticleView, mentions: list[Mention], quotes: list[Quote]) -> list[Claim]:
    actors_by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        i = sentence_of(view.sentences, m.start)
        if i is not None and m.actor:
            actors_by_sentence.setdefault(i, set()).add(m.actor)
    claims: list[Claim] = []
    quoted: set[int] = set()
    for q in quotes:
        if not q.evidence:
            continue
        ev = q.evidence[0]
        i = sentence_of(view.sentences, ev.start)
        if i is None:
            continue
        quoted.add(i)
        claims.append(
            Claim(
                view.id,
                "quote",
                i,
                ev.start,
                ev.end,
                view.text[ev.start : ev.end],
                frozenset(actors_by_sentence.get(i, ())),
            )
        )
    for i, s in enumerate(view.sentences):
        text = view.text[s.start : s.end]
        if i in quoted or i not in actors_by_sentence or len(text.split()) < MIN_WORDS:
            continue
        claims.append(
            Claim(view.id, "sentence", i, s.start, s.end, text, frozenset(actors_by_sentence[i]))
        )
    return sorted(claims, key=lambda c: c.start)


def _similarity(a: list[Claim], va: ArticleView, b: list[Claim], vb: ArticleView) -> np.ndarray:
    ma = np.asarray(va.vectors)[[c.sentence for c in a]]
    mb = np.asarray(vb.vectors)[[c.sentence for c in b]]
    sims = ma @ mb.T
    for i, ca in enumerate(a):
        for j, cb in enumerate(b):
            if ca.actors and cb.actors:
                sims[i, j] += ACTOR_BONUS * len(ca.actors & cb.actors) / len(ca.actors | cb.actors)
    return sims


def match_claims(sims: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Each claim's best counterpart in the other article, both ways, at or above threshold."""
    pairs = {(i, int(j)) for i, j in enumerate(sims.argmax(axis=1)) if sims[i, j] >= threshold}
    pairs |= {(int(i), j) for j, i in enumerate(sims.argmax(axis=0)) if sims[i, j] >= threshold}
    return pairs


def compare_articles(
    views: list[ArticleView],
    outlets: Mapping[str, str | None],
    mentions: dict[str, list[Mention]],
    quotes: dict[str, list[Quote]],
    threshold: float,
) -> dict[str, Any]:
    claims = {v.id: claims_of(v, mentions.get(v.id, []), quotes.get(v.id, [])) for v in views}
    flat = [(v.id, k) for v in views for k in range(len(claims[v.id]))]
    parent = {node: node for node in flat}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ia, va in enumerate(views):
        for vb in views[ia + 1 :]:
            ca, cb = claims[va.id], claims[vb.id]
            if not ca or not cb:
                continue
            for i, j in match_claims(_similarity(ca, va, cb, vb), threshold):
                parent[find((va.id, i))] = find((vb.id, j))
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in flat:
        groups.setdefault(find(node), []).append(node)

    def as_dict(node: tuple[str, int]) -> dict[str, Any]:
        c = claims[node[0]][node[1]]
        return {
            "article": c.article,
            "outlet": outlets.get(c.article),
            "kind": c.kind,
            "text": c.text,
            "actors": sorted(c.actors),
            "evidence": [{"article": c.article, "start": c.start, "end": c.end, "text": c.text}],
        }

    shared = [
        {
            "articles": sorted({n[0] for n in members}),
            "claims": [as_dict(n) for n in sorted(members)],
        }
        for members in groups.values()
        if len({n[0] for n in members}) > 1
    ]
    unique: dict[str, list[dict[str, Any]]] = {v.id: [] for v in views}
    for members in groups.values():
        if len({n[0] for n in members}) == 1:
            unique[members[0][0]].extend(as_dict(n) for n in sorted(members))
    return {
        "articles": [{"article": v.id, "outlet": outlets.get(v.id)} for v in views],
        "shared": sorted(shared, key=lambda g: g["claims"][0]["evidence"][0]["start"]),
        "unique": [
            {"article": a, "outlet": outlets.get(a), "claims": c} for a, c in unique.items()
        ],
    }
