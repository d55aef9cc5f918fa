"""Roles written next to names become ties, with the sentence as evidence:
"League leader Matteo Salvini" (leader_of), "the head of the Duma Committee ... Leonid Slutsky"
(head_of), "Lorenzo Fontana, a top League official" (member_of), "Stefano Stefanini, a former
Italian ambassador to NATO" (ambassador_to), "Lavarini of “Brothers of Italy”" (member_of)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..ids import make_id
from ..model import Evidence, Mention, Tie

ROLE_KINDS = {
    "leader": "leader_of",
    "chairman": "leader_of",
    "chairwoman": "leader_of",
    "chair": "leader_of",
    "president": "leader_of",
    "secretary": "leader_of",
    "founder": "leader_of",
    "captain": "leader_of",
    "coach": "head_of",
    "manager": "head_of",
    "player": "member_of",
    "head": "head_of",
    "director": "head_of",
    "chief": "head_of",
    "member": "member_of",
    "members": "member_of",
    "official": "member_of",
    "strategist": "member_of",
    "lawmaker": "member_of",
    "senator": "member_of",
    "deputy": "member_of",
    "mp": "member_of",
    "spokesman": "member_of",
    "spokeswoman": "member_of",
    "spokesperson": "member_of",
    "person": "member_of",  # "point person"
    "politician": "member_of",
    "candidate": "member_of",
    "activist": "member_of",
    "ambassador": "ambassador_to",
}
TIE_KINDS = frozenset(ROLE_KINDS.values())
ORGS = frozenset({"party", "organization"})
_ROLE = "(" + "|".join(sorted(ROLE_KINDS, key=len, reverse=True)) + ")"
_Q = "[\"“”«»'‘’]*"
# organisation, role, person: "League leader Matteo Salvini", "The League's foreign policy
# strategist, Giancarlo Giorgetti"
ORG_ROLE_PERSON = re.compile(rf"^{_Q}(?:['’]s)?\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}\s*,?\s*$", re.I)
# role of organisation, person: "the leader of the “League” Matteo Salvini"
ROLE_OF_BEFORE = re.compile(rf"\b{_ROLE}\s+(?:of|at)\s+(?:the\s+)?{_Q}$", re.I)
# person, role of/to organisation: "Nathalie Tocci, the director of the ... Institute"
PERSON_ROLE_OF_ORG = re.compile(
    rf"^,\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_ROLE}\s+(?:of|to|at|for|in)\s+(?:the\s+)?{_Q}$",
    re.I,
)
# person, organisation('s) ... role: "Lorenzo Fontana, a top League official"
PERSON_ORG_ROLE_GAP = re.compile(r"^,\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}" + _Q + "$", re.I)
PERSON_ORG_ROLE_AFTER = re.compile(rf"^{_Q}(?:['’]s)?\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}\b", re.I)
# person of organisation: "Lavarini of “Brothers of Italy”"
PERSON_OF_ORG = re.compile(rf"^\s+(?:of|from)\s+(?:the\s+)?{_Q}$", re.I)


def role_ties(
    article: str,
    text: str,
    mentions: Sequence[Mention],
    actor_of: Mapping[str, str],
    type_of: Mapping[str, str],
) -> Iterator[Tie]:
    """Ties from roles in one article; ``actor_of`` maps mention ids to actor ids and
    ``type_of`` actor ids to actor types."""
    ordered = sorted((m for m in mentions if m.id in actor_of), key=lambda m: m.start)
    seen: set[tuple[str, str, str]] = set()
    for i, m in enumerate(ordered):
        if type_of.get(actor_of[m.id]) != "person":
            continue
        for o in ordered[max(0, i - 3) : i + 4]:
            if o is m or o.sentence_start != m.sentence_start:
                continue
            if type_of.get(actor_of[o.id]) not in ORGS | {"state"}:
                continue
            kind = role_between(text, m, o)
            if kind is None or (kind != "ambassador_to" and type_of[actor_of[o.id]] == "state"):
                continue
            key = (actor_of[m.id], actor_of[o.id], kind)
            if key in seen:
                continue
            seen.add(key)
            start, end = min(m.start, o.start), max(m.end, o.end)
            yield Tie(
                id=make_id("tie", article, kind, *key[:2], start),
                source=key[0],
                target=key[1],
                kind=kind,
                evidence=(
                    Evidence(
                        article, start, end, text[start:end], m.sentence_start, m.sentence_end
                    ),
                ),
            )


def role_between(text: str, person: Mention, org: Mention) -> str | None:
    if org.end <= person.start:
        gap = text[org.end : person.start]
        if (match := ORG_ROLE_PERSON.match(gap)) is not None:
            return ROLE_KINDS[match.group(1).lower()]
        before = text[max(0, org.start - 40) : org.start]
        if gap.strip(" \"“”«»'‘’,") == "" and (match := ROLE_OF_BEFORE.search(before)):
            return ROLE_KINDS[match.group(1).lower()]
        return None
    gap = text[person.end : org.start]
    if (match := PERSON_ROLE_OF_ORG.match(gap)) is not None:
        return ROLE_KINDS[match.group(1).lower()]
    after = text[org.end : org.end + 60]
    if PERSON_ORG_ROLE_GAP.match(gap) and (match := PERSON_ORG_ROLE_AFTER.match(after)):
        return ROLE_KINDS[match.group(1).lower()]
    if PERSON_OF_ORG.match(gap) and len(gap) < 12:
        return "member_of"
    return None
