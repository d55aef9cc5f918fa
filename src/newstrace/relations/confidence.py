"""How sure a tie, stance or dated event read from the parse is, from what the reading rests
on: how firmly its ends are tied to the trigger in the parse (the trigger's own subject and
complement, or an actor further up the clause, or merely the nearest name), what kind of word
the trigger is, whether it is hedged, and how many pairs one trigger spread over.

The factors are set by hand from the guidelines' notion of a stated relation, not fitted to
the gold; their product is the confidence (0..1). What is shown by default is what reaches the
``[relations]`` thresholds (docs/quality.md gives the figures at those thresholds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# how the source (the trigger's owner) was found
SOURCE = {
    "possessor": 1.0,  # "Putin's visit to Italy"
    "apposition": 0.95,  # "Brothers of Italy, the sister party of the League"
    "subject": 1.0,  # the subject of the trigger's own verb, or of the verb governing it
    "between": 0.9,  # "cooperation between Russia and the West"
    "reported": 0.75,  # the speaker, where the trigger's own subject is a pronoun in what they said
    "clause": 0.55,  # a subject further up: "X called on Y to cancel the meeting with Z"
    "pronoun": 0.35,  # "his meeting": whoever "his" is, the parse does not say
    "adjacent": 0.45,  # only the nearest name before the trigger
}
# how the target was found
TARGET = {
    "complement": 1.0,  # the trigger's object or its preposition's object
    "between": 0.9,
    "verb": 0.8,  # the complement of the verb governing a noun trigger
    "adjacent": 0.45,
}
TRIGGER_POS = {"VERB": 1.0, "NOUN": 0.85, "PROPN": 0.7, "ADJ": 0.75}
# words that make a trigger a possibility, a plan or a report, not a stated fact
HEDGES = frozenset(
    {"may", "might", "could", "would", "should", "reportedly", "allegedly", "possibly",
     "perhaps", "expect", "plan", "hope", "want", "consider", "rumor", "rumour", "if"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Link:
    """What a tie's reading rests on."""

    trigger_pos: str
    source_how: str
    target_how: str
    target_depth: int  # arcs from the trigger down to the target's head
    spread: int  # pairs the one trigger gave


def hedged(tok: Any) -> bool:
    """A hedge on the trigger or on the verbs above it in its clause."""
    node = tok
    for _ in range(4):
        if any(c.lower_ in HEDGES or c.lemma_.lower() in HEDGES for c in node.children):
            return True
        if node.dep_ in ("ROOT", "ccomp", "parataxis") or node.head == node:
            return False
        node = node.head
        if node.lemma_.lower() in HEDGES:
            return True
    return False


def tie_confidence(trigger: Any | None, link: Link) -> float:
    c = SOURCE.get(link.source_how, 0.5) * TARGET.get(link.target_how, 0.5)
    c *= TRIGGER_POS.get(link.trigger_pos, 0.6)
    if link.target_depth > 2:
        c *= 0.5  # a name inside the object's modifiers: "opposed discrimination against X"
    if link.spread > 2:
        c *= 0.7  # one trigger, many pairs: some of them are only named nearby
    if trigger is not None and hedged(trigger):
        c *= 0.5  # "would defeat Mr. Trump in a hypothetical contest"
    return round(min(1.0, max(0.0, c)), 3)


# how a stance's holder was found
HOLDER = {
    "speaker": 0.9,  # the named speaker of the quote that names the target
    "subject": 0.9,  # the subject of the clause the position word governs the target in
    "tie": 1.0,  # the source of a support, criticism or opposition tie (times its confidence)
    "lifted": 0.55,  # the subject of the clause above ("X expects relations will improve")
    "antecedent": 0.5,  # the party a "their party" stands for, named earlier
    "nearest": 0.4,  # without a parse: the nearest name before the position word
    # the speaker of a quote whose clause has another, unnamed subject ("this process favors
    # people," Micheli said): the position is often not the speaker's
    "speaker_other": 0.45,
}


def stance_confidence(
    holder_how: str, by_word: bool, holders: int, *, negative: bool = False
) -> float:
    """A position word on the path to the target is a statement; the sentiment model's
    reading of the sentence toward the target is a guess; a negated position word ("did not
    support") says what the holder does not hold, seldom what they do (``negative``)."""
    c = HOLDER.get(holder_how, 0.5) * (1.0 if by_word else 0.55)
    if negative:
        c *= 0.6
    if holders > 2:
        c *= 0.8
    return round(c, 3)


def event_confidence(head_pos: str, actors: int, quoted: bool, again: bool) -> float:
    """A dated clause about named actors, in the article's own words, is an event; a date in
    a quote ("the lesson of 2016") or on a noun with nobody in it often is not. ``again``: the
    sentence already gave an event of that date."""
    c = {"VERB": 1.0, "AUX": 0.9, "NOUN": 0.8}.get(head_pos, 0.6)
    if not actors:
        c *= 0.75
    if quoted:
        c *= 0.6
    if again:
        c *= 0.6
    return round(c, 3)
