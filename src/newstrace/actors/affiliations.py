"""Party and legislature memberships written as a person's title, where the body itself is
not named in the phrase: "Democratic presidential candidate Hillary Clinton", "Republican
strategist Ryan Williams", "Gov. Mike Pence (R)", "Sen. Lindsey O. Graham (R-S.C.)" (member_of
the party), "Sen. Ted Cruz", "Sanders, a Vermont senator" (member_of the Senate). The body is
the corpus's actor that the title word names ("Democratic" -> the party actor whose name or
alias holds "Democrat"; "Sen." -> the "Senate"), preferring one the article itself mentions:
no actor is made up, so an article about a corpus that never names the body gets no tie.

English only; the title words are the guidelines' own examples of member_of (newsrel
GUIDELINES.md: "member, official, candidate, senator of a party or body")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..ids import make_id
from ..model import Evidence, Mention, Tie
from ..text import name_key
from .resolve import Resolution
from .roles import role_ties

# how often such a reading is right on newsrel is in docs/quality.md
PARTY_TITLE_CONFIDENCE = 0.85
PARTY_TAG_CONFIDENCE = 0.9
# a legislature named by a title alone ("Sen. Ted Cruz"): right in 13 of 13 on the newsrel
# training annotations but in 5 of 11 on dev, whose annotators often leave it out or take it
# from another sentence; below the default tie threshold, shown with --all
LEGISLATOR_CONFIDENCE = 0.5
SECRETARY_CONFIDENCE = 0.85  # "Secretary of State John Kerry"

# party words and the word their actor's name or alias holds
PARTY_WORDS = {"democratic": "democrat", "democrat": "democrat", "republican": "republican",
               "gop": "gop"}  # fmt: skip
PARTY_TAGS = {"D": "democrat", "R": "republican"}
# titles a party adjective gives a member of that party
_MEMBER = (
    r"(?:candidates?|nominees?|front-?runners?|hopefuls?|contenders?|challengers?|rivals?"
    r"|senators?|sen\.|rep\.|representatives?|congress(?:wo)?man|governors?|gov\."
    r"|strategists?|operatives?|consultants?|pollsters?|lawmakers?|leaders?|officials?"
    r"|activists?|donors?|delegates?|chair(?:man|woman)?|mayor|politicians?)"
)
_WORD = r"[\w’'.-]+"
# "Democratic presidential front-runner ", "Republican strategist ", "Democrat "
PARTY_TITLE = re.compile(
    rf"\b(Democratic|Democrat|Republican|GOP)\s+(?:(?:{_WORD}\s+){{0,4}}?{_MEMBER}\s+)?$"
)
# " (R)", " (D-Vt.)", " (R-S.C.)"
PARTY_TAG = re.compile(r"^\s*\(([DR])(?:\s*-\s*[A-Z][\w.]*(?:\s?[A-Z][\w.]*)?)?\)")
# titles that name the body they are held in: "Sen. ", "Senator ", "Rep. ", "Congresswoman ",
# "Secretary of State "
LEGISLATOR_TITLE = re.compile(
    r"\b(Sen\.|Senator|Rep\.|Representative|Congressman|Congresswoman|[Ss]ecretary of State)\s+$"
)
# "Sanders, a Vermont senator", "Prescott Bush, a Republican senator from Connecticut"
LEGISLATOR_APPOSITION = re.compile(
    rf"^,\s+(?:an?|the)\s+(?:(?:former|then|longtime|veteran|{_WORD})\s+){{0,3}}?"
    r"(senator|congressman|congresswoman)\b",
    re.I,
)
# the body each legislator's title names, by the name keys its actor may have
BODIES = {
    "sen.": ("senate", "u s senate", "united states senate"),
    "senator": ("senate", "u s senate", "united states senate"),
    "rep.": ("house of representatives", "u s house of representatives", "house"),
    "representative": ("house of representatives", "u s house of representatives", "house"),
    "congressman": ("house of representatives", "united states congress", "congress", "house"),
    "congresswoman": ("house of representatives", "united states congress", "congress", "house"),
    "secretary of state": ("state department", "u s state department", "department of state",
                           "united states department of state"),
}  # fmt: skip
# the kind of tie each title gives (member_of where not named), and how sure it is
TITLE_KINDS = {"secretary of state": "role"}
TITLE_CONFIDENCE = {"secretary of state": SECRETARY_CONFIDENCE}
# what may stand between two people who share one title: "candidates Hillary Clinton and
# Bernie Sanders", "hopefuls former Maryland Gov. Martin O'Malley and former Secretary of
# State Hillary Clinton"
SHARED = re.compile(rf"^\s+and\s+(?:{_WORD}\s+){{0,5}}$")


@dataclass(frozen=True, slots=True)
class Bodies:
    """The corpus's actors: ``keys`` maps each actor id to the name keys of its name and
    aliases, ``weight`` to its number of mentions; ``parties`` are those of type party."""

    keys: Mapping[str, frozenset[str]]
    weight: Mapping[str, int]
    parties: frozenset[str]

    def party(self, word: str, here: set[str]) -> str | None:
        found = [
            a
            for a in self.parties
            if any(w.startswith(word) for k in self.keys.get(a, ()) for w in k.split())
        ]
        return self._best(found, here)

    def named(self, names: Sequence[str], here: set[str]) -> str | None:
        """The actor (not a party) with the first of ``names`` that some actor has."""
        for name in names:
            found = [a for a, keys in self.keys.items() if name in keys and a not in self.parties]
            if found:
                return self._best(found, here)
        return None

    def _best(self, found: list[str], here: set[str]) -> str | None:
        if not found:
            return None
        return max(found, key=lambda a: (a in here, self.weight.get(a, 0), a))


def affiliation_ties(
    article: str,
    text: str,
    mentions: Sequence[Mention],
    actor_of: Mapping[str, str],
    type_of: Mapping[str, str],
    bodies: Bodies,
) -> Iterator[Tie]:
    """member_of (and role) ties from the titles of one article's people."""
    ordered = sorted((m for m in mentions if m.id in actor_of), key=lambda m: m.start)
    here = {actor_of[m.id] for m in ordered}
    seen: set[tuple[str, str, str]] = set()
    titled: dict[str, list[Titled]] = {}  # mention -> the titles written before it
    for i, m in enumerate(ordered):
        person = actor_of[m.id]
        if type_of.get(person) != "person":
            continue
        found: list[Titled] = []
        before = text[max(m.sentence_start, m.start - 90) : m.start]
        previous_end = ordered[i - 1].end if i else 0
        at_before = m.start - len(before)
        match = PARTY_TITLE.search(before)
        if match is not None and at_before + match.start() >= previous_end:
            # no other name between the title and the person
            word = PARTY_WORDS[match.group(1).lower()]
            found.append(
                Titled(bodies.party(word, here), "member_of", at_before + match.start(),
                       PARTY_TITLE_CONFIDENCE)
            )  # fmt: skip
        if (match := LEGISLATOR_TITLE.search(before)) is not None:
            title = match.group(1).lower()
            found.append(
                Titled(bodies.named(BODIES[title], here),
                       TITLE_KINDS.get(title, "member_of"),
                       at_before + match.start(), TITLE_CONFIDENCE.get(title, LEGISLATOR_CONFIDENCE))
            )  # fmt: skip
        after = text[m.end : min(m.sentence_end, m.end + 90)]
        if (match := PARTY_TAG.match(after)) is not None:
            party = bodies.party(PARTY_TAGS[match.group(1)], here)
            found.append(Titled(party, "member_of", m.end + match.end(), PARTY_TAG_CONFIDENCE))
        if (match := LEGISLATOR_APPOSITION.match(after)) is not None:
            body = bodies.named(BODIES[match.group(1).lower()], here)
            found.append(Titled(body, "member_of", m.end + match.end(), LEGISLATOR_CONFIDENCE))
        # a title shared with the person before: "candidates Hillary Clinton and Bernie Sanders"
        if i and ordered[i - 1].id in titled and SHARED.match(text[ordered[i - 1].end : m.start]):
            found.extend(titled[ordered[i - 1].id])
        kept = [t for t in found if t.body is not None and t.body != person]
        titled[m.id] = [t for t in kept if t.at < m.start]
        for t in kept:
            assert t.body is not None
            key = (person, t.body, t.kind)
            if key in seen:
                continue
            seen.add(key)
            start, end = min(t.at, m.start), max(t.at, m.end)
            yield Tie(
                id=make_id("tie", article, t.kind, person, t.body, start),
                source=person,
                target=t.body,
                kind=t.kind,
                evidence=(
                    Evidence(
                        article, start, end, text[start:end], m.sentence_start, m.sentence_end
                    ),
                ),
                confidence=t.confidence,
            )


