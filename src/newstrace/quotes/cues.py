"""Attribution cues as data: ``cues.tsv`` lists, per language, the lemmas that introduce what
someone said or thinks (``said``, ``told``, ``insists``; ``ha detto``; ``заявил``), the words
that open an "according to X" phrase, and the nouns that make a descriptor an unnamed source
("a source", "one European ambassador"). English rows marked ``learned`` come from PolNeAR
train (training/quotes/learn_cues.py); the rest are written by hand. Users add rows with
``[quotes] cue_files``."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

# kinds: speech (say, tell: reported words), belief (think, know: what they hold), intention
# (want, plan: what they mean to do), evaluation (criticize, praise: what they make of
# something), learned (PolNeAR), according (opens "according to X"), source (a noun naming an
# unnamed source), pronoun (a pronoun that can stand for a speaker), pointer (opens a sentence
# whose cue reports the sentence before it: "Об этом сообщает X", "Lo ha detto X")
KINDS = (
    "speech",
    "belief",
    "intention",
    "evaluation",
    "learned",
    "according",
    "source",
    "pronoun",
    "pointer",
)
# the kinds of attribution a cue says a quote is (quotes.kinds)
CUE_KINDS = ("speech", "belief", "intention", "evaluation")


@dataclass(slots=True)
class Cues:
    verbs: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> lemma -> weight
    belief: dict[str, set[str]] = field(default_factory=dict)  # lemmas taking an infinitive
    # lang -> lemma (or pattern) -> what a quote on it is: speech, belief, intention, evaluation
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    according: dict[str, list[str]] = field(default_factory=dict)  # phrases, lower case
    sources: dict[str, set[str]] = field(default_factory=dict)  # unnamed-source head nouns
    pronouns: dict[str, set[str]] = field(default_factory=dict)
    pointers: dict[str, list[str]] = field(default_factory=dict)  # phrases, lower case

    def verb(self, lang: str, lemma: str) -> float:
        return self.verbs.get(lang, {}).get(lemma, 0.0)

    def kind(self, lang: str, word: str) -> str | None:
        """What a quote on this cue lemma (or, without a parser, lower-cased word) is: speech,
        belief, intention or evaluation; None for a cue only PolNeAR taught (show, seem)."""
        table = self.kinds.get(lang, {})
        if word in table:
            return table[word]
        return next((k for p, k in table.items() if p.endswith("*") and matches(word, p)), None)


def matches(word: str, pattern: str) -> bool:
    """A lower-cased word against a cue pattern: equal, or a prefix where it ends in ``*``."""
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _rows(text: str, origin: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    for row in rows:
        if row.get("kind") not in KINDS or not row.get("lemma") or not row.get("lang"):
            raise ConfigError(f"{origin}: bad cue row {row!r} (kinds: {', '.join(KINDS)})")
    return rows


@lru_cache(maxsize=8)
def load_cues(extra: tuple[str, ...] = ()) -> Cues:
    texts = [(resources.files(__package__).joinpath("cues.tsv").read_text("utf-8"), "cues.tsv")]
    for path in extra:
        try:
            texts.append((Path(path).read_text("utf-8"), path))
        except OSError as e:
            raise ConfigError(f"cannot read cue file {path}: {e}") from e
    cues = Cues()
    for text, origin in texts:
        for row in _rows(text, origin):
            lang, lemma, kind = row["lang"], row["lemma"].lower(), row["kind"]
            weight = float(row.get("weight") or 1.0)
            if kind == "according":
                cues.according.setdefault(lang, []).append(lemma)
            elif kind == "source":
                cues.sources.setdefault(lang, set()).add(lemma)
            elif kind == "pronoun":
                cues.pronouns.setdefault(lang, set()).add(lemma)
            elif kind == "pointer":
                cues.pointers.setdefault(lang, []).append(lemma)
            else:
                if kind in CUE_KINDS:
                    cues.kinds.setdefault(lang, {})[lemma] = kind
                if weight <= 0 or row.get("pos") == "NOUN":
                    continue  # classifies a cue ("statement", "criticize"), is not one itself
                table = cues.verbs.setdefault(lang, {})
                table[lemma] = max(table.get(lemma, 0.0), weight)
                if kind in ("belief", "intention"):
                    cues.belief.setdefault(lang, set()).add(lemma)
    for phrases in (*cues.according.values(), *cues.pointers.values()):
        phrases.sort(key=len, reverse=True)
    return cues
