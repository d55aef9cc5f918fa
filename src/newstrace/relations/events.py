"""Dated events an article reports: the clause a date expression belongs to, with the actors
mentioned in it ("in 2009, when the Italian court in absentia has sentenced the former head of
the CIA", "Fiat built a huge factory" in the 1960s). With a parse, the clause is the phrase the
date attaches to (a verb's clause without its subordinate clauses, or an event noun's phrase:
"the kidnapping of a Muslim cleric in Milan in 2003"), and a "when" clause hanging on the date
is an event of that date too. Without a parse, the sentence is the event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Sentence
from .dates import DateMention
from .syntax import Placed

MAX_CHARS = 300
# children whose subtrees are other clauses, not part of this event's text
_OTHER_CLAUSES = frozenset({"advcl", "relcl", "ccomp", "parataxis", "conj", "cc", "acl", "mark"})


@dataclass(frozen=True, slots=True)
class FoundEvent:
    date: DateMention
    start: int
    end: int
    actors: tuple[Placed, ...]
    head_pos: str = ""  # the part of speech of the word the date attaches to ("" unparsed)


def from_parse(
    sdoc: Any, sentence: Sentence, dates: Sequence[DateMention], placed: Sequence[Placed], text: str
) -> Iterator[FoundEvent]:
    for date in dates:
        span = sdoc.char_span(date.start, date.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        anchor = span.root
        heads = [_event_head(anchor)]
        heads.extend(
            c
            for c in anchor.children
            if c.dep_ in ("relcl", "advcl", "acl") and c.pos_ in ("VERB", "AUX")
        )
        for head in heads:
            if head is None or head.i in range(span.start, span.end):
                continue
            start, end = _clause(head, text)
            if head == heads[0]:
                start, end = min(start, date.start), max(end, date.end)
            if end - start > MAX_CHARS or end - start <= (date.end - date.start) + 3:
                continue
            actors = tuple(p for p in placed if start <= p.start and p.end <= end)
            yield FoundEvent(date, start, end, actors, head.pos_)


def _event_head(tok: Any) -> Any | None:
    """The word a date modifies, past its preposition ("in 2003" -> "kidnapping")."""
    node = tok.head
    if node.pos_ == "ADP" and node.head != node:
        node = node.head
    if node == tok or node.pos_ not in ("VERB", "AUX", "NOUN"):
        return None
    return node


def _clause(head: Any, text: str) -> tuple[int, int]:
    keep = [head]
    for child in head.children:
        if child.dep_ in _OTHER_CLAUSES and head.pos_ in ("VERB", "AUX"):
            continue
        keep.extend(child.subtree)
    start = min(t.idx for t in keep)
    end = max(t.idx + len(t.text) for t in keep)
    while end > start and (text[end - 1] in " ,;:.–—-" or text[end - 1].isspace()):
        end -= 1
    while start < end and (text[start] in " ,;:.–—-" or text[start].isspace()):
        start += 1
    return start, end


def from_sentence(
    sentence: Sentence, dates: Sequence[DateMention], placed: Sequence[Placed]
) -> Iterator[FoundEvent]:
    """Without a parse: the sentence, once, with its first dated expression."""
    if dates and sentence.end - sentence.start <= MAX_CHARS:
        yield FoundEvent(dates[0], sentence.start, sentence.end, tuple(placed))
