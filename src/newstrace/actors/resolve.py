"""From mentions to actors: one canonical identity per person, party, organisation and state.

Within an article: titles are cut off, a surname joins the full name written nearest before it
("Salvini" -> "Matteo Salvini"), a name split by a translation comma ("Roberto Gangi,
Lavarini", whose second part the article then uses alone) is one person, and a name is linked
to the knowledge base when the base knows it (ambiguous names decided by the countries the
article is about). Across articles and languages: the same knowledge-base entry, the same
order- and plural-free token key ("Movement five stars" = "Five Star Movement"), the same key
in Latin letters (Путин = Putin), the same name in another spelling system (Turčinov =
Turchynov, see spelling.py), an acronym that spells one known name, or a lone surname that
only one person in the corpus carries. Analyst corrections (must-link and cannot-link on name
keys) are applied last, so they survive re-runs and new stage versions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from ..ids import make_id
from ..kb import Entry, KnowledgeBase
from ..model import Actor, Mention
from ..text import name_key, strip_name
from .junk import (
    HONORIFICS,
    INSTITUTION_WORDS,
    ORGANISATION_WORDS,
    PARTICLES,
    before_a_name,
    completed_name,
    cut_off,
    direction,
    gerund_opener,
    glued_words,
    honoured,
    impersonal,
    in_longer_name,
    law_name,
    measured,
    organisation_name,
    product_line,
    product_name,
    state_abbreviation,
    tail_of_name,
    title_case,
    titled,
    unnamed,
    without_opener,
    written_lower,
)
from .linking import (
    context_countries,
    link,
    metonym_only,
    place_context,
    place_of_metonym,
    stands_as_place,
)
from .names import initials, is_acronym, split_title, token_key, translit_key
from .spelling import spelled, spelling_groups

# Mention types that make actors; NORP, events, laws and works stay mentions only.
ACTOR_TYPES = frozenset({"person", "organization", "place", "party", "state"})
DASHES = "-‐‑‒–—―− "
# a lone surname written in another spelling than the full name's (Turchynov, Turčinov) joins
# it from this many letters; shorter ones name several people too often (Smith and Smyth)
SURNAME_MIN = 6
# Countries whose people the press names family name first, as the knowledge base writes them
# ("Xi Jinping", "Moon Jae-in"): there the first word of a person's name is the surname
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "HK", "MO", "KR", "KP"})
PARTY_WORDS = frozenset(
    {"party", "movement", "partito", "movimento", "партия", "front", "union", "alliance"}
)


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's correction on name keys: ``merge`` (a and b are one actor), ``split``
    (names with key b leave the actor of a), ``alias`` (b is another name of a), ``rename``
    (the actor of a is called ``surface``), ``retype`` (the actor of a has type b), ``delete``
    (the actor of a is a false actor: its mentions make no actor)."""

    kind: str
    a: str
    b: str
    surface: str | None = None


@dataclass(slots=True)
class Local:
    """One actor within one article: its mentions and what is known of it."""

    article: str
    mentions: list[Mention] = field(default_factory=list)
    kb: Entry | None = None
    name: str = ""  # the fullest form written
    type: str = ""
    titled: bool = False  # a title stands before one of its mentions ("Sen. Kaine")
    headline: bool = False  # every mention is in a title-case headline
    impersonal: bool = False  # one of its mentions follows "the", "in"... ("the Institute")
    common: bool = False  # a one-word name the article also writes in lower case
    split: bool = False  # an analyst split it off: no junk rule second-guesses that
    placed: set[str] = field(default_factory=set)  # mentions the words around make places
    honoured: set[str] = field(default_factory=set)  # mentions after a title: "Mr. Xi"
    cut: bool = True  # every mention is followed by a capitalised word ("James O’Neill")
    measured: bool = False  # a size stands before one of its mentions ("16-inch MacBook Pro")

    def names(self) -> set[str]:
        return {name_key(split_title(m.text)[0]) for m in self.mentions} | {
            m.norm for m in self.mentions
        }


@dataclass(slots=True)
class Resolution:
    actors: list[Actor]
    aliases: list[tuple[str, str, str]]
    assignments: list[tuple[str, str]]


