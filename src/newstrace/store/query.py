"""The portable search syntax (words all required, "a phrase", OR, -excluded): what a query
looks for, and the same query for SQLite's FTS5."""

from __future__ import annotations

import re
from itertools import pairwise

from ..text import searchable

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def to_fts5(query: str) -> str:
    """The portable search syntax (as web search engines and PostgreSQL's
    websearch_to_tsquery read it: words all required, "a phrase", OR, -excluded) as an FTS5
    query. Every term is quoted, so user text cannot inject FTS5 operators."""
    positive: list[str] = []
    negative: list[str] = []
    for negated, phrase, word in _TOKEN.findall(query):
        if word == "OR":
            if positive and positive[-1] != "OR":
                positive.append("OR")
            continue
        text = phrase or word
        if word.startswith("-") and len(word) > 1:
            negated, text = "-", word[1:]
        terms = " ".join(re.findall(r"\w+", text))
        if terms:
            (negative if negated else positive).append(f'"{terms}"')
    while positive and positive[-1] == "OR":
        positive.pop()
    if not positive:
        return '""'  # nothing to look for (FTS5 needs a positive term)
    out = positive[0]
    for previous, part in pairwise(positive):
        out += f" {part}" if "OR" in (previous, part) else f" AND {part}"
    return out + "".join(f" NOT {n}" for n in negative)


def looks_for_something(query: str) -> bool:
    """Whether a query has a word or phrase to look for (one of only ``-excluded`` words,
    which full-text indexes cannot answer, finds nothing)."""
    return to_fts5(searchable(query)) != '""'
