"""Stances that ties state, and one stance per holder and target in an article (the newsrel
guidelines: "A stance toward a person is both a stance and, where a tie kind fits (support,
criticism, opposition), a tie"; "One stance per holder and target per article")."""

from __future__ import annotations

from ..ids import make_id
from ..model import Evidence, Mention, Polarity, Stance, Tie
from .stances import tie_stance_confidence

# a tie toward an actor that is also a stance toward it (GUIDELINES: "A stance toward a person
# is both a stance and, where a tie kind fits, a tie")
STANCE_OF_TIE: dict[str, Polarity] = {"support": "pro", "criticism": "anti", "opposition": "anti"}
TIE_STANCE_LEAST = 0.5  # the least confidence of a tie that also gives a stance


def stances_of_ties(
    aid: str, text: str, ties: list[Tie], by_id: dict[str, Mention], read: list[Stance]
) -> list[Stance]:
    """The stance each support, criticism or opposition tie states toward its target, named as
    the text names it, unless a stance of that holder toward that name was read already."""
    seen = {(s.actor_mention, s.target.lower()) for s in read}
    out = []
    for t in ties:
        polarity = STANCE_OF_TIE.get(t.kind)
        target = by_id.get(t.target_mention or "")
        if polarity is None or t.negated or target is None or not t.evidence:
            continue
        if (t.confidence or 0.0) < TIE_STANCE_LEAST:
            continue  # a tie read from mere nearness states no one's position
        key = (t.source_mention, target.text.lower())
        if key in seen:
            continue
        seen.add(key)
        ev = t.evidence[0]
        a = ev.start if ev.sentence_start is None else ev.sentence_start
        b = ev.end if ev.sentence_end is None else ev.sentence_end
        out.append(
            Stance(
                id=make_id("stance", aid, t.source_mention, target.text, a),
                actor=t.source_mention or t.source,
                target=target.text,
                polarity=polarity,
                evidence=(
                    Evidence(aid, a, b, text[a:b], a, b, "statement"),
                    Evidence(aid, target.start, target.end, target.text, a, b, "target"),
                    *(e for e in t.evidence if e.role == "cue"),
                ),
                actor_mention=t.source_mention,
                confidence=tie_stance_confidence(t.confidence),
            )
        )
    return out


def once_per_article(stances: list[Stance], by_id: dict[str, Mention]) -> list[Stance]:
    """One stance per holder and target in an article (as the guidelines have it): where one
    name takes the same position toward a target again, the surest reading (else the first)
    stays; different positions all stay."""
    best: dict[tuple[str, str, str], Stance] = {}
    for s in stances:
        holder = by_id.get(s.actor_mention or "")
        key = (holder.norm if holder is not None else s.actor, s.target.lower(), s.polarity)
        if key not in best or (s.confidence or 0.0) > (best[key].confidence or 0.0):
            best[key] = s
    kept = {id(s) for s in best.values()}
    return [s for s in stances if id(s) in kept]
