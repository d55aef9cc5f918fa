"""Outlet comparison: which claims each article of a story carries, matched across articles
and languages.

A claim is a statement: a whole sentence that names an actor or gives a number or a date, with
those actors and numbers. A headline, a title line or a fragment (no sentence-final
punctuation, fewer than ``MIN_WORDS`` words) is no claim, and a quote is compared as the
sentence that carries it (kind ``quote``), never as its bare words. Two claims of different
articles say the same thing when

- each is the other's best match by multilingual sentence embedding (plus a bonus for the
  actors they share; places say where, not who, and give no bonus) at or above the
  threshold, and
- they are about the same things: they share an actor, a name or a number, and when both give
  numbers, they share one.

A group of matched claims holds at most one claim per article (the closest pairs are joined
first), so a story's comparison is a list of claims outlets share, not a chain. Each shared
group lists the pairings with their evidence (similarity, shared actors, names and numbers);
the other claims are *unique* to their article's outlet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Mention, Quote, Sentence
from .anchors import text_anchors
from .cluster import PLACE_TYPES
from .reposts import ArticleView

MIN_WORDS = 6
ACTOR_BONUS = 0.25
# A statement ends like a sentence: . ! ? … possibly followed by closing quotes or brackets.
_STATEMENT_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class Claim:
    article: str
    kind: str  # quote (a sentence that carries a quote) or sentence
    sentence: int  # index of the sentence that carries it
    start: int
    end: int
    text: str
    actors: frozenset[str]
    names: frozenset[str] = frozenset()  # name anchors (stories/anchors.py)
    numbers: frozenset[str] = frozenset()  # number anchors: figures and dates
    places: frozenset[str] = frozenset()  # its actors named as places: no actor bonus


def sentence_of(sentences: tuple[Sentence, ...], offset: int) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= offset < s.end:
            return i
    return None


def is_statement(text: str, title: str | None = None) -> bool:
    """A whole sentence: enough words, sentence-final punctuation, and not the headline."""
    text = text.strip()
    if len(text.split()) < MIN_WORDS or not _STATEMENT_END.search(text):
        return False
    return not (title and text.rstrip(".!?… ").strip() == title.rstrip(".!?… ").strip())


def claims_of(
    view: ArticleView, mentions: list[Mention], quotes: list[Quote], title: str | None = None
) -> list[Claim]:
    actors_by_sentence: dict[int, set[str]] = {}
    places_by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        i = sentence_of(view.sentences, m.start)
        if i is not None and m.actor and m.type != "unnamed_source":
            actors_by_sentence.setdefault(i, set()).add(m.actor)
            if m.type in PLACE_TYPES:
                places_by_sentence.setdefault(i, set()).add(m.actor)
    quoted = {
        i
        for q in quotes
        if q.evidence and (i := sentence_of(view.sentences, q.evidence[0].start)) is not None
    }
    claims: list[Claim] = []
    for i, s in enumerate(view.sentences):
        text = view.text[s.start : s.end]
        if not is_statement(text, title):
            continue
        anchors = text_anchors(text, view.language)
        names = frozenset(a for a in anchors if a.startswith("n:"))
        numbers = frozenset(a for a in anchors if a.startswith("d:"))
        actors = frozenset(actors_by_sentence.get(i, ()))
        if not actors and not numbers:
            continue
        kind = "quote" if i in quoted else "sentence"
        places = frozenset(places_by_sentence.get(i, ()))
        claims.append(Claim(view.id, kind, i, s.start, s.end, text, actors, names, numbers, places))
    return claims


def about_the_same(a: Claim, b: Claim) -> bool:
    """Whether two claims speak of the same things: a shared actor, name or number, and no
    disagreement on the numbers when both give some."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    return bool(a.actors & b.actors or a.names & b.names or a.numbers & b.numbers)


def _similarity(a: list[Claim], va: ArticleView, b: list[Claim], vb: ArticleView) -> np.ndarray:
    ma = np.asarray(va.vectors)[[c.sentence for c in a]]
    mb = np.asarray(vb.vectors)[[c.sentence for c in b]]
    sims = ma @ mb.T
    for i, ca in enumerate(a):
        for j, cb in enumerate(b):
            if not about_the_same(ca, cb):
                sims[i, j] = -1.0
            else:
                # who acts, not where: two sentences set in one place say different things
                who_a, who_b = ca.actors - ca.places, cb.actors - cb.places
                if who_a and who_b:
                    sims[i, j] += ACTOR_BONUS * len(who_a & who_b) / len(who_a | who_b)
    return sims


