"""One name across spelling systems: Turčinov and Turchynov, Janukovyč and Yanukovych,
Dmitrij and Dmitry, Chruščёv and Khrushchev, Серхій Куніцин and Serhiy Kunitsyn.

A name written in the scientific, Italian, German, French or Polish transliteration of a
Cyrillic name, in Cyrillic itself, or in English spelling, is brought to one *spelled* form:
accents folded and Cyrillic in Latin letters (``name_key``, then anyascii), and the letters the
systems write differently made one: č/ch/tsch/tch/cz/kh/ts/tz/c (ч, х, ц), š/sh/sch/sz (ш),
šč/shch/schtsch/szcz (щ), ž/zh/rz (ж), ț/ts, c/k before a, o, u, l and r, th/t, j/y/i and the -ij/-iy/-y
endings (й, ы, и), ju/yu, ja/ya, an initial ye/ie (е, є), x/ks, w/v, ph/f, ou/u, and the
Italian -poli of a Greek city name (Simferopoli = Simferopol). A *skeleton* of that form
(doubles made single, the inner vowels dropped; the first and last letter kept) is the
candidate key.

Two names sharing a skeleton key agree (``same_spelling``) when they have the same words and
each word's spelled form is equal, but for one edit in a name of several words: one inner vowel
in a word of six letters or more (Oleksander/Oleksandr, Gorbachov/Gorbachev, Mahmoud/Mahmud
Ahmadinejad), or one letter doubled in a word of four or more (Glen/Glenn Hoddle). A word's
first and last letters and its consonants never change, so a name ending (Petrov/Petrova,
Alessandro/Alessandra, Kaczyński/Kaczyńska) and a different first name (Yulia/Yuri,
Jong-un/Jong-il, Lech/Jarosław) keep two people apart. A one-word name must be spelled the same
(Tokio = Tokyo, Seul = Seoul, Киев = Kiev): Geneva and Genova, Marini and Maroni, Fiorenzuola
and Firenzuola are one letter apart and two places or people, and so are the garble
Simferepoli and Simferopoli, which stay apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

from ..kb import Entry, KnowledgeBase
from ..text import name_key

VOWELS = frozenset("aeiou")
SOFT_MIN = 6  # a word needs this many letters before one inner vowel may differ
DOUBLE_MIN = 4  # and this many before a letter may be single in one, double in the other
# letter groups that the spelling systems write differently, longest first (applied in order)
_GROUPS = (
    ("schtsch", "sc"),  # German щ
    ("shch", "sc"),
    ("szcz", "sc"),  # Polish щ
    ("tsch", "c"),  # German ч
    ("tch", "c"),  # French ч
    ("sch", "s"),  # German ш
    ("sz", "s"),  # Polish ш
    ("rz", "z"),  # Polish ж (Andrzej, Анджей)
    ("cz", "c"),  # Polish ч
    ("sh", "s"),
    ("zh", "z"),
    ("kh", "c"),  # English х
    ("ch", "c"),  # English ч; scientific, German, Italian and Polish х
    ("ts", "c"),  # ц
    ("tz", "c"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("x", "ks"),
    ("w", "v"),
    ("ou", "u"),  # French у
    ("j", "y"),  # scientific, German, Italian, Polish й
)
_HARD_C = re.compile(r"c(?=[aoulr])")
_APOSTROPHES = re.compile("['’ʹʼ`]")
_DIGRAPHS = str.maketrans(
    {
        **dict.fromkeys("čćçČĆÇ", "ch"),
        **dict.fromkeys("šśşŠŚŞ", "sh"),
        **dict.fromkeys("žźżŽŹŻ", "zh"),
        **dict.fromkeys("țţȚŢ", "ts"),
    }
)
_GROUP = re.compile("|".join(re.escape(a) for a, _ in _GROUPS))
_TO = dict(_GROUPS)


@lru_cache(maxsize=65536)
def spelled_word(word: str) -> str:
    """One word (as ``name_key`` writes it) in the common spelling: "turčinov" and
    "turchynov" are "turcinov"."""
    w = anyascii(word).lower().replace("'", "")
    w = "".join(ch for ch in w if ch.isalnum())
    if len(w) < 2 or set(w) <= set("ivx"):
        return w  # an initial (N.J. is not N.Y.) or a numeral (Berlusconi II, III)
    if w.startswith(("ye", "ie")):
        w = w[1:]  # Yelena, Ievgen (є): Elena, Evgen (but Jerez is not Erez)
    w = _HARD_C.sub("k", w)  # Monica, Crețu: Monika, Kretsu (c as k before a, o, u, l, r)
    w = _GROUP.sub(lambda m: _TO[m.group(0)], w)
    w = w[:1] + w[1:].replace("y", "i")
    w = re.sub("i+", "i", w)  # Dmitrii, Dmitriy, Dmitrij, Dmitry: dmitri
    if len(w) >= 7 and w.endswith(("poli", "polis")):
        w = w[: w.rindex("pol") + 3]  # Simferopoli, Simferopolis: simferopol
    return w


def spelled(name: str) -> tuple[str, ...]:
    """The words of a name in the common spelling, in order."""
    return tuple(form for form, _ in _words(name))


def _words(name: str) -> list[tuple[str, int]]:
    """(spelled form, letters as written) of each word of a name. The letters with a háček or
    a cedilla are written out first, while č (ч) is still apart from c (Šefčovič is
    Shefchovich, not Sefkovik); apostrophes go (Anatol'evič is one word)."""
    written = name_key(_APOSTROPHES.sub("", name)).split()
    out = []
    for word, folded in zip(
        written, name_key(_APOSTROPHES.sub("", name).translate(_DIGRAPHS)).split(), strict=False
    ):
        form = spelled_word(folded)
        if form:
            out.append((form, len(word)))
    return out


def skeleton(word: str) -> str:
    """A spelled word with doubles made single and inner vowels dropped."""
    single = re.sub(r"(.)\1+", r"\1", word)
    if len(single) <= 2:
        return single
    inner = "".join(ch for ch in single[1:-1] if ch not in VOWELS)
    return single[0] + inner + single[-1]


def spelling_key(name: str) -> str:
    """The candidate key: the skeletons of the name's words, sorted ("Putin Vladimir" is
    "Vladimir Putin")."""
    return " ".join(sorted(skeleton(w) for w in spelled(name)))


def same_spelling(a: str, b: str) -> bool:
    """Whether two names are one name in two spellings (see the module's docstring). A name
    of one word must be spelled the same: one letter apart, one word names two places as
    often as one (Geneva and Genova, Marini and Maroni, Fiorenzuola and Firenzuola)."""
    wa, wb = words_of(a), words_of(b)
    if not wa or len(wa) != len(wb):
        return False
    pa, pb = sorted(wa), sorted(wb)
    edits = 0
    for (kx, x, nx), (ky, y, ny) in zip(pa, pb, strict=True):
        if kx != ky:
            return False
        if x != y:
            if len(wa) == 1 or distance(x, y) > 1:
                return False
            doubled = re.sub(r"(.)\1+", r"\1", x) == re.sub(r"(.)\1+", r"\1", y)
            if min(nx, ny) < (DOUBLE_MIN if doubled else SOFT_MIN):
                return False
            edits += 1
    return edits <= 1


def words_of(name: str) -> list[tuple[str, str, int]]:
    """(skeleton, spelled form, letters as written) of each word of a name."""
    return [(skeleton(form), form, n) for form, n in _words(name)]


def distance(a: str, b: str) -> int:
    """Levenshtein distance (the words are short)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def spelling_groups(names: Sequence[tuple[str, bool]]) -> list[list[int]]:
    """Which of ``names`` (each a name and whether it names a person) are one name in several
    spellings: groups of their indices. Names join only within a candidate key and with the
    same person-ness; a group is kept only when each of its names agrees with each other (a
    chain of one-letter differences does not join its ends through the middle). A
    one-word name joins only when it is not a person's (Smith and Smyth, Chang and Tsang are
    several people; a lone surname joins a full name in resolve.py) and has four letters."""
    by_key: dict[tuple[str, bool], dict[tuple[str, ...], list[int]]] = {}
    for i, (name, person) in enumerate(names):
        words = spelled(name)
        if not words or (len(words) == 1 and (person or len(words[0]) < 4)):
            continue  # a lone surname joins a full name only (resolve.py), not another one
        by_key.setdefault((spelling_key(name), person), {}).setdefault(words, []).append(i)
    groups = []
    for forms in by_key.values():
        written = [(form, names[ids[0]][0]) for form, ids in forms.items()]
        left = set(range(len(written)))
        while left:
            first = min(left)
            component = {first}
            frontier = [first]
            while frontier:
                x = frontier.pop()
                for y in list(left - component):
                    if same_spelling(written[x][1], written[y][1]):
                        component.add(y)
                        frontier.append(y)
            left -= component
            clique = all(
                same_spelling(written[x][1], written[y][1])
                for x in component
                for y in component
                if x < y
            )
            members = sorted(i for x in component for i in forms[written[x][0]])
            if len(members) > 1 and clique:
                groups.append(members)
    return groups


@lru_cache(maxsize=8)
def person_spellings(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """The knowledge base's names of people of two words or more, by candidate key:
    ``key -> [(entry id, name)]``."""
    index: dict[str, list[tuple[str, str]]] = {}
    for entry in kb:
        if entry.type != "person":
            continue
        for name in entry.names():
            if len(name_key(name).split()) >= 2:
                index.setdefault(spelling_key(name), []).append((entry.id, name))
    return index


def spelled_entries(name: str, kb: KnowledgeBase) -> list[Entry]:
    """The people of the knowledge base one of whose names of two words or more is ``name``
    in another spelling ("Viktor Janukovyč" is "Viktor Yanukovych")."""
    if len(name_key(name).split()) < 2:
        return []
    ids = {
        entry_id
        for entry_id, known in person_spellings(kb).get(spelling_key(name), ())
        if same_spelling(name, known)
    }
    return [kb.entries[i] for i in sorted(ids)]