def within_article(
    article: str,
    text: str,
    mentions: Sequence[Mention],
    kb: KnowledgeBase,
    language: str | None = None,
) -> list[Local]:
    mentions = sorted(mentions, key=lambda m: m.start)
    countries = context_countries(mentions, kb)
    locals_: dict[str, Local] = {}
    by_mention: dict[str, str] = {}
    persons: list[tuple[Mention, list[str]]] = []  # full names seen, in order

    def add(key: str, m: Mention, entry: Entry | None, name: str) -> None:
        local = locals_.setdefault(key, Local(article, kb=entry))
        local.mentions.append(m)
        by_mention[m.id] = key
        if len(name.split()) > len(local.name.split()):
            local.name = name
        local.titled = local.titled or titled(text, m)
        if honoured(text, m):
            local.honoured.add(m.id)
        local.cut = local.cut and before_a_name(text, m)
        in_headline = title_case(text[m.sentence_start : m.sentence_end])
        local.headline = in_headline and (len(local.mentions) == 1 or local.headline)
        local.impersonal = local.impersonal or impersonal(text, m)
        local.measured = local.measured or measured(text, m)
        if place_context(text, m):
            local.placed.add(m.id)

    alone = Counter(name_key(split_title(m.text)[0]) for m in mentions if m.type == "person")
    # surnames of the full names the article writes: "Barbra Streisand, Clinton" is a list
    surnames_here = {
        words[-1]
        for m in mentions
        if m.type == "person" and len(words := name_key(split_title(m.text)[0]).split()) > 1
    }
    skip: set[str] = set()
    for i, m in enumerate(mentions):
        if m.type == "unnamed_source":
            # a descriptor is an actor of its article only; its mentions share the first
            # descriptor's key ("a source" ... "the source")
            add("source:" + m.norm, m, None, m.text)
            continue
        if m.id in skip or (m.type not in ACTOR_TYPES and m.type != "other"):
            continue
        if cut_off(text, m) or state_abbreviation(text, m) or unnamed(m) or direction(m):
            continue  # "Lewis" of "Montoya-Lewis", "Calif." of a dateline, "we can", "West"
        name = completed_name(text, m, written_name(m))
        rest = gerund_opener(text, m, name) if m.type == "person" else None
        if rest is not None and surname_owner(name_key(rest).split(), persons) is not None:
            name = rest  # "Hosting Cook at Dreamforce ...", after "Tim Cook"
        words = name_key(name).split()
        # a surname joins the full name written before it, whatever the base knows of it
        owner = surname_owner(words, persons) if m.type == "person" else None
        if owner is not None:
            add(by_mention[owner.id], m, None, name)
            continue
        entry = link(m, name, kb, countries, language, not in_longer_name(text, m))
        city = metonym_only(entry, name) if entry is not None else None
        if entry is not None and city is not None and stands_as_place(text, m):
            # "in Moscow", "ROME —": the city itself, not the state it stands for elsewhere,
            # by the one name the knowledge base gives it in every language ("a Mosca")
            m, name = replace(m, type="place"), place_of_metonym(entry, city)
            entry = None
        if entry is None and m.type in ("other", "party", "state"):
            # MISC becomes an actor only through the knowledge base, and so does a name only
            # the gazetteer found (typed by its entry) when the link does not hold
            continue
        if entry is not None:
            add(f"kb:{entry.id}", m, entry, entry.name)
            if m.type == "person" and len(words) >= 2 and not glued_words(text, name):
                persons.append((m, words))
            continue
        if tail_of_name(text, m):
            continue  # "Transatlantic Relations" of "Center for Transatlantic Relations"
        if m.type == "person":
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if (
                nxt is not None
                and nxt.type == "person"
                and len(words) >= 2
                and text[m.end : nxt.start] == ", "
                and len(name_key(nxt.text).split()) == 1
                and alone[name_key(nxt.text)] > 1
                and alone[words[-1]] == 0
                and name_key(nxt.text) not in surnames_here
            ):
                # "Roberto Gangi, Lavarini": a translation split one name in two
                full = f"{name} {strip_name(nxt.text)}"
                key = "name:" + token_key(full)
                add(key, m, None, full)
                add(key, nxt, None, full)
                skip.add(nxt.id)
                persons.append((m, name_key(full).split()))
                continue
            # a headline read as one name owns no surname ("Donald Trump Calls Out Ted Cruz")
            if len(words) >= 2 and not glued_words(text, name):
                persons.append((m, words))
        key = "name:" + token_key(name, kb.demonyms)
        add(key, m, None, name)
    # a lone surname written before its full name ("Putin ... Vladimir Putin", "De Blasio ...
    # Bill de Blasio")
    for key in [k for k in locals_ if k.startswith("name:")]:
        local = locals_[key]
        tail = name_key(local.name).split()
        personal = any(m.type == "person" for m in local.mentions)
        if not tail or (len(tail) > 1 and not personal and tail[0] not in PARTICLES):
            continue  # a longer name joins only as a surname: "Van Der Beek"
        # (whatever the recogniser called it: "Putin's" tagged a place is still Putin)
        owners = {
            by_mention[m.id]
            for m, w in persons
            if len(w) > len(tail) and w[-len(tail) :] == tail and by_mention[m.id] != key
        }
        if len(owners) == 1:
            target = locals_[owners.pop()]
            target.mentions.extend(local.mentions)
            target.titled = target.titled or local.titled
            del locals_[key]
    for key, local in locals_.items():
        words = local.name.split()
        local.common = len(words) == 1 and written_lower(text, words[0])
        if key.startswith("source:"):
            local.type = "unnamed_source"
        else:
            local.type = local.kb.type if local.kb else majority_type(local)
    return list(locals_.values())


