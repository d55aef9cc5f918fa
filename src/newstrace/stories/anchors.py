"""Event anchors: what in an article's text pins down the event it reports.

Two reports of one event name the same people, places and organisations and give the same
numbers and dates; two reports of like events (two earthquakes, two rehab check-ins) share
the vocabulary of the topic but not these. An anchor is

- ``n:`` a name: a word written with a capital inside a sentence (not its first word), in a
  language that does not capitalise common nouns, that is not one of the language's stop
  words; and the words of every recognised mention, in any language. Names are transliterated
  (anyascii), lower-cased and cut to ``NAME_STEM`` characters, so Путин and Putin meet, and so do Медведева and Medvedev
  (a case ending past the stem);
- ``d:`` a number of two or more digits, with thousands separators dropped and a decimal comma
  read as a point (1,500 = 1.500 = 1500; 6,1 = 6.1), so figures and dates meet across languages.

Topic words ("earthquake", "rehab"), function words and the language an article is written in
are no anchors: they are not evidence that two articles report the same event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import import_module

NAME_STEM = 6  # characters of a transliterated name kept: Медведева -> medved
# Languages that capitalise common nouns: capitals there are no sign of a name.
NOUN_CAPITALISING = frozenset({"de", "lb"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_SENTENCE_END = re.compile(r"[.!?…:;\"“”«»\n]\s*$")


@lru_cache(maxsize=32)
def stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words of ``language`` (none for a language spaCy does not know)."""
    if not language:
        return frozenset()
    try:
        module = import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in getattr(module, "STOP_WORDS", ()))


@lru_cache(maxsize=65_536)
def name_key(word: str) -> str | None:
    """A name's word as an anchor (cached: a corpus pass asks it of the same words again and
    again, 240,000 times for 100 articles added to 100,000)."""
    from anyascii import anyascii

    ascii_word = re.sub(r"[^a-z0-9]", "", anyascii(word).lower())
    return f"n:{ascii_word[:NAME_STEM]}" if len(ascii_word) >= 3 else None


def number_key(token: str) -> str | None:
    if _THOUSANDS.match(token) and len(token) > 4:
        token = re.sub(r"[.,]", "", token)
    else:
        token = token.replace(",", ".")
    digits = sum(ch.isdigit() for ch in token)
    if digits < 2:
        return None
    return f"d:{token.lstrip('0') or '0'}"


def text_anchors(text: str, language: str | None) -> set[str]:
    """Names and numbers in ``text`` (a new set each call; found once per text and language:
    the clustering asks them of each candidate article several times)."""
    return set(_text_anchors(text, language))


@lru_cache(maxsize=8192)
def _text_anchors(text: str, language: str | None) -> frozenset[str]:
    anchors = {key for key in map(number_key, _NUMBER.findall(text)) if key}
    if language in NOUN_CAPITALISING:
        return frozenset(anchors)
    stops = stop_words(language)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or word.lower() in stops:
            continue
        before = text[max(0, match.start() - 3) : match.start()]
        if match.start() == 0 or _SENTENCE_END.search(before):
            continue  # the first word of a sentence is capitalised anyway
        key = name_key(word)
        if key:
            anchors.add(key)
    return frozenset(anchors)


def mention_anchors(mentions: Iterable[str]) -> set[str]:
    """The words of recognised names (the mentions' texts), in any language."""
    return {key for text in mentions for w in _WORD.findall(text) if (key := name_key(w))}
