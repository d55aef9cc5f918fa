"""Outlet comparison: which claims each article of a story carries, matched across articles
and languages.

A claim is a statement: a whole sentence that names an actor or gives a number or a date, with
those actors, numbers and the words that say what happened. A headline, a title line, a
question or a fragment (no sentence-final punctuation, fewer than ``MIN_WORDS`` words) is no
claim, and a quote is compared as the sentence that carries it (kind ``quote``: a sentence
holding the words of speech with a speaker), never as its bare words; any other sentence is
kind ``sentence``. Two claims of different articles say the same thing when

- each is the other's best match by multilingual sentence embedding (cosine) at or above
  ``claim_threshold``;
- they assert the same thing, not merely the same topic: in one language they share a word
  that says what happened (a content word: "quarantined", "sanctions", "extradition"; not a
  name, a stop word or a figure), and what they share covers most of what the lighter of the
  two says: each claim's evidence (its actors, names, numbers and content words) is weighted
  by how rare it is among the story's claims (inverse document frequency, so the story's own
  topic, "plague", "NASA", "Russia", weighs little), and the shared evidence must weigh
  ``claim_coverage`` or more of the lighter claim's;
- they do not disagree: when both give numbers (figures, years, English month names) they
  share one, and two quotes by different speakers are two claims. A quote is compared by
  what is said (the words that introduce it are no shared evidence); one speaker's two
  renderings of a quote need no shared name.

A group of matched claims holds at most one claim per article (the closest pairs are joined
first), so a story's comparison is a list of claims outlets share, not a chain. Each shared
group lists the pairings with their evidence (cosine, shared actors, names, numbers and words,
and the weight of that evidence); the other claims are *unique* to their article's outlet.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Mention, Quote, Sentence
from ..quotes.kinds import SPEECH
from ..settings import StoriesSettings
from .anchors import stop_words, text_anchors
from .reposts import ArticleView

MIN_WORDS = 6
# A content word is a word of at least this many letters; it is compared by its first
# WORD_STEM letters, so "quarantined" meets "quarantine" and "sanctions" "sanction".
MIN_WORD_LETTERS = 4
WORD_STEM = 5
# A statement ends like a sentence: . ! ? … possibly followed by closing quotes or brackets.
_STATEMENT_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_QUESTION_END = re.compile(r"\?[\"'”’»)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Words of reporting and time that any two sentences of a story may share: not what happened.
_REPORTING = frozenset(
    {
        *("said", "says", "told", "tells", "according", "added", "reported", "reports"),
        *("statement", "also", "would", "could", "year", "years", "week", "weeks"),
        *("month", "months", "today", "monday", "tuesday", "wednesday", "thursday"),
        *("friday", "saturday", "sunday"),
    }
)


@dataclass(frozen=True, slots=True)
class Claim:
    article: str
    kind: str  # quote (a sentence that carries speech with a speaker) or sentence
    sentence: int  # index of the sentence that carries it
    start: int
    end: int
    text: str
    actors: frozenset[str]
    names: frozenset[str] = frozenset()  # name anchors (stories/anchors.py)
    numbers: frozenset[str] = frozenset()  # number anchors: figures and dates
    words: frozenset[str] = frozenset()  # stems of the content words: what it asserts
    speakers: frozenset[str] = frozenset()  # who speaks, for a quote (actor ids)
    language: str | None = None


def sentence_of(sentences: tuple[Sentence, ...], offset: int) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= offset < s.end:
            return i
    return None


def sentences_of(sentences: tuple[Sentence, ...], start: int, end: int) -> list[int]:
    """The sentences a span overlaps."""
    return [i for i, s in enumerate(sentences) if s.start < end and start < s.end]


def is_statement(text: str, title: str | None = None) -> bool:
    """A whole sentence: enough words, sentence-final punctuation, no question, and not the
    headline."""
    text = text.strip()
    if len(text.split()) < MIN_WORDS or not _STATEMENT_END.search(text):
        return False
    if _QUESTION_END.search(text):
        return False
    return not (title and text.rstrip(".!?… ").strip() == title.rstrip(".!?… ").strip())


def content_words(text: str, language: str | None) -> frozenset[str]:
    """Stems of the words that say what a sentence asserts: lower-case words (a capital inside
    a sentence marks a name, counted apart) of ``MIN_WORD_LETTERS`` letters or more that are
    no stop word and no reporting or time word."""
    stops = stop_words(language)
    found = set()
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        if len(lower) < MIN_WORD_LETTERS or lower in stops or lower in _REPORTING:
            continue
        if word[0].isupper() and match.start() > 0 and language not in ("de", "lb"):
            continue
        found.add(f"w:{lower[:WORD_STEM]}")
    return frozenset(found)


@dataclass(slots=True)
class _Speech:
    speakers: set[str]
    spans: list[tuple[int, int]]  # the words said, within the sentence


def _speech_sentences(
    view: ArticleView, quotes: list[Quote], mentions: list[Mention]
) -> dict[int, _Speech]:
    """Sentence index -> who speaks there and the spans of what they say, for the sentences
    that hold the words of speech with a speaker (a belief, an intention or a speaker-less
    quote does not make a quote). Who speaks is the quote's speaker and every actor named where
    the speaker is written ("Five Star and the League have called for ...": both)."""
    found: dict[int, _Speech] = {}
    for q in quotes:
        who = q.speaker or (q.speaker_text or "").strip().lower()
        if q.kind not in SPEECH or not who:
            continue
        named = {
            m.actor
            for e in q.evidence
            if e.role == "speaker"
            for m in mentions
            if m.actor and e.start <= m.start and m.end <= e.end
        }
        for e in q.evidence:
            if e.role not in (None, "content"):
                continue
            for i in sentences_of(view.sentences, e.start, e.end):
                s = view.sentences[i]
                speech = found.setdefault(i, _Speech(set(), []))
                if q.speaker:  # an actor; "he" in two articles need not be one person
                    speech.speakers.add(q.speaker)
                speech.speakers.update(named)
                speech.spans.append((max(s.start, e.start), min(s.end, e.end)))
    return found


_MONTHS: tuple[str, ...] = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
# A month named as a date ("in May", "on 3 July", "July 2019"), not the modal verb "may".
_MONTH = re.compile(
    r"(?:\b(?i:in|on|since|by|until|from|last|this|next|early|late|mid-?)\s+(?:\d{1,2}\s+)?"
    r"("
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\b)|(?:\b("
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\s+\d)"
)


def month_anchors(text: str) -> frozenset[str]:
    """The months an English sentence dates something to, as ``d:month-N`` anchors."""
    return frozenset(
        f"d:month-{_MONTHS.index((m.group(1) or m.group(2)).lower()) + 1}"
        for m in _MONTH.finditer(text)
    )


def claims_of(
    view: ArticleView, mentions: list[Mention], quotes: list[Quote], title: str | None = None
) -> list[Claim]:
    speech = _speech_sentences(view, quotes, mentions)
    actors_by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        i = sentence_of(view.sentences, m.start)
        if i is None or not m.actor or m.type == "unnamed_source":
            continue
        if i in speech and not any(a <= m.start < b for a, b in speech[i].spans):
            continue  # who speaks is no part of what is said
        actors_by_sentence.setdefault(i, set()).add(m.actor)
    claims: list[Claim] = []
    for i, s in enumerate(view.sentences):
        text = view.text[s.start : s.end]
        if not is_statement(text, title):
            continue
        # A quote is compared by what is said, not by the words that introduce it.
        said = " … ".join(view.text[a:b] for a, b in speech[i].spans) if i in speech else text
        names = frozenset(a for a in text_anchors(said, view.language) if a.startswith("n:"))
        # Figures and dates hold for the whole sentence ("In 2016, he said …").
        numbers = frozenset(a for a in text_anchors(text, view.language) if a.startswith("d:"))
        if view.language == "en":
            numbers |= month_anchors(text)
        actors = frozenset(actors_by_sentence.get(i, ()))
        if not actors and not numbers and i not in speech:
            continue
        claims.append(
            Claim(
                view.id,
                "quote" if i in speech else "sentence",
                i,
                s.start,
                s.end,
                text,
                actors,
                names,
                numbers,
                content_words(said, view.language),
                frozenset(speech[i].speakers) if i in speech else frozenset(),
                view.language,
            )
        )
    return claims


def about_the_same(a: Claim, b: Claim) -> bool:
    """Whether two claims speak of the same things: a shared actor, name, number or speaker,
    and no disagreement on the numbers when both give some."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    return bool(
        a.actors & b.actors or a.names & b.names or a.numbers & b.numbers or a.speakers & b.speakers
    )


