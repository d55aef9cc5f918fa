"""The shipped knowledge base of actors: canonical names, types, countries and multilingual
aliases, as data (``*.tsv`` in this folder, documented in docs/knowledge-base.md).

Users add their own files with the same columns through the ``actors.kb_files`` setting; a
row whose ``id`` exists already adds aliases to that entry."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..text import name_key

LANGS = ("en", "it", "ru", "de", "fr", "es")
COLUMNS = ("id", "type", "country", "name", *LANGS, "metonyms", "demonyms", "note")
TYPES = frozenset({"person", "party", "organization", "state", "place"})
SHIPPED = ("states.tsv", "organizations.tsv", "parties.tsv", "people.tsv")


@dataclass(slots=True)
class Entry:
    id: str
    type: str
    name: str
    country: str = ""
    aliases: dict[str, list[str]] = field(default_factory=dict)  # language -> names
    metonyms: list[str] = field(default_factory=list)  # "the Kremlin" for Russia
    # the metonyms that name one place, in several languages ("Moscow", "Mosca", "Москва")
    metonym_groups: list[list[str]] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)  # "Italian" for Italy
    note: str = ""

    def names(self) -> Iterator[str]:
        """Every way of writing this actor: name, aliases in all languages, metonyms."""
        yield self.name
        for names in self.aliases.values():
            yield from names
        yield from self.metonyms


class KnowledgeBase:
    """Entries indexed by the keys of their names (see ``newstrace.text.name_key``)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            known = self.entries.get(entry.id)
            if known is None:
                self.entries[entry.id] = entry
                continue
            for lang, names in entry.aliases.items():
                known.aliases.setdefault(lang, []).extend(names)
            known.metonyms.extend(entry.metonyms)
            known.metonym_groups.extend(entry.metonym_groups)
            known.demonyms.extend(entry.demonyms)
        self.by_key: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for name in entry.names():
                self._index(name_key(name), entry.id)
                if name.endswith(")") and " (" in name:  # "Democratic Party (Italy)"
                    self._index(name_key(name[: name.rindex(" (")]), entry.id)
        self._surnames()
        self.demonyms: dict[str, str] = {}  # "italian" -> "italy"
        for entry in self.entries.values():
            if entry.type in ("state", "place"):
                for demonym in entry.demonyms:
                    self.demonyms[name_key(demonym)] = name_key(entry.name)

    def _index(self, key: str, entry_id: str) -> None:
        if key:
            ids = self.by_key.setdefault(key, [])
            if entry_id not in ids:
                ids.append(entry_id)

    def _surnames(self) -> None:
        """A person's surname alone ("Merkel") names them when no other person in the base
        shares it; a shared surname ("Fischer") stays ambiguous and is not indexed."""
        by_surname: dict[str, set[str]] = {}
        for entry in self.entries.values():
            if entry.type != "person":
                continue
            for name in (entry.name, *entry.aliases.get("ru", [])):
                words = name_key(name).split()
                if len(words) >= 2 and not words[-1].isdigit():
                    by_surname.setdefault(words[-1], set()).add(entry.id)
        for surname, ids in by_surname.items():
            if len(ids) == 1 and surname not in self.by_key:
                self._index(surname, next(iter(ids)))

    def lookup(self, surface: str) -> list[Entry]:
        return [self.entries[i] for i in self.by_key.get(name_key(surface), ())]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def groups(cell: str) -> list[list[str]]:
    """The metonyms of a cell by the place they name: ``|`` separates places, ``=`` the names
    of one place in several languages ("Moscow=Mosca=Москва|Kremlin=Кремль")."""
    out = [[name.strip() for name in part.split("=") if name.strip()] for part in split(cell)]
    return [group for group in out if group]


def read_tsv(text: str, source: str) -> Iterator[Entry]:
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if header is None or tuple(header[:4]) != COLUMNS[:4]:
        raise ConfigError(
            f"{source}: a knowledge-base file starts with the tab-separated header"
            f" {' '.join(COLUMNS)}",
            code="NT120",
        )
    for line, row in enumerate(rows, start=2):
        if not row or row[0].startswith("#"):
            continue
        cells = dict(zip(header, row, strict=False))
        kind = cells.get("type", "")
        if kind not in TYPES or not cells.get("name"):
            raise ConfigError(
                f"{source}:{line}: type must be one of {sorted(TYPES)} and name is required",
                code="NT120",
            )
        yield Entry(
            id=cells["id"],
            type=kind,
            name=cells["name"],
            country=cells.get("country", ""),
            aliases={lang: split(cells.get(lang, "")) for lang in LANGS if cells.get(lang)},
            metonyms=[n for g in groups(cells.get("metonyms", "")) for n in g],
            metonym_groups=groups(cells.get("metonyms", "")),
            demonyms=split(cells.get("demonyms", "")),
            note=cells.get("note", ""),
        )


@lru_cache(maxsize=8)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped entries plus the user's files (paths), loaded once per process."""
    entries: list[Entry] = []
    folder = resources.files(__name__)
    for name in SHIPPED:
        entries.extend(read_tsv(folder.joinpath(name).read_text(encoding="utf-8"), name))
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read knowledge-base file {path}: {e}", code="NT120") from e
        entries.extend(read_tsv(text, path))
    return KnowledgeBase(entries)