@dataclass(frozen=True, slots=True)
class Titled:
    body: str | None  # the actor the title names, if the corpus has one
    kind: str
    at: int  # where the title is written
    confidence: float


def bodies_of(
    resolution: Resolution,
    stored: Mapping[str, set[str]] | None = None,
    stored_parties: Iterable[str] = (),
) -> Bodies:
    """The resolved corpus's actors by the keys of their names and aliases, and its parties;
    an incremental pass adds the ``stored`` actors' keys (actor id -> name keys) and parties."""
    keys: dict[str, set[str]] = {a.id: {name_key(a.name)} for a in resolution.actors}
    for actor_id, _alias, key in resolution.aliases:
        keys.setdefault(actor_id, set()).add(key)
    for actor_id, stored_keys in (stored or {}).items():
        keys.setdefault(actor_id, set()).update(stored_keys)
    weight: dict[str, int] = {}
    for _mention, actor_id in resolution.assignments:
        weight[actor_id] = weight.get(actor_id, 0) + 1
    return Bodies(
        {a: frozenset(k) for a, k in keys.items()},
        weight,
        frozenset(a.id for a in resolution.actors if a.type == "party") | frozenset(stored_parties),
    )


BODY_KEYS = frozenset(key for names in BODIES.values() for key in names)


def article_ties(
    article: str,
    text: str,
    mentions: Sequence[Mention],
    actor_of: Mapping[str, str],
    type_of: Mapping[str, str],
    bodies: Bodies,
) -> list[Tie]:
    """One article's role ties (roles.role_ties) and the affiliations its titles give, once
    each: what the full and the incremental actors pass both write."""
    ties = list(role_ties(article, text, mentions, actor_of, type_of))
    known = {(t.source, t.target, t.kind) for t in ties}
    ties += [
        t
        for t in affiliation_ties(article, text, mentions, actor_of, type_of, bodies)
        if (t.source, t.target, t.kind) not in known
    ]
    return ties
