"""The act an article reports: the words of its headline and first sentence that say what
happened ("investigating", "layoffs", "crash", "released"), not who or where.

Two reports of one event say what happened in like words (both report an inquiry, or both a
crash); two pages about one company or one place on one day (an inquiry and layoffs, a
helicopter crash and a hostage release) share their names but not their act. An act word is

- a word of the headline and first sentence (the first ``ACT_CHARS`` characters of title and
  lead), written in lower case there, or in the headline capitalised (headlines are often
  title-case) when the article writes it in lower case elsewhere;
- not one of the language's stop words, of three letters or more, no number;
- cut to ``ACT_STEM`` characters (transliterated), so "investigating" meets "investigation"
  and "populists" meets "populist" (a stem, not a lemma: "dropped" is not "drops").

In a language that capitalises nouns every such word counts. Names are no act words (they are
anchors, stories/anchors.py), and neither are the words of recognised mentions. Act words are
compared only between two articles in one language: a translation is found as a copy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .anchors import NOUN_CAPITALISING, stop_words

ACT_CHARS = 250  # of the title and lead: the headline and its first sentence
ACT_STEM = 5  # characters of a word kept: investigating / investigation -> inves
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _stem(word: str) -> str | None:
    from anyascii import anyascii

    ascii_word = re.sub(r"[^a-z]", "", anyascii(word).lower())
    return f"a:{ascii_word[:ACT_STEM]}" if len(ascii_word) >= 3 else None


@lru_cache(maxsize=8192)
def act_words(
    text: str, language: str | None, names: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The act words of ``text`` (title, a newline, then the article's text), read in its
    first ``ACT_CHARS`` characters; ``names`` are the texts of the article's recognised
    mentions (their words are no act words)."""
    stops = stop_words(language)
    named = {w.lower() for n in names for w in _WORD.findall(n)}
    title, _, body = text[:ACT_CHARS].partition("\n")
    lower_elsewhere = {w for w in _WORD.findall(text) if w[0].islower()}
    capitalising = language in NOUN_CAPITALISING
    acts: set[str] = set()
    for part, is_title in ((title, True), (body, False)):
        for word in _WORD.findall(part):
            low = word.lower()
            if low in stops or low in named:
                continue
            if not (capitalising or word[0].islower() or (is_title and low in lower_elsewhere)):
                continue
            key = _stem(low)
            if key:
                acts.add(key)
    return frozenset(acts)
