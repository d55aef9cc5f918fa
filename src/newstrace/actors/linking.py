"""Linking a mention to the knowledge base, with the evidence a link needs.

A name of several words links on its whole key. A link on one word ("Putin", "Acción") is weak
evidence: a surname the base indexes, or a one-word alias of a longer name, says little about
which entry is meant. It holds when the entry is international (no country) or fits the
article: its country is among the countries the article is about, or the article is written in
one of that country's languages; or when the word stands alone (no capitalised word touches
it) and is the entry's name translated into the article's language ("League" in English for
the Lega; "Vox", which Spain writes alike, is no such evidence for Spain's party). So
"Acción" of "Acción Humanista" in a Spanish article about Spain does not become the Italian
party "Action".
A person's name of two words or more that the base knows only in another spelling system
("Viktor Janukovyč", "Dmitrij Peskov") links to the entry whose name it spells (spelling.py).
The recogniser's type narrows the candidates; a place- or organisation-typed name whose only
entry is a person links to the person (recognisers often read "Trump's" as a place), since the
type is then voted over the actor's mentions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ..kb import Entry, KnowledgeBase
from ..model import Mention
from ..text import name_key
from .names import translit_key
from .spelling import spelled_entries

# which knowledge-base types a recognised mention type may link to
COMPATIBLE = {
    "person": {"person"},
    "organization": {"party", "organization", "state"},
    "party": {"party"},
    "place": {"state", "place", "organization"},
    "state": {"state", "place"},
    "other": {"party", "organization", "state", "person"},
}
# The languages (among those the knowledge base has columns for) written in a country, by
# ISO code: a one-word link to a national entry needs the article in one of them, or the
# country in the article's context.
COUNTRY_LANGUAGES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("US", "GB", "IE", "AU", "NZ", "CA", "MT", "IN", "ZA"), frozenset({"en"})),
    **dict.fromkeys(("IT", "SM", "VA"), frozenset({"it"})),
    **dict.fromkeys(("RU", "BY", "KZ", "KG"), frozenset({"ru"})),
    **dict.fromkeys(("DE", "AT", "LI"), frozenset({"de"})),
    **dict.fromkeys(("FR", "MC"), frozenset({"fr"})),
    "BE": frozenset({"fr"}),
    "LU": frozenset({"fr", "de"}),
    "CH": frozenset({"de", "fr", "it"}),
    **dict.fromkeys(
        ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "CU", "BO", "EC", "UY", "PY"), frozenset({"es"})
    ),
}


def context_countries(mentions: Sequence[Mention], kb: KnowledgeBase) -> Counter[str]:
    """Countries an article is about: its states, and people it names in full, from the
    knowledge base (a lone surname is the evidence being weighed, not context)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        full = len(m.norm.split()) >= 2
        for entry in kb.lookup(m.text):
            if entry.country and (entry.type == "state" or (entry.type == "person" and full)):
                counts[entry.country] += 1
        for word in m.norm.split():
            if word in kb.demonyms:
                for entry in kb.lookup(kb.demonyms[word]):
                    counts[entry.country] += 1
    return counts


def fits_article(entry: Entry, countries: Counter[str], language: str | None) -> bool:
    """Whether a one-word link to ``entry`` fits the article by country or language."""
    if not entry.country or countries.get(entry.country, 0) > 0:
        return True
    return language is not None and language in COUNTRY_LANGUAGES.get(entry.country, ())


def names_in(entry: Entry, language: str | None) -> set[str]:
    """The keys of an entry's names in a language (its own name counts as English)."""
    lang = language or "en"
    names = list(entry.aliases.get(lang, ()))
    if lang == "en":
        names.append(entry.name.split(" (")[0])  # "Action (Italy)" is "Action"
    return {name_key(n) for n in names}


def translated_names(entry: Entry, language: str | None) -> set[str]:
    """The keys of an entry's names in a language that its own country writes otherwise
    ("League" for the Lega): evidence that an article in that language means the entry. A
    name written alike in the entry's own language ("Vox" of Spain's Vox) is none."""
    own = set().union(*(names_in(entry, lang) for lang in COUNTRY_LANGUAGES.get(entry.country, ())))
    return names_in(entry, language) - own


def link(
    mention: Mention,
    name: str,
    kb: KnowledgeBase,
    countries: Counter[str],
    language: str | None = None,
    alone: bool = True,
) -> Entry | None:
    """The knowledge-base entry ``name`` (as the article writes it) names, or None when the
    base does not know it, the evidence is too weak, or it stays ambiguous. ``alone``: the
    name is not one word of a longer capitalised name ("Acción" of "Acción Humanista")."""
    found: dict[str, Entry] = {}
    forms: dict[str, set[str]] = {}
    for form in (name, mention.norm, translit_key(name)):
        for entry in kb.lookup(form):
            found.setdefault(entry.id, entry)
            forms.setdefault(entry.id, set()).add(name_key(form))
    if not found:
        for entry in spelled_entries(name, kb):  # "Viktor Janukovyč": Viktor Yanukovych
            found[entry.id] = entry
            forms[entry.id] = {name_key(name)}

    def holds(entry: Entry) -> bool:
        keys = forms[entry.id]
        if any(len(k.split()) > 1 for k in keys) or fits_article(entry, countries, language):
            return True
        return alone and bool(keys & translated_names(entry, language))

    fitting = {i: e for i, e in found.items() if holds(e)}
    candidates = {i: e for i, e in fitting.items() if e.type in COMPATIBLE.get(mention.type, set())}
    if not candidates and mention.type in ("place", "organization"):
        persons = [e for e in fitting.values() if e.type == "person"]
        if len(persons) == len(fitting) == 1:
            return persons[0]  # "Trump's" read as a place is still Donald Trump
    if len(candidates) <= 1:
        return next(iter(candidates.values()), None)
    ranked = sorted(candidates.values(), key=lambda e: -countries.get(e.country, 0))
    if countries.get(ranked[0].country, 0) > countries.get(ranked[1].country, 0):
        return ranked[0]
    return None  # ambiguous: "Democratic Party" with no country in sight