def written_name(m: Mention) -> str:
    """The name a mention writes, titles cut off; where the recogniser gave a normal form
    (natasha puts "Швайнштайгера" in the nominative), that form, cased as written."""
    # a name an honorific opens is a person's, whatever the recogniser read ("Senator Ted Cruz")
    honorific = m.text.split(" ", 1)[0].rstrip(".").lower() in HONORIFICS
    kind_of_name = m.type in ("person", "other") or honorific
    name = split_title(m.text)[0] if kind_of_name else strip_name(m.text)
    name = name.lstrip(DASHES)  # "― Pamela Padilla", a signature under a quote
    if kind_of_name:
        name = without_opener(name)  # "Yet Sondland has ..."
    if m.norm == name_key(m.text):
        return name
    written = m.text.split()
    words = [
        w.upper()
        if i < len(written) and written[i].isupper() and len(written[i]) > 1
        else w.capitalize()
        if i < len(written) and written[i][:1].isupper()
        else w
        for i, w in enumerate(m.norm.split())
    ]
    normal = " ".join(words)
    return split_title(normal)[0] if kind_of_name else normal


def surname_owner(words: list[str], persons: list[tuple[Mention, list[str]]]) -> Mention | None:
    """The nearest full name seen so far that ends with ``words`` and is longer."""
    for full, full_words in reversed(persons):
        if len(full_words) > len(words) and full_words[-len(words) :] == words:
            return full
    return None


def majority_type(local: Local) -> str:
    types = Counter(m.type for m in local.mentions if m.type in ACTOR_TYPES)
    kind = max(types, key=lambda t: (types[t], t)) if types else "organization"
    if kind == "organization" and PARTY_WORDS & set(name_key(local.name).split()):
        return "party"
    return kind


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def split_locals(locals_: list[Local], corrections: Sequence[Correction]) -> list[Local]:
    """Mentions an analyst split off (key b out of the actor of a) leave their article-level
    actor too, and do not link to the knowledge base."""
    out = list(locals_)
    for c in corrections:
        if c.kind != "split":
            continue
        for local in list(out):
            if c.a not in local.names() or c.b not in local.names():
                continue
            leaving = [
                m for m in local.mentions if c.b in {m.norm, name_key(split_title(m.text)[0])}
            ]
            if len(leaving) == len(local.mentions):
                continue
            local.mentions = [m for m in local.mentions if m not in leaving]
            name = strip_name(leaving[0].text)
            out.append(Local(local.article, leaving, None, name, local.type, split=True))
    return out


