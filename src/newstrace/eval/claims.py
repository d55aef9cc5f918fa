"""Shared claims of the outlet comparison against hand-judged pairings.

The gold (``tests/fixtures/claims/gold.jsonl``, judged as its README says) lists, for real
multi-outlet stories, the claim pairings the comparison considers, each judged *same* (the two
statements assert the same fact) or not. A story's articles are given as files (the seeds, and
pages of ``extraction/scrapinghub-aeb``); they run through the real pipeline, the comparison
runs over each story's articles, and its shared pairings are scored:

- precision: shared pairings judged *same*, over all shared pairings (a pairing the gold does
  not list counts against it);
- recall: shared pairings judged *same*, over the most that a comparison could find (the
  largest set of *same* pairings with at most one partner per claim and article pair: a group
  holds one claim per article).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import EvalError
from ..settings import Settings

Side = tuple[str, str]  # (file name, claim text)


@dataclass(frozen=True, slots=True)
class GoldPair:
    story: str
    a: Side
    b: Side
    same: bool
    a_outlet: str | None = None
    b_outlet: str | None = None

    @property
    def key(self) -> frozenset[Side]:
        return frozenset((self.a, self.b))


def load_gold(path: Path) -> list[GoldPair]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as e:
        raise EvalError(f"cannot read the claims gold {path}: {e}") from e
    pairs = []
    for n, line in enumerate(lines, 1):
        try:
            row = json.loads(line)
            a, b = row["a"], row["b"]
            pairs.append(
                GoldPair(
                    row["story"],
                    (a["file"], a["text"]),
                    (b["file"], b["text"]),
                    bool(row["same"]),
                    a.get("outlet"),
                    b.get("outlet"),
                )
            )
        except (ValueError, KeyError, TypeError) as e:
            raise EvalError(f"{path}:{n}: not a gold claim pairing ({e})") from e
    return pairs


def most_findable(gold: Sequence[GoldPair]) -> int:
    """The most *same* pairings a comparison can show: a maximum matching per article pair."""
    by_articles: dict[frozenset[str], list[GoldPair]] = {}
    for g in gold:
        if g.same:
            by_articles.setdefault(frozenset((g.a[0], g.b[0])), []).append(g)
    total = 0
    for pairs in by_articles.values():
        graph = nx.Graph()
        graph.add_edges_from((("a", *p.a), ("b", *p.b)) for p in pairs)
        total += len(nx.max_weight_matching(graph, maxcardinality=True))
    return total


def score(predicted: Sequence[frozenset[Side]], gold: Sequence[GoldPair]) -> dict[str, Any]:
    judged = {g.key: g.same for g in gold}
    right = sum(1 for p in predicted if judged.get(p))
    unjudged = [sorted(p) for p in predicted if p not in judged]
    findable = most_findable(gold)
    return {
        "shared": len(predicted),
        "correct": right,
        "unjudged": unjudged,
        "precision": right / len(predicted) if predicted else 1.0,
        "recall": right / findable if findable else 1.0,
        "findable": findable,
    }


def shared_pairs(comparison: Mapping[str, Any], files: Mapping[str, str]) -> list[frozenset[Side]]:
    """The shared pairings of a comparison as (file, text) pairs; ``files`` maps article ids to
    file names."""
    out = []
    for group in comparison["shared"]:
        claims = group["claims"]
        for pair in group["pairs"]:
            a, b = (claims[k] for k in pair["claims"])
            out.append(
                frozenset(((files[a["article"]], a["text"]), (files[b["article"]], b["text"])))
            )
    return out


def evaluate(
    stories: Mapping[str, Sequence[tuple[Path, str | None]]],
    gold: Sequence[GoldPair],
    settings: Settings,
    db: Path | None = None,
) -> dict[str, Any]:
    """Analyse each story's files (path, outlet) into a store, compare each story's articles and
    score the shared pairings against ``gold``."""
    from ..ingest import ingest
    from ..model import Story
    from ..pipeline import analyze
    from ..store import open_store
    from ..stories import compare_story

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db or Path(tmp) / "claims.db")
        for story_files in stories.values():
            for path, outlet in story_files:
                if not path.exists():
                    raise EvalError(f"missing article file {path}")
                ingest([str(path)], store, settings, outlet=outlet)
        analyze(store, settings)
        articles = store.articles()
        by_file = {Path(a.source).name: a.id for a in articles}
        files = {a.id: Path(a.source).name for a in articles}
        predicted: list[frozenset[Side]] = []
        for name, listed in stories.items():
            ids = tuple(by_file[p.name] for p, _ in listed if p.name in by_file)
            story = Story(id=name, title=name, articles=ids)
            predicted += shared_pairs(compare_story(store, story, settings.stories), files)
        store.close()
    return score(predicted, gold)
