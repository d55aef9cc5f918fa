"""Quotes: who said what. ``marks`` finds quotations by their marks, ``extract`` ties them
and reported speech to cues and speaker spans (with a dependency parse, or from cue words where
there is none), ``tagger`` is a learned reader of contents, cues and sources that adds the
quotes the rules miss, ``speakers`` resolves a speaker span to a name, a pronoun's antecedent
or an unnamed source that keeps its descriptor. The quotes stage (stages/quotes.py) runs them per
article; ``eval/quotes.py`` scores them on PolNeAR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .cues import Cues, load_cues
from .extract import (
    Found,
    cue_speaker,
    from_parse,
    inside,
    join_continued,
    overlaps,
    speakerless,
    unclaimed,
)
from .kinds import KINDS, SPEECH, QuoteKind, is_listed, kind_of
from .marks import Quoted, find_quotations
from .speakers import Attributed, Name, resolve
from .tagger import Span as TaggedSpan
from .tagger import Tagged, load_tagger, read_tags
from .words import from_words

__all__ = [
    "KINDS",
    "SPEECH",
    "Attributed",
    "Cues",
    "Found",
    "Name",
    "QuoteKind",
    "Quoted",
    "Tagged",
    "TaggedSpan",
    "attribute",
    "find_quotations",
    "is_listed",
    "kind_of",
    "load_cues",
    "load_tagger",
]


def attribute(
    sdoc: Any,
    text: str,
    lang: str,
    sentences: Sequence[tuple[int, int]],
    names: Sequence[Name],
    cues: Cues,
    tagged: Tagged | None = None,
    min_score: float = 0.0,
    rule_min: float = 0.0,
    reported_min: float = 0.0,
    phrase_min: float = 2.0,
    join_reach: int = 0,
) -> list[Attributed]:
    """Quotes of one article with resolved speakers. ``sdoc`` is its spaCy doc; its dependency
    parse is used where the pipeline has one. ``tagged`` is what the attribution tagger read
    (``load_tagger().read(text)``). Its quotes (a score of at least ``min_score``, and a
    speaker) come first, except where a rule quote holds one whole; the rules' quotes fill in
    where it found none, once the tagger gives their content a mean probability of at least
    ``rule_min``. Each quote says what it is (``kinds``): direct or reported speech, or a
    belief, intention, evaluation or other attribution; where the tagger read the article,
    unquoted content is reported speech only if it gives it a mean content probability of at
    least ``reported_min``, and a phrase that is not a clause on a speech cue at least
    ``phrase_min``. A cueless quotation within ``join_reach`` characters after a cued one is
    more of it (``extract.join_continued``; with a parse)."""
    parsed = sdoc is not None and sdoc.has_annotation("DEP")
    if parsed:
        found = from_parse(sdoc, lang, cues)
    else:
        found = from_words(
            text,
            sentences,
            [(n.start, n.end) for n in names],
            lang,
            cues,
            [(n.start, n.end) for n in names if n.type == "person"],
        )
    if tagged is not None:
        sources = cues.sources.get(lang, set())
        learned = read_tags(
            text,
            tagged.spans,
            sentences,
            min_score,
            (lambda cue: cue_speaker(sdoc, cue, sources)) if parsed else None,
        )
        # a tagged quote with nobody saying it is more often a stray span than a quote
        first = [
            f
            for f in learned
            if f.speaker is not None and not (parsed and f.cue and speakerless(sdoc, f.cue))
        ]
        rules = [f for f in found if tagged.inside(f.content) >= rule_min]
        # a rule quote holding the whole of a tagged quote and more is the outer attribution,
        # and wins that overlap, when it is a quotation (one quote split by its cue, “…,” he
        # said, “…”), or a nested attribution: reported speech around a tagged one whose
        # speaker is among its words, on a cue the tagger marked but gave no content of its
        # own ("The services have started to think about …, said a source"). Other reported
        # speech the rules found around a tagged quote has more often run on past it ("that
        # Crutcher had his hands in the air, contradicting …"): there the tagged quote wins
        # (models/quotes/card.md)
        used = [f.cue for f in first if f.cue is not None]
        idle = [
            (s.start, s.end)
            for s in tagged.spans
            if s.role == "cue" and not any(overlaps((s.start, s.end), u) for u in used)
        ]
        outer = [r for r in rules if any(_outer(r, t, idle) for t in first)]
        rest = [r for r in rules if r not in outer]
        found = sorted(unclaimed(outer + first + rest, []), key=lambda f: f.start)
    if join_reach and parsed:
        # without a parse a quotation's cue is the first cue word of its sentence, so two
        # quotations on "the same cue" are not one quote said in two parts
        found = join_continued(text, found, join_reach)
    said = resolve(text, found, names, lang, cues)
    parse = sdoc if parsed else None
    return [
        replace(
            a,
            kind=kind_of(
                a.found,
                parse,
                text,
                lang,
                cues,
                tagged is None or tagged.inside(a.found.content) >= reported_min,
                tagged is not None and tagged.inside(a.found.content) >= phrase_min,
            ),
        )
        for a in said
    ]


def _holds(outer: Found, inner: Found) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
    )


def _outer(rule: Found, tagged: Found, idle_cues: Sequence[tuple[int, int]]) -> bool:
    """``rule`` is the outer attribution around ``tagged``: a quotation, or reported speech
    around tagged reported speech whose speaker is among its words, on one of ``idle_cues``
    (tagged cues no tagged quote hangs on)."""
    said, rule_span = tagged.speaker, (rule.start, rule.end)
    if not _holds(rule, tagged):
        return False
    if rule.kind == "direct":
        return True
    return (
        tagged.kind == "indirect"
        and said is not None
        and inside(said, [rule_span])
        and rule.cue is not None
        and any(overlaps(rule.cue, c) for c in idle_cues)
    )
