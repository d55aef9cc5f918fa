"""How a predicted tie, stance or event matches a newsrel gold item (GUIDELINES.md, "How an
item matches"), and the per-kind counts. Pure functions over plain records, so that they are
tested on hand-made items."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .quotes import prf

# words that name an office or a form of address, not the actor ("Sen. Bernie Sanders")
TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "president", "rep", "representative",
     "gov", "governor", "secretary", "former", "the", "sir", "lady", "lord", "gen", "general",
     "vice", "speaker", "leader", "minister", "prime", "candidate", "chairman", "chair"}
)  # fmt: skip
# words that carry no content in a target ("the Iran nuclear deal": iran, nuclear, deal)
FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "with", "by", "at", "from",
     "as", "its", "his", "her", "their", "this", "that", "these", "those", "be", "is", "are"}
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def name_words(name: str) -> set[str]:
    return {w for w in words(name) if len(w) >= 3 and w not in TITLES}


def names_match(predicted: Sequence[str], gold: str) -> bool:
    """The predicted actor's name or any alias shares a word of three letters or more with the
    gold name, titles aside."""
    want = name_words(gold)
    return any(name_words(n) & want for n in predicted)


def evidence_match(a: str, b: str) -> bool:
    """The two evidence texts share at least half of the shorter one's words."""
    wa, wb = set(words(a)), set(words(b))
    shorter = min(len(wa), len(wb))
    return shorter > 0 and len(wa & wb) * 2 >= shorter


def target_match(predicted: str, gold: str) -> bool:
    """At least half of the gold target's content words appear in the predicted target."""
    want = {w for w in words(gold) if w not in FUNCTION_WORDS}
    have = set(words(predicted))
    return bool(want) and len(want & have) * 2 >= len(want)


def date_match(predicted: str | None, gold: str | None) -> bool:
    """Equal at the gold precision (both absent is equal)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return predicted[: len(gold)] == gold and len(predicted) >= len(gold)


@dataclass(frozen=True, slots=True)
class PredictedTie:
    source: tuple[str, ...]  # the actor's name and aliases
    target: tuple[str, ...]
    kind: str
    negated: bool
    date: str | None
    evidence: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class PredictedStance:
    holder: tuple[str, ...]
    target: str
    polarity: str
    evidence: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    date: str | None
    evidence: str
    confidence: float = 1.0


SYMMETRIC = frozenset({"meeting", "agreement", "alliance", "friendship", "family"})


def tie_matches(p: PredictedTie, g: dict[str, Any]) -> bool:
    if p.kind != g["kind"] or not evidence_match(p.evidence, g["evidence"]):
        return False
    if names_match(p.source, g["source"]) and names_match(p.target, g["target"]):
        return True
    return p.kind in SYMMETRIC and (
        names_match(p.source, g["target"]) and names_match(p.target, g["source"])
    )


def stance_matches(p: PredictedStance, g: dict[str, Any]) -> bool:
    return (
        names_match(p.holder, g["holder"])
        and target_match(p.target, g["target"])
        and evidence_match(p.evidence, g["evidence"])
    )


def event_matches(p: PredictedEvent, g: dict[str, Any]) -> bool:
    return date_match(p.date, g["date"]) and evidence_match(p.evidence, g["evidence"])


@dataclass(slots=True)
class Tally:
    """Counts of one kind over articles: matched pairs, predictions, gold items, and the
    attribute checks on matched pairs (name -> [right, checked])."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    checks: dict[str, list[int]] = field(default_factory=dict)

    def check(self, name: str, right: bool) -> None:
        c = self.checks.setdefault(name, [0, 0])
        c[0] += int(right)
        c[1] += 1

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = prf(self.tp, self.predicted, self.gold)
        out |= {"matched": self.tp, "predicted": self.predicted, "gold": self.gold}
        for name, (right, n) in sorted(self.checks.items()):
            out[name] = round(right / n, 4) if n else None
        return out


def pair_up(
    predicted: Sequence[Any], gold: Sequence[dict[str, Any]], matches: Callable[[Any, Any], bool]
) -> list[tuple[Any, dict[str, Any]]]:
    """One-to-one pairs, in order: each prediction takes the first gold item it matches that
    no earlier prediction took."""
    taken: set[int] = set()
    pairs = []
    for p in predicted:
        for i, g in enumerate(gold):
            if i not in taken and matches(p, g):
                taken.add(i)
                pairs.append((p, g))
                break
    return pairs


def score_ties(t: Tally, predicted: Sequence[PredictedTie], gold: Sequence[dict[str, Any]]) -> None:
    pairs = pair_up(predicted, gold, tie_matches)
    t.tp += len(pairs)
    t.predicted += len(predicted)
    t.gold += len(gold)
    for p, g in pairs:
        t.check("negation_accuracy", p.negated == bool(g.get("negated")))
        t.check("date_accuracy", date_match(p.date, g.get("date")))


def score_stances(
    t: Tally, predicted: Sequence[PredictedStance], gold: Sequence[dict[str, Any]]
) -> None:
    """Strict: holder, target, evidence and the same polarity; polarity accuracy on the pairs
    that match without it."""
    loose = pair_up(predicted, gold, stance_matches)
    for p, g in loose:
        t.check("polarity_accuracy", p.polarity == g["polarity"])
    strict = pair_up(
        predicted, gold, lambda p, g: stance_matches(p, g) and p.polarity == g["polarity"]
    )
    t.tp += len(strict)
    t.predicted += len(predicted)
    t.gold += len(gold)


def score_events(
    t: Tally, predicted: Sequence[PredictedEvent], gold: Sequence[dict[str, Any]]
) -> None:
    dated = [g for g in gold if g.get("date")]
    t.tp += len(pair_up(predicted, dated, event_matches))
    t.predicted += len(predicted)
    t.gold += len(dated)