def metonym_only(entry: Entry, name: str) -> str | None:
    """The metonym of ``entry`` that ``name`` writes ("Moscow" for Russia, "Rome" for "ROME"),
    or None when ``name`` is one of the entry's own names."""
    key = name_key(name)
    if key in {name_key(n) for n in entry.names() if n not in entry.metonyms}:
        return None
    return next((x for x in entry.metonyms if name_key(x) == key), None)


def place_of_metonym(entry: Entry, metonym: str) -> str:
    """The name a place that ``entry`` stands for goes by: the first of the names the knowledge
    base gives it in several languages ("Moscow" for "Mosca" and "Москва"), else the metonym."""
    key = name_key(metonym)
    group = next((g for g in entry.metonym_groups if key in {name_key(n) for n in g}), None)
    return group[0] if group else metonym


# Words after which a city is the place itself, not the state it stands for ("in Moscow",
# "a Mosca", "в Москве"); "to" and "from" are left out ("ties to Moscow", "money from Moscow").
PLACE_BEFORE = frozenset(
    {"in", "at", "near", "outside", "around", "inside", "a", "à", "en", "nach", "в", "во", "под"}
)
# a dateline: the city in capitals at the start of a line, then a dash, a comma or "(AP)"
_DATELINE_AFTER = re.compile(r"^\s*(?:[,(—–-]|$)")


def dateline(text: str, m: Mention) -> bool:
    """The mention is a dateline: a name in capitals at the start of a line, then a dash, a
    comma or "(AP)" ("ROME —", "WASHINGTON (AP) —")."""
    line_start = m.start == 0 or text[m.start - 1] == "\n"
    return line_start and m.text.isupper() and bool(_DATELINE_AFTER.match(text[m.end : m.end + 3]))


def stands_as_place(text: str, m: Mention) -> bool:
    """The mention names the place itself: after a locative preposition ("in Rome") or as
    a dateline ("ROME —", "WASHINGTON (AP) —")."""
    if dateline(text, m):
        return True
    before = text[max(0, m.start - 12) : m.start].split()
    return bool(before) and before[-1].lower() in PLACE_BEFORE and text[m.start - 1] == " "


# Nouns of the places a name is given to ("the Simferopol airport", "the airport of Simferopol",
# "the Rukban camp", "aeroporto di Simferopoli"): the name then names a place, whatever the
# recogniser read; an organisation's name does not stand there.
_PLACE_NOUNS = (
    "airport|airfield|airbase|camp|port|harbou?r|border|crossing|checkpoint|province|region"
    "|district|county|oblast|valley|aeroporto|porto|regione|provincia|flughafen|aéroport"
    "|aeropuerto|аэропорт|аэропорта|аэропорту"
)
_NOUN_AFTER = re.compile(rf"^ (?:{_PLACE_NOUNS})\b")
_NOUN_BEFORE = re.compile(
    rf"\b(?:{_PLACE_NOUNS}) (?:(?:of|di|de|du|del|della|dello|von) (?:the )?|dell'|d')$"
)


def place_context(text: str, m: Mention) -> bool:
    """The words around the mention make it a place: a noun of the places a name is given to
    ("the Rukban camp", "the airport of Simferopol"), or a dateline ("CLEVELAND —"). A
    preposition is no such evidence for what a recogniser read as an organisation ("at
    FromSoftware", "in Parlamento", "в ИГ")."""
    if _NOUN_AFTER.match(text[m.end : m.end + 20]):
        return True
    if _NOUN_BEFORE.search(text[max(0, m.start - 30) : m.start].lower()) is not None:
        return True
    return dateline(text, m)


def shown_aliases(actor_id: str, aliases: Sequence[str], kb: KnowledgeBase) -> list[str]:
    """An actor's aliases as listings show them: a metonym of its knowledge-base entry
    ("Moscow said" for Russia) marked as one, since it is not another name of the actor."""
    metonyms = metonym_aliases(actor_id, aliases, kb)
    return [f"{a} (metonym)" if a in metonyms else a for a in aliases]


def metonym_aliases(actor_id: str, aliases: Sequence[str], kb: KnowledgeBase) -> set[str]:
    """The aliases of an actor that are metonyms of its knowledge-base entry."""
    entry = kb_entries_by_actor(kb).get(actor_id)
    return {a for a in aliases if entry is not None and metonym_only(entry, a)}


@lru_cache(maxsize=4)
def kb_entries_by_actor(kb: KnowledgeBase) -> dict[str, Entry]:
    """The knowledge-base entry behind each actor id the actors stage gives a linked actor."""
    from ..ids import make_id

    return {make_id("actor", f"kb:{e.id}"): e for e in kb}
