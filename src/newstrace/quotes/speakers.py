"""Who said it: a quote's speaker span resolved to a name.

- a span holding a recognised name is that name (an apposition's name included: "Nathalie
  Tocci, the director of …");
- a pronoun ("he said", "according to him") is the speaker of the quote just before, when
  there is one close by, else the nearest person named before it;
- a descriptor headed by a source noun ("anonymous source in American counterintelligence",
  "one European ambassador in Rome") is an unnamed source that keeps its descriptor; a later
  definite mention with the same head ("the source") is the same source;
- a quotation with no cue of its own continues the speaker of the quote before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .cues import Cues, matches
from .extract import ATTACHING, Found, Span, overlaps

SpeakerKind = Literal["named", "pronoun", "descriptor", "other"]
PRONOUN_REACH = 600  # characters back to the quote a pronoun may continue
CONTINUE_REACH = 400  # characters back to the quote a cueless quotation may continue
_DEFINITE = ("the", "this", "that", "these", "those", "il", "la", "lo", "i", "gli", "le", "этот")
_WORD = re.compile(r"\w+")
# words that, alone, name nobody: "that", "it", "both say" (two people named before: neither
# is the speaker alone)
_NOT_SPEAKERS = frozenset(
    ["that", "this", "it", "which", "what", "who", "there", "these", "those", "both", "each"]
)
_SPEAKING_TYPES = ("person", "organization", "party", "state", "other")


@dataclass(frozen=True, slots=True)
class Name:
    """A recognised name in the article: span, canonical-ish text, actor type."""

    start: int
    end: int
    text: str
    type: str


@dataclass(frozen=True, slots=True)
class Attributed:
    found: Found
    speaker_kind: SpeakerKind | None = None
    speaker_span: Span | None = None  # the words in the text that name the speaker
    speaker_name: str | None = None  # the name or descriptor they resolve to
    ref: Span | None = None  # the name (or descriptor) span the speaker resolves to
    speaker_type: str | None = None
    kind: str = "other"  # what the quote is (quotes.kinds): direct, reported, belief, ...


def _words(text: str, span: Span) -> list[str]:
    return [w.lower() for w in _WORD.findall(text, span[0], span[1])]


def resolve(
    text: str, found: Sequence[Found], names: Sequence[Name], lang: str, cues: Cues
) -> list[Attributed]:
    pronouns = cues.pronouns.get(lang, set())
    sources = cues.sources.get(lang, set())
    out: list[Attributed] = []
    descriptors: dict[str, Attributed] = {}  # head noun -> the first unnamed source so headed

    def source_head(ws: list[str]) -> str | None:
        for w in ws[:6]:
            for s in sources:
                if matches(w, s) or w == s + "s":
                    return s
        return None

    for f in found:
        prev = out[-1] if out else None
        if f.speaker is None:
            if (
                prev is not None
                and prev.speaker_name
                and f.continues
                and 0 <= f.start - prev.found.end <= CONTINUE_REACH
            ):
                out.append(
                    Attributed(
                        f, prev.speaker_kind, None, prev.speaker_name, prev.ref, prev.speaker_type
                    )
                )
            else:
                out.append(Attributed(f))
            continue
        span = f.speaker
        ws = _words(text, span)
        if ws and all(w in _NOT_SPEAKERS for w in ws):
            out.append(Attributed(f))  # "that", "it", "both": the words name nobody
            continue
        named = [
            n for n in names if overlaps((n.start, n.end), span) and _heads(text, span, n, names)
        ]
        head = source_head(ws)
        # a person named in the span speaks; an organisation or state does unless the span is
        # a descriptor ("a European ambassador in Rome" is not Rome)
        persons = [n for n in named if n.type == "person"]
        # a name of another kind (MISC: "European", "Republican") speaks only as the phrase's
        # last word, not as a modifier ("other European far-right movements")
        actors = [
            n
            for n in named
            if n.type in _SPEAKING_TYPES and (n.type != "other" or n.end >= span[1])
        ]
        # the name that heads the phrase is its last one ("Elizabeth Warren supporter Zainab
        # Dossaji" is Dossaji; attached names are left out above), except that of names joined
        # by "and" the first speaks for them all ("Senator Warren and Senator Sanders said")
        best = _head_name(text, persons or ([] if head else actors))
        if best is not None:
            out.append(Attributed(f, "named", span, best.text, (best.start, best.end), best.type))
            continue
        places = [n for n in named if n.type == "place"]
        if (
            not head
            and places
            and len(ws) - len(_words(text, (places[-1].start, places[-1].end))) <= 1
        ):
            # a place that is the whole phrase speaks as a state or body ("Moscow said", "the
            # Kremlin said"); a place anywhere else in it is not the speaker
            n = places[-1]
            out.append(Attributed(f, "named", span, n.text, (n.start, n.end), "state"))
            continue
        if len(ws) == 1 and ws[0] in pronouns:
            out.append(_pronoun(f, span, prev, names, text))
            continue
        if head is not None:
            earlier = descriptors.get(head)
            # "the source", or a bare "a source" after a fuller descriptor, is the same source;
            # "another source" is not
            bare = len(ws) <= 2 and ws[0] in ("a", "an", "one", "un", "una", "uno")
            if earlier is not None and (ws[0] in _DEFINITE or bare or ws[0] in pronouns):
                out.append(
                    Attributed(
                        f, "descriptor", span, earlier.speaker_name, earlier.ref, "unnamed_source"
                    )
                )
                continue
            desc = text[span[0] : span[1]]
            found_desc = Attributed(f, "descriptor", span, desc, span, "unnamed_source")
            descriptors.setdefault(head, found_desc)
            out.append(found_desc)
            continue
        if ws and ws[0] in _NOT_SPEAKERS:
            out.append(Attributed(f))  # "that", "it", "which": the parse found no speaker
            continue
        if _WHEN.search(text, span[0], span[1]) and len(ws) <= 3:
            out.append(Attributed(f))  # "Monday", "last week": a date is never a speaker
            continue
        # words naming no recognised speaker; they link to the name they end with
        # ("according to Lopez"), unless that name only hangs on them ("the regions, which
        # controlled the League")
        attached = any(
            n.start < span[1] <= n.end and not _heads(text, span, n, names) for n in names
        )
        out.append(
            Attributed(f, "other", span, text[span[0] : span[1]], None if attached else span, None)
        )
    return out


_WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|"
    r"week|month|year|morning|evening|afternoon|night|january|february|march|april|june|"
    r"july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


# what may stand between two coordinated names: "and", "or", a comma, titles ("and Senator")
_COORDINATION = re.compile(r"\s*,?\s*(?:and|or|&)\s+(?:[A-Z][\w.]*\s+){0,2}")


def _head_name(text: str, named: Sequence[Name]) -> Name | None:
    """The name heading a speaker phrase: the last one, or the first of the names coordinated
    with it."""
    ordered = sorted(named, key=lambda n: n.end)
    if not ordered:
        return None
    i = len(ordered) - 1
    while i > 0 and _COORDINATION.fullmatch(text, ordered[i - 1].end, ordered[i].start):
        i -= 1
    return ordered[i]


def _heads(text: str, span: Span, name: Name, names: Sequence[Name] = ()) -> bool:
    """The name can head the speaker phrase: no preposition or relative pronoun in the phrase
    before it attaches it to another word, or it is a person ending the phrase right after
    another name the preposition takes ("the leader of the “League” Matteo Salvini" is
    Salvini; "a spokesman for Donald Trump" is not Trump)."""
    attaching = [
        m.end()
        for m in _WORD.finditer(text, span[0], max(span[0], name.start))
        if m.group().lower() in ATTACHING
    ]
    if not attaching:
        return True
    return (
        name.type == "person"
        and name.end >= span[1]
        and any(attaching[-1] < n.start and n.end <= name.start for n in names if n is not name)
        and not _WORD.search(
            text,
            max(n.end for n in names if attaching[-1] < n.start and n.end <= name.start),
            name.start,
        )
    )


# what a speaker pronoun says of who it stands for: one man, one woman, or several
_PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "lui": "m",
    "lei": "f",
    "он": "m",
    "она": "f",
    "they": "plural",
    "them": "plural",
    "loro": "plural",
    "они": "plural",
}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sig|Sig\.ra|Signora|Signor)\.?\s+$")
_HONORIFIC_GENDER = {"mr": "m", "sig": "m", "signor": "m"}


def gender_of(text: str, name: Name, names: Sequence[Name]) -> str | None:
    """A person's gender where the article gives it: an honorific ("Mr.", "Ms.") before the
    name or before another mention ending in its last word ("Mrs. Clinton" for "Hillary
    Clinton")."""
    last = name.text.split()[-1] if name.text.split() else ""
    for n in names:
        if n.type != "person" or not (n is name or (last and n.text.split()[-1:] == [last])):
            continue
        m = _HONORIFIC.search(text, max(0, n.start - 12), n.start)
        if m:
            return _HONORIFIC_GENDER.get(m.group(1).lower(), "f")
    return None


def _fits(pronoun: str | None, type_: str | None, gender: str | None) -> bool:
    """A pronoun can stand for this speaker: "they" for a group (an organisation, a party, a
    descriptor), "he"/"she" for a person or unnamed source of no other known gender."""
    if pronoun is None:
        return True
    if pronoun == "plural":
        return type_ not in ("person",)
    return type_ in ("person", "unnamed_source") and gender in (None, pronoun)


def _pronoun(
    f: Found, span: Span, prev: Attributed | None, names: Sequence[Name], text: str
) -> Attributed:
    """A pronoun is the speaker of the quote just before it, when close and compatible, else
    the nearest compatible person named before it (never a place: only persons and, for
    "they", groups)."""
    word = text[span[0] : span[1]].lower()
    want = _PRONOUN_GENDER.get(word)
    by_ref = {(n.start, n.end): n for n in names}
    if want == "plural":
        # "Ryan met McConnell and Pelosi. They said …": people named since the last quote are
        # nearer than any group; several people are no one speaker
        since = prev.found.end if prev is not None else 0
        people = [n for n in names if n.type == "person" and since <= n.start and n.end <= span[0]]
        if len(people) >= 2 and span[0] - people[-1].end <= PRONOUN_REACH:
            later = [
                n
                for n in names
                if n.type in ("organization", "party")
                and n.start > people[0].start
                and n.end <= span[0]
            ]
            if not later:
                return Attributed(f, "pronoun", span, None, None, None)
    if (
        prev is not None
        and prev.speaker_name
        and prev.speaker_type in ("person", "unnamed_source", "organization", "party", "state")
        and 0 <= span[0] - prev.found.end <= PRONOUN_REACH
    ):
        prev_name = by_ref.get(prev.ref) if prev.ref else None
        gender = gender_of(text, prev_name, names) if prev_name else None
        if _fits(want, prev.speaker_type, gender):
            return Attributed(f, "pronoun", span, prev.speaker_name, prev.ref, prev.speaker_type)
    if want == "plural":
        # "they": the nearest group named close before (a party, an organisation)
        groups = [
            n
            for n in names
            if n.type in ("organization", "party") and 0 <= span[0] - n.end <= PRONOUN_REACH
        ]
        if groups:
            n = groups[-1]
            return Attributed(f, "pronoun", span, n.text, (n.start, n.end), n.type)
        return Attributed(f, "pronoun", span, None, None, None)
    before = [
        n
        for n in names
        if n.type == "person"
        and n.end <= span[0]
        and _fits(want, "person", gender_of(text, n, names))
    ]
    if before:
        n = before[-1]
        return Attributed(f, "pronoun", span, n.text, (n.start, n.end), "person")
    return Attributed(f, "pronoun", span, None, None, None)