def evidence_of(claim: Claim) -> frozenset[str]:
    """What a claim could share with another: its actors, names, numbers and content words."""
    return claim.words | claim.names | claim.numbers | {f"a:{a}" for a in claim.actors}


def rarity(claims: Iterable[Claim]) -> dict[str, float]:
    """Inverse document frequency of each piece of evidence among a story's claims: what most
    claims share (the story's topic) weighs little."""
    df: Counter[str] = Counter()
    n = 0
    for c in claims:
        n += 1
        df.update(evidence_of(c))
    return {t: math.log((n + 1) / (k + 1)) for t, k in df.items()}


@dataclass(frozen=True, slots=True)
class PairEvidence:
    cosine: float
    shared: frozenset[str]  # shared evidence keys (a:, n:, d:, w:)
    weight: float  # summed rarity of the shared evidence
    coverage: float  # weight over the weight of the lighter claim's own evidence


def pair_evidence(a: Claim, b: Claim, cosine: float, weights: Mapping[str, float]) -> PairEvidence:
    ea, eb = evidence_of(a), evidence_of(b)
    if a.language != b.language:  # words do not meet across languages; names and figures do
        ea = frozenset(t for t in ea if not t.startswith("w:"))
        eb = frozenset(t for t in eb if not t.startswith("w:"))
    shared = ea & eb
    weight = sum(weights.get(t, 0.0) for t in shared)
    lighter = min(sum(weights.get(t, 0.0) for t in ea), sum(weights.get(t, 0.0) for t in eb))
    return PairEvidence(cosine, shared, weight, weight / lighter if lighter else 0.0)


