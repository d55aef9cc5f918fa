"""What a stance's reading rests on (relations.stance_scorer.StanceReading), gathered from the
readings of one statement or from the tie that states it, and the stances given the fitted
scorer's probability as their confidence."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import Evidence, Mention, Quote, Stance
from .sentiment import TargetSentiment
from .stance_scorer import StanceReading, fitted, score_stance
from .stances import FoundStance

# a holder found in several ways takes the surest: the order of confidence.HOLDER
_SUREST = ("tie", "subject", "speaker", "noun", "lifted", "antecedent", "speaker_other", "nearest")


def _role(stance: Stance, role: str) -> Evidence | None:
    return next((e for e in stance.evidence if e.role == role), None)


def _distance(holder: Mention | None, target: Evidence | None) -> int:
    if holder is None or target is None:
        return 400
    return max(0, target.start - holder.end, holder.start - target.end)


def _target_words(stance: Stance) -> int:
    return len(stance.target.split())


def of_group(
    text: str, stance: Stance, group: Sequence[FoundStance], by_id: dict[str, Mention]
) -> StanceReading:
    first = group[0]
    actor = any(m.start < first.span[1] and first.span[0] < m.end for m in by_id.values())
    holder = by_id.get(first.holder_mention)
    target = _role(stance, "target")
    how = min((f.how for f in group), key=lambda h: _SUREST.index(h) if h in _SUREST else 99)
    return StanceReading(
        how=how,
        by_word=any(f.cue is not None for f in group),
        polarity=stance.polarity,
        quoted=any(f.quote is not None for f in group),
        target_actor=actor,
        # a listed target is named by the list's name, not as written
        target_listed=not actor and first.target != text[first.span[0] : first.span[1]],
        target_words=_target_words(stance),
        holder_type=holder.type if holder is not None else "",
        distance=_distance(holder, target),
        readings=len(group),
        prior=stance.confidence or 0.0,
    )


def of_tie(stance: Stance, by_id: dict[str, Mention], quotes: Sequence[Quote]) -> StanceReading:
    """A stance a support, criticism or opposition tie states (relations.stances_of_ties)."""
    holder = by_id.get(stance.actor_mention or "")
    target = _role(stance, "target")
    at = target.start if target is not None else -1
    return StanceReading(
        how="tie",
        by_word=True,
        polarity=stance.polarity,
        quoted=any(
            ev.start <= at < ev.end for q in quotes for ev in q.evidence if ev.role == "content"
        ),
        target_actor=True,
        target_listed=False,
        target_words=_target_words(stance),
        holder_type=holder.type if holder is not None else "",
        distance=_distance(holder, target),
        readings=1,
        prior=stance.confidence or 0.0,
    )


def with_sentiment(
    text: str, readings: Sequence[tuple[Stance, StanceReading]], sentiment: TargetSentiment
) -> list[StanceReading]:
    """The readings with the target-sentiment model's probabilities for each stance's
    statement toward its target (unchanged where the model is not installed)."""
    items, where = [], []
    for i, (stance, _) in enumerate(readings):
        statement, target = _role(stance, "statement"), _role(stance, "target")
        if statement is None or target is None:
            continue
        a, b = statement.start, statement.end
        if not (a <= target.start and target.end <= b):
            continue
        items.append((text[a:b], target.start - a, target.end - a))
        where.append(i)
    out = [r for _, r in readings]
    if not items or not sentiment.available:
        return out
    for i, p in zip(where, sentiment.proba(items), strict=True):
        out[i] = dataclasses.replace(out[i], sentiment=(float(p[0]), float(p[1]), float(p[2])))
    return out


def rescored(
    text: str, readings: Sequence[tuple[Stance, StanceReading]], sentiment: TargetSentiment
) -> list[Stance]:
    """The stances, each with the fitted scorer's probability as its confidence (the hand-set
    confidence where the scorer is not installed)."""
    if not fitted():
        return [s for s, _ in readings]
    full = with_sentiment(text, readings, sentiment)
    return [
        dataclasses.replace(s, confidence=score_stance(r))
        for (s, _), r in zip(readings, full, strict=True)
    ]
