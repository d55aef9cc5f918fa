"""Text normalisation shared by ingest (content hashes) and the stages (name keys), and a
parsed doc's text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n+")
_QUOTES = "\"'“”„‟«»‹›‘’‚‛`´"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)


# a sentence's end: a full stop, question or exclamation mark (and a closing quote) before
# a space and a capital, a digit or an opening quote
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*\s+(?=[A-ZА-ЯЁÀ-ÞĀ-Ž\d\"“«‘])")


def lead_title(text: str, max_chars: int = 100) -> str:
    """A title for an article that has none: the first sentence of its first line (of four
    words or more), cut at a word (with an ellipsis) past ``max_chars``."""
    first = text.strip().split("\n", 1)[0].strip()
    for end in _SENTENCE_END.finditer(first):
        before = first[: end.start()].split()
        # an abbreviation or initial ("Dr. Smith", "J. R. Smith") ends no sentence
        if len(before) >= 4 and len(before[-1]) > 3:
            first = first[: end.start() + 1]
            break
    if len(first) <= max_chars:
        return first
    return first[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "…"


def clean_text(text: str) -> str:
    """Tidy extracted text without moving words: NFC, unified newlines, no trailing spaces,
    at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(_WS.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def content_hash(text: str) -> str:
    """Hash over the normalised text: case, whitespace and punctuation style do not count."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = "".join(ch for ch in norm if ch.isalnum() or ch.isspace())
    norm = " ".join(norm.split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def strip_name(surface: str) -> str:
    """A mention's surface text without surrounding quotes, possessive or a leading 'the'."""
    name = " ".join(surface.split()).strip(_QUOTES + " ,.;:()[]")
    name = _POSSESSIVE.sub("", name).strip(_QUOTES + " ")
    name = _LEADING_THE.sub("", name)
    return name.strip(_QUOTES + " ")


def name_key(surface: str) -> str:
    """The key two spellings of one name share: stripped, accent-folded, case-folded."""
    name = unicodedata.normalize("NFKD", strip_name(surface))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = re.sub(r"[^\w\s-]", " ", name.casefold())
    return " ".join(name.replace("-", " ").split())


def doc_text(sdoc: Any) -> str:
    """A parsed doc's text, built once: spaCy's ``Doc.text`` joins every token on each call,
    which made the readers' per-sentence lookups quadratic in the article's length."""
    text = sdoc.user_data.get("newstrace.text")
    if text is None:
        text = sdoc.user_data["newstrace.text"] = sdoc.text
    return str(text)


def searchable(query: str) -> str:
    """A search query as a database takes it: NUL (PostgreSQL refuses it in text) as a space,
    a lone surrogate (no UTF-8 form) as U+FFFD."""
    return query.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start:end`` of ``text`` widened to whole words (a match or a token piece may
    end inside one: 'From “t')."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end