def across_articles(
    locals_: list[Local],
    kb: KnowledgeBase,
    corrections: Sequence[Correction] = (),
    outlets: Collection[str] = (),
) -> Resolution:
    """The actors of the corpus from its article-level actors; ``outlets``: the name keys of
    the articles' outlets ("Wikinotizie"), organisations wherever a name writes them."""
    locals_ = split_locals(locals_, corrections)
    uf = UnionFind(len(locals_))
    first: dict[tuple[str, str], int] = {}

    def join(kind: str, key: str, i: int) -> None:
        if key:
            j = first.setdefault((kind, key), i)
            if j != i:
                uf.union(i, j)

    for i, local in enumerate(locals_):
        if local.kb is not None:
            join("kb", local.kb.id, i)
            continue
        if local.type == "unnamed_source":
            continue  # "a source" here is not "a source" in another article
        # the type is no part of the identity: "Trump" read as a place is still Trump
        join("name", token_key(local.name, kb.demonyms), i)
        join("name", token_key(translit_key(local.name)), i)  # transliterate, then sort
    # one name in several spelling systems (Turčinov, Turchynov), a person (a name some mention
    # reads as one) with a person
    named = [i for i, x in enumerate(locals_) if x.kb is None and x.type != "unnamed_source"]
    people = [any(m.type == "person" for m in locals_[i].mentions) for i in named]
    for group in spelling_groups(
        [(locals_[i].name, p) for i, p in zip(named, people, strict=True)]
    ):
        for j in group[1:]:
            uf.union(named[group[0]], named[j])
    # acronyms and lone surnames (in any spelling) that point to exactly one other actor in
    # the corpus
    acronyms: defaultdict[str, set[int]] = defaultdict(set)
    surnames: defaultdict[str, set[int]] = defaultdict(set)
    spelled_surnames: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
    family_first: defaultdict[str, set[int]] = defaultdict(set)  # "xi" of Xi Jinping
    for i, local in enumerate(locals_):
        words = name_key(local.name).split()
        if len(words) >= 2:
            acronyms[initials(local.name)].add(uf.find(i))
            if local.type == "person":
                surnames[words[-1]].add(uf.find(i))
                spelled_surnames[spelled(local.name)[-1:]].add(uf.find(i))
            if local.kb is not None and local.kb.country in FAMILY_NAME_FIRST:
                family_first[words[0]].add(uf.find(i))
    # a one-word name some mention reads as a person, or a title names one ("Mr. Xi"); not
    # a first name cut from its surname ("James" of "James O’Neill")
    personal = {
        uf.find(i)
        for i, local in enumerate(locals_)
        if (local.honoured or any(m.type == "person" for m in local.mentions)) and not local.cut
    }
    # a word read as a place or after "the" somewhere is a thing: "the Moon" is not Moon Jae-in
    clusters: defaultdict[int, list[Local]] = defaultdict(list)
    for i, x in enumerate(locals_):
        clusters[uf.find(i)].append(x)
    things = {
        root
        for root, members in clusters.items()
        if any(x.impersonal for x in members) or voted_type(members) == "place"
    }
    for i, local in enumerate(locals_):
        if local.kb is not None or local.type == "unnamed_source":
            continue
        if is_acronym(local.name) and len(acronyms.get(local.name.replace(".", ""), ())) == 1:
            uf.union(i, next(iter(acronyms[local.name.replace(".", "")])))
        words = name_key(local.name).split()
        if len(words) != 1:
            continue
        # "Xi" (read as an organisation ten times on one page) is Xi Jinping's surname when he
        # is the only person of the corpus whose name starts with it; not "HU" in capitals
        owners = surnames.get(words[0], set()) | family_first.get(words[0], set())
        if (
            family_first.get(words[0])
            and len(owners) == 1
            and not local.name.isupper()
            and uf.find(i) not in things
        ):
            uf.union(i, next(iter(owners)))
            continue
        if uf.find(i) not in personal:
            continue
        owners = surnames.get(words[0], set())
        if not owners and len(words[0]) >= SURNAME_MIN:
            owners = spelled_surnames.get(spelled(local.name), set())
        if len(owners) == 1:
            uf.union(i, next(iter(owners)))
    apply_corrections(locals_, uf, corrections)
    return build(locals_, uf, corrections, outlets, product_lines(locals_))


