"""Names as written versus the name of the actor: titles and roles cut off, keys that survive
case, quotes, possessives, word order, plurals, demonyms and transliteration."""

from __future__ import annotations

import re
from collections.abc import Mapping

from anyascii import anyascii

from ..text import name_key, strip_name

# Titles and roles written before a name ("President Vladimir Putin", "League leader Matteo
# Salvini" keeps "League leader" as its role). Lower-case keys; multi-word titles first.
TITLES = (
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "interior minister",
    "deputy prime minister",
    "vice president",
    "secretary general",
    "secretary-general",
    "crown prince",
    "grand duke",
    "president",
    "premier",
    "chancellor",
    "minister",
    "king",
    "queen",
    "emperor",
    "pope",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "head",
    "director",
    "spokesman",
    "spokeswoman",
    "senator",
    "sen.",
    "rep.",
    "governor",
    "gov.",
    "mayor",
    "general",
    "gen.",
    "ambassador",
    "former",
    "ex",
    "late",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "dr.",
    "dr",
    "sir",
    "presidente",
    "ministro",
    "senatore",
    "onorevole",
    "sig.",
    "президент",
    "премьер",
    "министр",
    "глава",
    "лидер",
    "председатель",
    "г-н",
)
_TITLE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in TITLES) + r")(?:\s+|$))+", re.IGNORECASE
)
_STOP = frozenset({"the", "of", "for", "and", "in", "a", "di", "del", "della", "de", "la", "le"})


def split_title(surface: str) -> tuple[str, str]:
    """(name, title): "President Sergio Mattarella" -> ("Sergio Mattarella", "President")."""
    name = strip_name(surface)
    match = _TITLE.match(name)
    if match and match.end() < len(name):
        return strip_name(name[match.end() :]), match.group(0).strip()
    return name, ""


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def token_key(name: str, demonyms: Mapping[str, str] | None = None) -> str:
    """Order-, plural- and demonym-free key: "Movement five stars" and "Five Star Movement"
    share it, as do "Italian Communist party" and "Italy's Communist Party"."""
    words = []
    for word in name_key(name).split():
        if word in _STOP:
            continue
        if demonyms and word in demonyms:
            word = demonyms[word]
        words.append(singular(word))
    return " ".join(sorted(set(words)))


def translit_key(name: str) -> str:
    """The key of a name in Latin letters: Путин and Putin share it."""
    return name_key(anyascii(name))


def initials(name: str) -> str:
    """Initials of the significant words: "Movimento 5 Stelle" -> "M5S"."""
    return "".join(
        w[0].upper()
        for w in re.findall(r"[\w']+", anyascii(strip_name(name)))
        if w.lower() not in _STOP
    )


def is_acronym(name: str) -> bool:
    core = name.replace(".", "")
    return 2 <= len(core) <= 6 and core.isalnum() and sum(c.isupper() for c in core) >= 2
