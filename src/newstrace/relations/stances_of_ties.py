"""Stances that ties state, and one stance per holder and target in an article (the newsrel
guidelines: "A stance toward a person is both a stance and, where a tie kind fits (support,
criticism, opposition), a tie"; "One stance per holder and target per article")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ids import make_id
from ..model import Evidence, Mention, Polarity, Stance, Tie
from .stances import fullest_name, tie_stance_confidence

# a tie toward an actor that is also a stance toward it (GUIDELINES: "A stance toward a person
# is both a stance and, where a tie kind fits, a tie")
STANCE_OF_TIE: dict[str, Polarity] = {"support": "pro", "criticism": "anti", "opposition": "anti"}
TIE_STANCE_LEAST = 0.5  # the least confidence of a tie that also gives a stance
# a target named again with a phrase after it: "waterboarding" / "waterboarding for the …"
_FOLLOWING = re.compile(r"\s+(for|of|in|on|against|to|with|from|by|at)\b")


def stances_of_ties(
    aid: str,
    text: str,
    ties: list[Tie],
    by_id: dict[str, Mention],
    read: list[Stance],
    mentions: Sequence[Mention] = (),
) -> list[Stance]:
    """The stance each support, criticism or opposition tie states toward its target, named by
    the fullest name the article gives it among ``mentions`` ("Mrs. Clinton" -> "Hillary
    Clinton"), unless a stance of that holder toward that name was read already."""
    seen = {(s.actor_mention, s.target.lower()) for s in read}
    out = []
    for t in ties:
        polarity = STANCE_OF_TIE.get(t.kind)
        target = by_id.get(t.target_mention or "")
        if polarity is None or t.negated or target is None or not t.evidence:
            continue
        if (t.confidence or 0.0) < TIE_STANCE_LEAST:
            continue  # a tie read from mere nearness states no one's position
        name = fullest_name(target, mentions)
        key = (t.source_mention, name.lower())
        if key in seen:
            continue
        seen.add(key)
        ev = t.evidence[0]
        a = ev.start if ev.sentence_start is None else ev.sentence_start
        b = ev.end if ev.sentence_end is None else ev.sentence_end
        out.append(
            Stance(
                id=make_id("stance", aid, t.source_mention, name, a),
                actor=t.source_mention or t.source,
                target=name,
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
    actor (by the fullest name the article gives it) takes the same position toward a target
    again, or toward a target named more fully ("waterboarding", "waterboarding for the
    terrorists themselves"), the surest reading stays (of equally sure ones, the one naming
    the target most plainly, else the first); different positions all stay."""
    mentions = list(by_id.values())
    best: list[tuple[tuple[str, str], str, Stance]] = []
    for s in stances:
        holder = by_id.get(s.actor_mention or "")
        who = fullest_name(holder, mentions).lower() if holder is not None else s.actor
        target = s.target.lower()
        for i, (key, seen, kept) in enumerate(best):
            if key == (who, s.polarity) and _same_target(target, seen):
                surer = (s.confidence or 0.0, -len(s.target))
                if surer > (kept.confidence or 0.0, -len(kept.target)):
                    best[i] = (key, seen, s)
                break
        else:
            best.append(((who, s.polarity), target, s))
    kept_ids = {id(s) for _, _, s in best}
    return [s for s in stances if id(s) in kept_ids]


def _same_target(a: str, b: str) -> bool:
    """The same target, or one named more fully by a phrase after it ("waterboarding for the
    terrorists themselves"; not "Ted Cruz's campaign", another target)."""
    short, long = sorted((a, b), key=len)
    return short == long or (
        long.startswith(short) and _FOLLOWING.match(long, len(short)) is not None
    )