def apply_corrections(
    locals_: list[Local], uf: UnionFind, corrections: Sequence[Correction]
) -> None:
    keys = [local.names() for local in locals_]

    def having(key: str) -> list[int]:
        return [i for i, k in enumerate(keys) if key in k]

    for c in corrections:
        if c.kind in ("merge", "alias"):
            group = having(c.a) + having(c.b)
            for i in group[1:]:
                uf.union(group[0], i)
        elif c.kind == "split":
            roots = {uf.find(i) for i in having(c.a)}
            leaving = [i for i in having(c.b) if uf.find(i) in roots and c.a not in keys[i]]
            if not leaving:
                continue
            gone = set(leaving)
            staying = [i for i in range(len(locals_)) if uf.find(i) in roots and i not in gone]
            for i in (*leaving, *staying):  # rebuild the parents of the split cluster
                uf.parent[i] = i
            for group in (leaving, staying):
                for i in group[1:]:
                    uf.union(group[0], i)


def product_lines(locals_: Sequence[Local]) -> set[str]:
    """The name keys of the product lines the corpus names ("stadia" where it writes "Stadia
    Pro", "macbook" where "MacBook Pro")."""
    return {line for x in locals_ if x.kb is None and (line := product_line(x.name))}


def product(members: Sequence[Local], lines: Collection[str]) -> bool:
    """A thing made, not an actor: a name that ends in a product's word ("MacBook Pro"), that
    a size precedes ("the 13-inch MacBook"), or that names a product line and is read as no
    organisation ("Stadia", read as a place, beside "Stadia Pro"), that the knowledge base does
    not know."""
    if any(x.kb is not None for x in members):
        return False
    if any(x.measured or product_name(x.name) for x in members):
        return True
    # a company sells its name's "Pro" too ("Moneycontrol Pro", "Brydge Pro")
    named = any(name_key(x.name) in lines for x in members)
    return named and voted_type(members) != "organization"


def build(
    locals_: list[Local],
    uf: UnionFind,
    corrections: Sequence[Correction] = (),
    outlets: Collection[str] = (),
    lines: Collection[str] = (),
) -> Resolution:
    """Actors from the clusters; a cluster an analyst merged keeps the first-named actor's
    name, and an analyst's rename, retype and delete of a cluster are applied last, in the
    order they were made (the actor keeps its id through a rename)."""
    preferred = {c.a for c in corrections if c.kind == "merge"}
    clusters: defaultdict[int, list[Local]] = defaultdict(list)
    for i, local in enumerate(locals_):
        clusters[uf.find(i)].append(local)
    result = Resolution([], [], [])
    used: set[str] = set()
    for members in clusters.values():
        mentions = [m for local in members for m in local.mentions]
        keys = set().union(*(local.names() for local in members))
        decided = analyst_decisions(keys, corrections)
        outlet = bool(keys & set(outlets))  # "Translated from Wikinotizie": a medium
        junk = not any(x.split for x in members) and (
            (unbacked_person(members) and not outlet)
            or headline(members)
            or product(members, lines)
            or common_noun(members)
            or all(x.kb is None and law_name(x.name) for x in members)  # "Clean Air Act"
        )
        if decided.get("delete") or (not decided and junk):
            continue  # a false actor: its mentions stay mentions
        linked = {local.kb.id: local.kb for local in members if local.kb is not None}
        votes = Counter(local.kb.id for local in members if local.kb is not None)
        entry = linked[votes.most_common(1)[0][0]] if votes else None
        # an actor the analyst merged others into keeps its name and id, even when what was
        # merged into it is in the knowledge base
        lead = next((x for x in members if x.kb is None and name_key(x.name) in preferred), None)
        if entry is not None and lead is not None:
            name, kind, anchor = lead.name, entry.type, "name:" + name_key(lead.name)
        elif entry is not None:
            name, kind, anchor = entry.name, entry.type, f"kb:{entry.id}"
        else:
            names = Counter(local.name for local in members)
            name = max(names, key=lambda n: (name_key(n) in preferred, len(n.split()), names[n], n))
            kind = voted_type(members)
            if kind in ("person", "place") and outlet:
                kind = "organization"
            if kind == "person":
                name = split_title(name)[0]  # "Senator Ron Wyden" read as a place
            anchor = "name:" + name_key(name)
            if kind == "unnamed_source":
                anchor = f"source:{members[0].article}:{name_key(name)}"
        actor_id = make_id("actor", anchor)
        if actor_id in used:
            actor_id = make_id("actor", anchor, min(m.id for m in mentions))
        used.add(actor_id)
        name, kind = decided.get("rename") or name, decided.get("retype") or kind
        result.actors.append(Actor(id=actor_id, name=name, type=kind))
        surfaces = {strip_name(m.text): name_key(m.text) for m in mentions}
        result.aliases.extend((actor_id, alias, key) for alias, key in sorted(surfaces.items()))
        result.assignments.extend((m.id, actor_id) for m in mentions)
    result.actors.sort(key=lambda a: a.id)
    return result


