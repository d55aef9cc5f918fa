"""Stances from the stance model (relations.stance_model) over an article's candidates
(relations.stance_candidates): each candidate's features, with what the rule readers said of
its holder and target, scored in one batch; one stance per holder and target span in a sentence
(the surest of overlapping spans), with its probability as its confidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..ids import make_id
from ..model import Evidence, Mention, Polarity, Stance, Tie
from .stance_candidates import Candidate
from .stance_model import CLASSES, Fitted, Signals, features, probabilities
from .stances import CueList
from .stances_of_ties import STANCE_OF_TIE


def signals(
    found: Sequence[Candidate], rules: Sequence[Stance], ties: Sequence[Tie]
) -> list[Signals]:
    """What the rule readers said of each candidate: the surest rule stance of the same holder
    toward an overlapping span, and a support, criticism or opposition tie from the holder to
    the target actor."""
    spans: dict[str, list[tuple[int, int, str, float]]] = {}
    for s in rules:
        target = next((e for e in s.evidence if e.role == "target"), None)
        if s.actor_mention is None or target is None:
            continue
        spans.setdefault(s.actor_mention, []).append(
            (target.start, target.end, s.polarity, s.confidence or 0.0)
        )
    tied: dict[tuple[str, str], str] = {}
    for t in ties:
        polarity = STANCE_OF_TIE.get(t.kind)
        if polarity is not None and not t.negated and t.source_mention and t.target_mention:
            tied[(t.source_mention, t.target_mention)] = polarity
    out = []
    for c in found:
        a, b = c.span
        near = [
            (conf, pol) for x, y, pol, conf in spans.get(c.holder.mention.id, []) if x < b and a < y
        ]
        rule = max(near)[::-1] if near else None
        tie = tied.get((c.holder.mention.id, c.target_mention or ""))
        out.append(Signals(rule, tie))
    return out


def feature_rows(
    sdoc: Any,
    found: Sequence[Candidate],
    said: Sequence[Signals],
    cues: CueList,
    lang: str,
    speech: set[str],
    vocabulary: Sequence[str],
) -> np.ndarray:
    per_sentence: dict[int, int] = {}
    for c in found:
        per_sentence[c.sentence.start] = per_sentence.get(c.sentence.start, 0) + 1
    rows = [
        features(
            c,
            sdoc,
            cues,
            lang,
            speech,
            s,
            per_sentence[c.sentence.start],
            vocabulary,
        )
        for c, s in zip(found, said, strict=True)
    ]
    return np.array(rows) if rows else np.zeros((0, 0))


def best_of_overlapping(
    found: Sequence[Candidate], probs: np.ndarray
) -> list[tuple[Candidate, Polarity, float]]:
    """(candidate, polarity, probability) of the surest of each holder's overlapping target
    spans in a sentence."""
    scored = []
    for c, p in zip(found, probs, strict=True):
        k = 1 if p[1] >= p[2] else 2
        scored.append((float(p[k]), c, CLASSES[k]))
    scored.sort(key=lambda t: -t[0])
    kept: list[tuple[Candidate, Polarity, float]] = []
    for conf, c, polarity in scored:
        if any(
            k.holder.mention.id == c.holder.mention.id
            and k.sentence == c.sentence
            and k.span[0] < c.span[1]
            and c.span[0] < k.span[1]
            for k, _, _ in kept
        ):
            continue
        kept.append((c, polarity, conf))  # type: ignore[arg-type]
    return kept


def stances_of_candidates(
    aid: str,
    text: str,
    sdoc: Any,
    found: Sequence[Candidate],
    rules: Sequence[Stance],
    ties: Sequence[Tie],
    fitted: Fitted,
    cues: CueList,
    lang: str,
    speech: set[str],
    least: float = 0.05,
) -> list[Stance]:
    """The stances the model reads from an article's candidates (those below ``least`` are no
    stance at all; what is shown is decided by ``[relations] stance_threshold``)."""
    if not found:
        return []
    said = signals(found, rules, ties)
    x = feature_rows(sdoc, found, said, cues, lang, speech, fitted.vocabulary)
    out = []
    for c, polarity, conf in best_of_overlapping(found, probabilities(x, fitted.weights)):
        if conf < least:
            continue
        out.append(_stance(aid, text, c, polarity, conf))
    return out


def _stance(aid: str, text: str, c: Candidate, polarity: Polarity, conf: float) -> Stance:
    a, b = c.sentence.start, c.sentence.end
    evidence = [Evidence(aid, a, b, text[a:b], a, b, "statement")]
    if c.quote is not None:
        evidence.extend(ev for ev in c.quote.evidence if ev.role in (None, "content", "speaker"))
    evidence.append(Evidence(aid, *c.span, text[c.span[0] : c.span[1]], a, b, "target"))
    holder: Mention = c.holder.mention
    return Stance(
        id=make_id("stance", aid, holder.id, c.target, c.span[0]),
        actor=holder.id,
        target=c.target,
        polarity=polarity,
        evidence=tuple(dict.fromkeys(evidence)),
        actor_mention=holder.id,
        confidence=round(conf, 3),
    )
