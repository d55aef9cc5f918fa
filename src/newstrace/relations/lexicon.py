"""The relation lexicons as data: tie kinds and their trigger words (kinds.tsv), stance targets
and their aliases (targets.tsv), and the words that state a position (stance_cues.tsv). Users
add rows in files of the same columns, named in ``[relations]`` settings."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..settings import RelationsSettings

DIRECTIONS = ("forward", "symmetric", "reverse")
POLARITIES = ("pro", "anti", "neutral", "mixed")


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    words: tuple[str, ...]  # lemmas, lower case, in order
    direction: str


@dataclass(slots=True)
class Lexicon:
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)  # lang -> triggers
    targets: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # lang -> (alias, target)
    cues: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @property
    def kinds(self) -> list[str]:
        return sorted({t.kind for ts in self.triggers.values() for t in ts})

    def find_targets(self, lang: str, text: str) -> list[tuple[int, int, str]]:
        """(start, end, target) of the aliases in ``text``: where aliases overlap the longest
        wins ("Western sanctions against Russia" is one target, not two)."""
        if lang not in self._patterns:
            aliases = sorted({a for a, _ in self.targets.get(lang, [])}, key=len, reverse=True)
            body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in aliases) or "(?!)"
            self._patterns[lang] = re.compile(rf"(?=(?<!\w)({body})(?!\w))", re.I)
        candidates = [
            (m.start(), m.start() + len(m.group(1))) for m in self._patterns[lang].finditer(text)
        ]
        chosen: list[tuple[int, int, str]] = []
        for a, b in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if all(b <= x or y <= a for x, y, _ in chosen):
                chosen.append((a, b, self.target_of(lang, text[a:b])))
        return sorted(chosen)

    def canonical_target(self, name: str) -> str:
        """The target an alias in any language names ("Russia sanctions" -> sanctions against
        Russia); a name no alias matches is a free-text target and stays as it is."""
        for lang in self.targets:
            if (target := self.target_of(lang, name)) != name:
                return target
        return name

    def target_of(self, lang: str, alias: str) -> str:
        folded = " ".join(alias.lower().split())
        for a, target in self.targets.get(lang, []):
            if a.lower() == folded:
                return target
        return alias


def _rows(text: str, origin: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    rows = list(reader)
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise ConfigError(f"{origin}: missing columns {', '.join(sorted(missing))}")
    for row in rows:
        if any(not (row.get(c) or "").strip() for c in columns):
            raise ConfigError(f"{origin}: incomplete row {row!r}")
    return rows


def _texts(name: str, extra: tuple[str, ...]) -> list[tuple[str, str]]:
    texts = [(resources.files(__package__).joinpath(name).read_text("utf-8"), name)]
    for path in extra:
        try:
            texts.append((Path(path).read_text("utf-8"), path))
        except OSError as e:
            raise ConfigError(f"cannot read {path}: {e}") from e
    return texts


@lru_cache(maxsize=8)
def load_lexicon(
    kind_files: tuple[str, ...] = (),
    target_files: tuple[str, ...] = (),
    cue_files: tuple[str, ...] = (),
) -> Lexicon:
    lex = Lexicon()
    for text, origin in _texts("kinds.tsv", kind_files):
        for row in _rows(text, origin, ("lang", "kind", "trigger", "direction")):
            if row["direction"] not in DIRECTIONS:
                raise ConfigError(f"{origin}: direction must be one of {', '.join(DIRECTIONS)}")
            words = tuple(row["trigger"].lower().split())
            lex.triggers.setdefault(row["lang"], []).append(
                Trigger(row["kind"], words, row["direction"])
            )
    for text, origin in _texts("targets.tsv", target_files):
        for row in _rows(text, origin, ("target", "lang", "alias")):
            lex.targets.setdefault(row["lang"], []).append((row["alias"], row["target"]))
    for text, origin in _texts("stance_cues.tsv", cue_files):
        for row in _rows(text, origin, ("lang", "cue", "polarity")):
            if row["polarity"] not in POLARITIES:
                raise ConfigError(f"{origin}: polarity must be one of {', '.join(POLARITIES)}")
            lex.cues.setdefault(row["lang"], []).append(
                (tuple(row["cue"].lower().split()), row["polarity"])
            )
    for triggers in lex.triggers.values():
        triggers.sort(key=lambda t: -len(t.words))  # "cooperation agreement" before "agreement"
    return lex


def lexicon_for(settings: RelationsSettings) -> Lexicon:
    """The shipped lexicons plus the files ``[relations]`` names."""
    return load_lexicon(
        tuple(settings.kind_files), tuple(settings.target_files), tuple(settings.stance_cue_files)
    )