def voted_type(members: Sequence[Local]) -> str:
    """The type most of a cluster's mentions suggest. A full name's person readings count
    twice, and win a tie: recognisers read "Brian Fallon's" as a place far more often than a
    place's two-word name as a person."""
    types: Counter[str] = Counter()
    full = any(len(local.name.split()) > 1 for local in members)
    for local in members:
        for m in local.mentions:
            kind = m.type if m.type in ACTOR_TYPES else local.type
            if kind == "organization" and m.id in local.placed and not local.common:
                kind = "place"  # "the airport of Simferopol", "the Rukban camp"
            if m.id in local.honoured:
                kind = "person"  # "Mr. Xi", "Senator Ron Wyden" read as a place
            types[kind] += 2 if full and kind == "person" else 1
    kind = max(types, key=lambda t: (types[t], full and t == "person", t))
    # "Rossiyskaya Gazeta" read as a person is a newspaper, "Johns Hopkins University" read as
    # a place a university
    words = {"person": ORGANISATION_WORDS, "place": INSTITUTION_WORDS}.get(kind)
    if words is not None and any(organisation_name(x.name, words) for x in members):
        return "organization"
    return kind


def unbacked_person(members: Sequence[Local]) -> bool:
    """A one-word "person" that no full name or knowledge-base entry backs, and that either
    reads as no person ("the Institute", "into Tolyatti", written in lower case elsewhere:
    "the institute") or is written once with no title ("Fiat built a factory"): the
    recogniser's guess, not a person we can name."""
    if any(local.kb is not None or len(local.name.split()) > 1 for local in members):
        return False
    if voted_type(members) != "person":
        return False
    if any(local.common or local.impersonal for local in members):
        return True
    once = sum(len(local.mentions) for local in members) == 1
    return once and not any(local.titled for local in members)


def common_noun(members: Sequence[Local]) -> bool:
    """A one-word name its articles also write in lower case ("Ministers" beside "the
    ministers"), or a longer one that ends in a lower-case word ("Union of the industrial"),
    that the knowledge base does not know: words, not a name."""
    if any(local.kb is not None or local.type == "unnamed_source" for local in members):
        return False
    if all(local.common for local in members):
        return True
    return all(local.name.split()[-1].islower() for local in members if local.name.split())


def headline(members: Sequence[Local]) -> bool:
    """A name read only in title-case headlines, that the knowledge base does not know
    ("Donald Trump Is Right", "Sell Coal"): the recogniser's guess from capitals alone."""
    return all(
        local.kb is None and local.headline and local.type != "unnamed_source" for local in members
    )


def analyst_decisions(keys: Collection[str], corrections: Sequence[Correction]) -> dict[str, str]:
    """The rename, retype and delete corrections that concern a cluster with these name keys;
    the last of each kind wins, and a later rename or retype undoes a delete."""
    decided: dict[str, str] = {}
    for c in corrections:
        if c.a not in keys:
            continue
        if c.kind == "rename":
            decided["rename"] = c.surface or c.b
            decided.pop("delete", None)
        elif c.kind == "retype":
            decided["retype"] = c.b
            decided.pop("delete", None)
        elif c.kind == "delete":
            decided["delete"] = "yes"
    return decided
