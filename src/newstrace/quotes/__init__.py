"""Quotes: who said what. ``marks`` finds quotations by their marks, ``extract`` ties them
and reported speech to cues and speaker spans (with a dependency parse, or from cue words where
there is none), ``speakers`` resolves a speaker span to a name, a pronoun's antecedent or an
unnamed source that keeps its descriptor. The quotes stage (stages/quotes.py) runs them per
article; ``eval/quotes.py`` scores them on PolNeAR."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cues import Cues, load_cues
from .extract import Found, from_parse, from_words
from .marks import Quoted, find_quotations
from .speakers import Attributed, Name, resolve

__all__ = [
    "Attributed",
    "Cues",
    "Found",
    "Name",
    "Quoted",
    "attribute",
    "find_quotations",
    "load_cues",
]


def attribute(
    sdoc: Any,
    text: str,
    lang: str,
    sentences: Sequence[tuple[int, int]],
    names: Sequence[Name],
    cues: Cues,
) -> list[Attributed]:
    """Quotes of one article with resolved speakers. ``sdoc`` is its spaCy doc; its dependency
    parse is used where the pipeline has one."""
    if sdoc is not None and sdoc.has_annotation("DEP"):
        found = from_parse(sdoc, lang, cues)
    else:
        found = from_words(text, sentences, [(n.start, n.end) for n in names], lang, cues)
    return resolve(text, found, names, lang, cues)
