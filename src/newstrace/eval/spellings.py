"""The actors' merge decision on names in several spelling systems.

Each pair of names is resolved as the actors stage resolves two articles (``within_article``
then ``across_articles``, with the shipped knowledge base): one article writes name a, the
other name b, each once, with its type ("Mr." before a one-word person, so that the junk rule
for unbacked one-word persons leaves it). The decision is *merged* when both mentions end in
one actor. Scored:

- precision: merged pairs that are one actor (``[[same]]``) over all merged pairs;
- recall: merged ``[[same]]`` pairs over all of them;
- false merges (``[[different]]`` pairs merged) and misses, listed.

Data: a TOML file of ``[[same]]`` and ``[[different]]`` tables (``a``, ``b``, ``type``,
``source``; tests/fixtures/spellings.toml), or Multi-CrossRE's folder (``multi-crossre-dev``):
then every person that a translation names in as many words as the English source (and in
capitals, so no projection slip) makes a ``[[same]]`` pair of its English and translated names,
where the two are written differently (Phil Simmons, Філ Сіммонс). Translations inflect
(Девіда Платта), which the actors stage does not undo outside Russian: such pairs are misses.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..text import name_key

LANGUAGES = ("french", "german", "italian", "polish", "spanish", "ukrainian")


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    type: str
    same: bool
    source: str = ""


def evaluate_spellings(data: Path, *, limit: int | None = None) -> dict[str, Any]:
    pairs = crossre_pairs(data) if data.is_dir() else toml_pairs(data)
    pairs = pairs[: limit or None]
    if not pairs:
        raise EvalError(f"{data}: no name pairs")
    return score(pairs)


def toml_pairs(path: Path) -> list[Pair]:
    try:
        spec = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise EvalError(f"{path}: not a TOML file of [[same]] and [[different]] pairs: {e}") from e
    pairs = []
    for kind in ("same", "different"):
        for row in spec.get(kind, []):
            if not isinstance(row, dict) or not {"a", "b", "type"} <= row.keys():
                raise EvalError(f"{path}: each [[{kind}]] needs a, b and type")
            pairs.append(
                Pair(row["a"], row["b"], row["type"], kind == "same", row.get("source", ""))
            )
    return pairs


def crossre_pairs(folder: Path) -> list[Pair]:
    source = folder / "english-news-dev.json"
    if not source.exists():
        raise EvalError(f"{folder}: no english-news-dev.json (Multi-CrossRE's dev folder)")
    english = {}
    for line in source.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            english[row["doc_key"]] = row
    seen: set[tuple[str, str]] = set()
    pairs = []
    for language in LANGUAGES:
        path = folder / language / "news-dev.json"
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            src = english.get(row["doc_key"])
            if src is None:
                continue
            for entity, index in zip(row["ner"], row["ner_mapping_to_source"], strict=False):
                original = src["ner"][index]
                if entity[2] != "person" or original[2] != "person":
                    continue
                a = " ".join(src["sentence"][original[0] : original[1] + 1])
                b = " ".join(row["sentence"][entity[0] : entity[1] + 1])
                wa, wb = a.split(), b.split()
                clean = len(wa) >= 2 and len(wa) == len(wb) and '"' not in a
                if not clean or not all(w[:1].isupper() for w in (*wa, *wb)):
                    continue
                if name_key(a) != name_key(b) and (a, b) not in seen:
                    seen.add((a, b))
                    pairs.append(Pair(a, b, "person", True, language))
    return pairs


def merged(pair: Pair) -> bool | None:
    """Whether the actors stage makes one actor of the pair's names (None: it made no actor
    of one of them, a junk rule dropped it)."""
    from ..actors.resolve import across_articles, within_article
    from ..kb import load_kb
    from ..model import Mention

    kb = load_kb()
    locals_ = []
    ids = []
    for article, name in (("a", pair.a), ("b", pair.b)):
        if pair.type == "person":
            prefix = "Mr. " if len(name.split()) == 1 else ""
            text = f"{prefix}{name} said so."
        else:
            text = f"They went to {name} today."
        start = text.index(name)
        mention = Mention(
            id=f"{article}-{start}",
            article=article,
            start=start,
            end=start + len(name),
            text=name,
            label="X",
            type=pair.type,
            norm=name_key(name),
            sentence_start=0,
            sentence_end=len(text),
        )
        ids.append(mention.id)
        locals_.extend(within_article(article, text, [mention], kb))
    actor_of = dict(across_articles(locals_, kb).assignments)
    if ids[0] not in actor_of or ids[1] not in actor_of:
        return None
    return actor_of[ids[0]] == actor_of[ids[1]]


def score(pairs: list[Pair]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    false_merges, misses = [], []
    by_source: Counter[str] = Counter()
    found_by_source: Counter[str] = Counter()
    for pair in pairs:
        decision = merged(pair)
        if decision is None:
            counts["dropped"] += 1
        if pair.same:
            by_source[pair.source] += 1
            if decision:
                counts["tp"] += 1
                found_by_source[pair.source] += 1
            else:
                misses.append(f"{pair.a} / {pair.b}")
        elif decision:
            counts["fp"] += 1
            false_merges.append(f"{pair.a} / {pair.b}")
    same = sum(p.same for p in pairs)
    merges = counts["tp"] + counts["fp"]
    result: dict[str, Any] = {
        "task": "spellings",
        "n": len(pairs),
        "same": same,
        "different": len(pairs) - same,
        "precision": round(counts["tp"] / merges, 4) if merges else 1.0,
        "recall": round(counts["tp"] / same, 4) if same else 0.0,
        "false_merges": false_merges,
        "misses": misses,
        "dropped": counts["dropped"],
    }
    if len(by_source) > 1 and all(s in LANGUAGES for s in by_source):
        result["recall_by_language"] = {
            s: round(found_by_source[s] / n, 4) for s, n in sorted(by_source.items())
        }
    return result