def same_claim(a: Claim, b: Claim, ev: PairEvidence, threshold: float, min_coverage: float) -> bool:
    """Whether two claims assert the same thing (see the module's docstring)."""
    if not about_the_same(a, b) or ev.cosine < threshold or ev.coverage < min_coverage:
        return False
    if a.speakers and b.speakers and not a.speakers & b.speakers:
        return False  # two speakers: two statements, however alike
    # In one language, the same people but no shared word is not the same thing said of them.
    return a.language != b.language or any(t.startswith("w:") for t in ev.shared)


def match_claims(sims: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Pairs that are each other's best counterpart, at or above threshold."""
    if sims.size == 0:
        return set()
    best_j, best_i = sims.argmax(axis=1), sims.argmax(axis=0)
    return {(i, int(j)) for i, j in enumerate(best_j) if best_i[j] == i and sims[i, j] >= threshold}


def surface_words(keys: Iterable[str], *texts: str) -> list[str]:
    """The words of ``texts`` behind name and word keys (cut to a stem), as written."""
    from .anchors import name_key

    found: dict[str, str] = {}
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            for key in (name_key(word), f"w:{word.lower()[:WORD_STEM]}"):
                if key and key not in found:
                    found[key] = word
    return sorted({found.get(k, k[2:]) for k in keys}, key=str.lower)


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


def _pair_dict(a: Claim, b: Claim, ev: PairEvidence, positions: list[int]) -> dict[str, Any]:
    """A pairing's evidence: ``similarity`` is the cosine of the two sentences' multilingual
    embeddings (-1 to 1), ``coverage`` the share (0 to 1) of the lighter claim's evidence
    weight that the two share."""
    texts = (a.text, b.text)
    return {
        "claims": positions,
        "similarity": round(ev.cosine, 3),
        "coverage": round(ev.coverage, 2),
        "actors": sorted(a.actors & b.actors),
        "names": surface_words(sorted(a.names & b.names), *texts),
        "numbers": sorted(n[2:] for n in a.numbers & b.numbers),
        "words": surface_words(sorted(t for t in ev.shared if t.startswith("w:")), *texts),
    }


def compare_articles(
    views: list[ArticleView],
    outlets: Mapping[str, str | None],
    mentions: dict[str, list[Mention]],
    quotes: dict[str, list[Quote]],
    params: StoriesSettings,
    titles: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """Claims of each article, the claims several articles share (grouped, with each
    pairing's evidence) and the claims unique to one. ``params.claim_threshold`` is the least
    cosine and ``params.claim_coverage`` the least share of the lighter claim's evidence that
    two claims must share to be one."""
    titles = titles or {}
    threshold, min_coverage = params.claim_threshold, params.claim_coverage
    claims = {
        v.id: claims_of(v, mentions.get(v.id, []), quotes.get(v.id, []), titles.get(v.id))
        for v in views
    }
    weights = rarity(c for cs in claims.values() for c in cs)
    Node = tuple[str, int]
    pairs: list[tuple[float, Node, Node]] = []
    evidence: dict[tuple[Node, Node], PairEvidence] = {}
    for ia, va in enumerate(views):
        for vb in views[ia + 1 :]:
            ca, cb = claims[va.id], claims[vb.id]
            if not ca or not cb:
                continue
            ma = np.asarray(va.vectors)[[c.sentence for c in ca]]
            mb = np.asarray(vb.vectors)[[c.sentence for c in cb]]
            sims = ma @ mb.T
            for i, first in enumerate(ca):
                for j, second in enumerate(cb):
                    ev = pair_evidence(first, second, float(sims[i, j]), weights)
                    if same_claim(first, second, ev, threshold, min_coverage):
                        evidence[(va.id, i), (vb.id, j)] = ev
                    else:
                        sims[i, j] = -1.0
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
                    _pair_dict(claim(a), claim(b), evidence[a, b], [position[a], position[b]])
                    for _sim, a, b in group_links
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
