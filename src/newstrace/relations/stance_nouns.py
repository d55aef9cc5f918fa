"""Stances a noun of support states between two actors: "Wasserman Schultz had endorsements
from President Barack Obama, Hillary Clinton and Joe Biden", "Pence's endorsement of Cruz",
"Cruz won the backing of the governor". The holder is the noun's possessor or the actors after
its "from" (or "of", when the possessor is not there); the target is the actor after its "of"
or "for", else the subject of the verb that received the support."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..model import Polarity, Sentence
from .confidence import stance_confidence
from .stances import RECEIVING, FoundStance
from .syntax import Placed, negated, within

# nouns of support an actor gives another (lemmas)
SUPPORT_NOUNS: dict[str, Polarity] = {"endorsement": "pro", "backing": "pro"}


def from_support_nouns(
    toks: Sequence[Any],
    placed: Sequence[Placed],
    sentence: Sentence,
    lang: str,
    fullest: Callable[[Placed], str],
) -> Iterator[FoundStance]:
    for tok in toks:
        polarity = SUPPORT_NOUNS.get(tok.lemma_.lower())
        if polarity is None or tok.pos_ != "NOUN":
            continue
        owner = [p for c in tok.children if c.dep_ == "poss" for p in within(c, placed)]
        after = {
            c.lower_: [p for g in c.children if g.dep_ == "pobj" for p in within(g, placed)]
            for c in tok.children
            if c.dep_ == "prep"
        }
        if owner:
            holders, targets = owner, after.get("of", []) + after.get("for", [])
        else:
            holders = after.get("from", []) or after.get("of", [])
            targets = after.get("for", []) if after.get("from") or after.get("of") else []
        got = _received(tok)
        if not targets and got is not None:
            targets = [p for c in got.children if c.dep_ == "nsubj" for p in within(c, placed)]
        if not holders or len(targets) != 1:
            continue
        target = targets[0]
        if negated(tok, lang, denial=False):
            continue  # "did not win the endorsement of …" states no one's position
        confidence = stance_confidence("subject", True, len(holders))
        for holder in holders:
            if holder.mention.norm == target.mention.norm:
                continue
            yield FoundStance(
                holder,
                holder.mention.id,
                fullest(target),
                (target.start, target.end),
                polarity,
                (tok.idx, tok.idx + len(tok.text)),
                None,
                sentence,
                confidence,
                "noun",
            )


def _received(tok: Any) -> Any | None:
    """The verb of receiving the noun is the object of, directly or as part of a larger
    object ("had her own reinforcements, including endorsements from …")."""
    node = tok
    for _ in range(3):
        if node.dep_ == "dobj" and node.head.lemma_.lower() in RECEIVING:
            return node.head
        if node.dep_ == "pobj" and node.head.lower_ in ("including", "with"):
            node = node.head.head
            continue
        return None
    return None
