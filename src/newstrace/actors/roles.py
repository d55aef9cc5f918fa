"""Roles written next to names become ties of the newsrel guidelines' kinds, with the sentence
as evidence: "League leader Matteo Salvini", "the head of the Duma Committee ... Leonid Slutsky",
"Ohio Gov. John Kasich" (leader_of), "Lorenzo Fontana, a top League official", "Lavarini of
“Brothers of Italy”" (member_of), "Clinton spokesman Josh Schwerin" (works_for, toward a person
too), "Stefano Stefanini, a former Italian ambassador to NATO" (role), "Trump's daughter
Ivanka" (family, between people)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..ids import make_id
from ..model import Evidence, Mention, Tie

# a role written next to a name is stated outright; how often such a reading is right on
# newsrel dev is in docs/quality.md
ROLE_CONFIDENCE = 0.9
POSSESSED_CONFIDENCE = 0.75  # "CNN's Dana Bash": most often the outlet's journalist

ROLE_KINDS = {
    # leader_of: who leads or heads the organisation or state
    "leader": "leader_of",
    "chairman": "leader_of",
    "chairwoman": "leader_of",
    "chair": "leader_of",
    "president": "leader_of",
    "secretary": "role",  # "Secretary of State", "the secretary of the Treasury"
    "founder": "leader_of",
    "captain": "leader_of",
    "coach": "works_for",
    "head": "leader_of",
    "director": "leader_of",
    "chief": "leader_of",
    "ceo": "leader_of",
    "speaker": "leader_of",
    "governor": "leader_of",
    "gov": "leader_of",
    "mayor": "leader_of",
    # member_of: a member, official or candidate of the body
    "player": "member_of",
    "member": "member_of",
    "members": "member_of",
    "official": "member_of",
    "lawmaker": "member_of",
    "senator": "member_of",
    "congressman": "member_of",
    "congresswoman": "member_of",
    "deputy": "member_of",
    "mp": "member_of",
    "person": "member_of",  # "point person"
    "politician": "member_of",
    "candidate": "member_of",
    "nominee": "member_of",
    "activist": "member_of",
    "delegate": "member_of",
    # works_for: employed by or speaking for the organisation or person
    "spokesman": "works_for",
    "spokeswoman": "works_for",
    "spokesperson": "works_for",
    "strategist": "works_for",
    "manager": "works_for",
    "adviser": "works_for",
    "advisor": "works_for",
    "aide": "works_for",
    "counsel": "works_for",
    "analyst": "works_for",
    "correspondent": "works_for",
    "reporter": "works_for",
    "columnist": "works_for",
    "editor": "works_for",
    # role: any other stated office
    "ambassador": "role",
    # family: "Trump's daughter Ivanka", "Mr. Bush's father, George Bush"
    "wife": "family",
    "husband": "family",
    "daughter": "family",
    "son": "family",
    "father": "family",
    "mother": "family",
    "brother": "family",
    "sister": "family",
    "spouse": "family",
}
# roles whose holder serves a person ("Clinton spokesman Josh Schwerin", "Trump's campaign
# manager Corey Lewandowski")
PERSONAL = frozenset({"works_for", "family"})
# roles that may lead a state or place ("Ohio Gov. John Kasich")
OF_PLACE = frozenset({"governor", "gov", "mayor"})
TIE_KINDS = frozenset(ROLE_KINDS.values())
ORGS = frozenset({"party", "organization"})
PLACES = frozenset({"state", "place"})
_ROLE = "(" + "|".join(sorted(ROLE_KINDS, key=len, reverse=True)) + r")\.?"
_Q = "[\"“”«»'‘’]*"
# organisation, role, person: "League leader Matteo Salvini", "The League's foreign policy
# strategist, Giancarlo Giorgetti"
ORG_ROLE_PERSON = re.compile(rf"^{_Q}(?:['’]s)?\s+(?:[\w'’-]+\s+){{0,3}}?{_ROLE}\s*,?\s*$", re.I)
# role of organisation, person: "the leader of the “League” Matteo Salvini"
ROLE_OF_BEFORE = re.compile(rf"\b{_ROLE}\s+(?:of|at)\s+(?:the\s+)?{_Q}$", re.I)
# person, role of/to organisation: "Nathalie Tocci, the director of the ... Institute"
PERSON_ROLE_OF_ORG = re.compile(
    rf"^,\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_ROLE}\s+(?:of|to|at|for|in)\s+(?:the\s+)?{_Q}$",
    re.I,
)
# person, organisation('s) ... role: "Lorenzo Fontana, a top League official"
PERSON_ORG_ROLE_GAP = re.compile(r"^,\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}" + _Q + "$", re.I)
PERSON_ORG_ROLE_AFTER = re.compile(rf"^{_Q}(?:['’]s)?\s+(?:[\w'’-]+\s+){{0,3}}?{_ROLE}\b", re.I)
# organisation's person: "CNN's Dana Bash", "The Post's Ruth Marcus"
ORG_POSSESSES_PERSON = re.compile(r"^['’]s\s+$")
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
            if o is m or o.sentence_start != m.sentence_start or actor_of[o.id] == actor_of[m.id]:
                continue
            found = role_between(text, m, o)
            if found is None:
                continue
            kind, role = found
            other = type_of.get(actor_of[o.id])
            if (kind == "family" and other != "person") or (
                role == "'s" and other != "organization"
            ):
                continue  # "Trump's Ivanka" is no employee
            if not (
                other in ORGS
                or (other == "person" and kind in PERSONAL)
                or (other in PLACES and (role in OF_PLACE or kind == "role"))
            ):
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
                confidence=ROLE_CONFIDENCE if role != "'s" else POSSESSED_CONFIDENCE,
            )


def role_between(text: str, person: Mention, org: Mention) -> tuple[str, str] | None:
    """(kind, role word) of the role written between a person and an organisation (or a
    person, or a place) next to it."""
    if org.end <= person.start:
        gap = text[org.end : person.start]
        if (match := ORG_ROLE_PERSON.match(gap)) is not None:
            return _role(match)
        if ORG_POSSESSES_PERSON.match(gap):
            return "works_for", "'s"
        before = text[max(0, org.start - 40) : org.start]
        if gap.strip(" \"“”«»'‘’,") == "" and (match := ROLE_OF_BEFORE.search(before)):
            return _role(match)
        return None
    gap = text[person.end : org.start]
    if (match := PERSON_ROLE_OF_ORG.match(gap)) is not None:
        return _role(match)
    after = text[org.end : org.end + 60]
    if PERSON_ORG_ROLE_GAP.match(gap) and (match := PERSON_ORG_ROLE_AFTER.match(after)):
        return _role(match)
    if PERSON_OF_ORG.match(gap) and len(gap) < 12:
        return "member_of", "of"
    return None


def _role(match: re.Match[str]) -> tuple[str, str]:
    role = match.group(1).lower()
    return ROLE_KINDS[role], role