def match_claims(sims: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Pairs that are each other's best counterpart, at or above threshold."""
    if sims.size == 0:
        return set()
    best_j, best_i = sims.argmax(axis=1), sims.argmax(axis=0)
    return {(i, int(j)) for i, j in enumerate(best_j) if best_i[j] == i and sims[i, j] >= threshold}


def _claim_dict(c: Claim, outlets: Mapping[str, str | None]) -> dict[str, Any]:
    return {
        "article": c.article,
        "outlet": outlets.get(c.article),
        "kind": c.kind,
        "text": c.text,
        "actors": sorted(c.actors),
        "numbers": sorted(n[2:] for n in c.numbers),
        "evidence": [{"article": c.article, "start": c.start, "end": c.end, "text": c.text}],
    }


def compare_articles(
    views: list[ArticleView],
    outlets: Mapping[str, str | None],
    mentions: dict[str, list[Mention]],
    quotes: dict[str, list[Quote]],
    threshold: float,
    titles: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    titles = titles or {}
    claims = {
        v.id: claims_of(v, mentions.get(v.id, []), quotes.get(v.id, []), titles.get(v.id))
        for v in views
    }
    Node = tuple[str, int]
    pairs: list[tuple[float, Node, Node]] = []
    for ia, va in enumerate(views):
        for vb in views[ia + 1 :]:
            ca, cb = claims[va.id], claims[vb.id]
            if not ca or not cb:
                continue
            sims = _similarity(ca, va, cb, vb)
            for i, j in match_claims(sims, threshold):
                pairs.append((float(sims[i, j]), (va.id, i), (vb.id, j)))
    # Closest pairs first; a group never takes a second claim of an article it holds.
    group_of: dict[Node, int] = {}
    groups: list[dict[str, Node]] = []
    links: list[list[tuple[float, Node, Node]]] = []
    for sim, a, b in sorted(pairs, key=lambda p: -p[0]):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None and gb is None:
            group_of[a] = group_of[b] = len(groups)
            groups.append({a[0]: a, b[0]: b})
            links.append([(sim, a, b)])
        elif ga is not None and gb is None and b[0] not in groups[ga]:
            group_of[b] = ga
            groups[ga][b[0]] = b
            links[ga].append((sim, a, b))
        elif gb is not None and ga is None and a[0] not in groups[gb]:
            group_of[a] = gb
            groups[gb][a[0]] = a
            links[gb].append((sim, a, b))
        elif ga is not None and gb is not None and ga == gb:
            links[ga].append((sim, a, b))

    def claim(node: Node) -> Claim:
        return claims[node[0]][node[1]]

    shared = []
    for members, group_links in zip(groups, links, strict=True):
        nodes = sorted(members.values())
        position = {node: k for k, node in enumerate(nodes)}
        shared.append(
            {
                "articles": sorted(members),
                "claims": [_claim_dict(claim(n), outlets) for n in nodes],
                "pairs": [
                    {
                        "claims": [position[a], position[b]],
                        "similarity": round(sim, 3),
                        "actors": sorted(claim(a).actors & claim(b).actors),
                        "names": sorted(n[2:] for n in claim(a).names & claim(b).names),
                        "numbers": sorted(n[2:] for n in claim(a).numbers & claim(b).numbers),
                    }
                    for sim, a, b in group_links
                ],
            }
        )
    unique = {
        v.id: [
            _claim_dict(c, outlets) for k, c in enumerate(claims[v.id]) if (v.id, k) not in group_of
        ]
        for v in views
    }
    return {
        "articles": [{"article": v.id, "outlet": outlets.get(v.id)} for v in views],
        "shared": sorted(shared, key=lambda g: g["claims"][0]["evidence"][0]["start"]),
        "unique": [
            {"article": a, "outlet": outlets.get(a), "claims": c} for a, c in unique.items()
        ],
    }
