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
from .extract import Found, Span, overlaps

SpeakerKind = Literal["named", "pronoun", "descriptor", "other"]
PRONOUN_REACH = 600  # characters back to the quote a pronoun may continue
CONTINUE_REACH = 400  # characters back to the quote a cueless quotation may continue
_DEFINITE = ("the", "this", "that", "these", "those", "il", "la", "lo", "i", "gli", "le", "этот")
_WORD = re.compile(r"\w+")
_NOT_SPEAKERS = frozenset({"that", "this", "it", "which", "what", "who", "there", "these", "those"})
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
        named = [n for n in names if overlaps((n.start, n.end), span)]
        ws = _words(text, span)
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
        best = max(persons or ([] if head else actors), key=lambda n: n.end - n.start, default=None)
        if best is not None:
            out.append(Attributed(f, "named", span, best.text, (best.start, best.end), best.type))
            continue
        if len(ws) == 1 and ws[0] in pronouns:
            out.append(_pronoun(f, span, prev, names))
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
        out.append(Attributed(f, "other", span, text[span[0] : span[1]], span, None))
    return out


def _pronoun(f: Found, span: Span, prev: Attributed | None, names: Sequence[Name]) -> Attributed:
    if (
        prev is not None
        and prev.speaker_name
        and prev.speaker_type in ("person", "unnamed_source")
        and 0 <= span[0] - prev.found.end <= PRONOUN_REACH
    ):
        return Attributed(f, "pronoun", span, prev.speaker_name, prev.ref, prev.speaker_type)
    before = [n for n in names if n.type == "person" and n.end <= span[0]]
    if before:
        n = before[-1]
        return Attributed(f, "pronoun", span, n.text, (n.start, n.end), "person")
    return Attributed(f, "pronoun", span, None, None, None)
