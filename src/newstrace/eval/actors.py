"""Actor merging against a fixture of expected actors (TOML: ``[[actor]]`` with ``name``,
``type`` and ``forms``), on a folder of articles analysed afresh in a temporary store.

- found: share of expected actors with a resolved actor carrying at least one listed form;
- merge recall: share of listed forms that land in their actor's cluster (the cluster holding
  most of the actor's forms);
- merge precision: share of expected actors whose cluster holds no other expected actor's form;
- shared names: canonical names that belong to more than one actor (target: none);
- precision: share of the actors made that no ``[[not_actor]]`` table of the fixture (judged
  junk: a common noun, a cut-off name, a name of the wrong ``type``) names.
"""

from __future__ import annotations

import tempfile
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..actors.linking import metonym_aliases
from ..errors import EvalError
from ..kb import load_kb
from ..model import Actor
from ..text import name_key


def evaluate_actors(
    data: Path, *, limit: int | None = None, articles: Path | None = None
) -> dict[str, Any]:
    from ..ingest import ingest
    from ..pipeline import analyze
    from ..settings import load_settings
    from ..store import open_store

    spec = tomllib.loads(data.read_text("utf-8")).get("actor", [])
    if not spec:
        raise EvalError(f"{data}: no [[actor]] tables")
    folder = articles or Path(__file__).resolve().parents[3] / "examples" / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"db": str(Path(tmp) / "eval.db")})
        with open_store(settings.db) as store:
            ingest([str(folder)], store, settings)
            analyze(store, settings)
            actors = store.actors()
    clusters = {a.id: {name_key(x) for x in a.aliases} for a in actors}
    names = {a.id: a.name for a in actors}
    result = score_actors(spec[: limit or None], clusters, names)
    result["shared_names"] = shared_names(actors)
    not_actors = tomllib.loads(data.read_text("utf-8")).get("not_actor", [])
    result["precision"] = actor_precision(actors, not_actors)
    return result


def actor_precision(actors: Sequence[Actor], not_actors: list[dict[str, Any]]) -> float:
    """Share of the named actors (unnamed sources left out) that no ``[[not_actor]]`` entry
    (``name``, optionally ``type``) judges junk."""
    named = [a for a in actors if a.type != "unnamed_source"]
    junk = {(name_key(x["name"]), x.get("type")) for x in not_actors}
    bad = [
        a for a in named if (name_key(a.name), None) in junk or (name_key(a.name), a.type) in junk
    ]
    return round(1 - len(bad) / len(named), 4) if named else 0.0


def score_actors(
    spec: list[dict[str, Any]], clusters: dict[str, set[str]], names: dict[str, str]
) -> dict[str, Any]:
    owner: dict[str, str] = {}
    for actor in spec:
        for form in actor["forms"]:
            owner[name_key(form)] = actor["name"]
    found = merged = total_forms = clean = 0
    problems = []
    for actor in spec:
        keys = [name_key(f) for f in actor["forms"]]
        homes = Counter(cid for k in keys for cid, aliases in clusters.items() if k in aliases)
        if not homes:
            problems.append(f"not found: {actor['name']}")
            total_forms += len(keys)
            continue
        found += 1
        home = homes.most_common(1)[0][0]
        total_forms += len(keys)
        merged += sum(k in clusters[home] for k in keys)
        missing = [f for f, k in zip(actor["forms"], keys, strict=True) if k not in clusters[home]]
        if missing:
            problems.append(f"{actor['name']}: not merged {missing}")
        others = {owner[k] for k in clusters[home] if k in owner} - {actor["name"]}
        if others:
            problems.append(f"{actor['name']} merged with {sorted(others)} in {names[home]!r}")
        else:
            clean += 1
    n = len(spec)
    return {
        "task": "actors",
        "n": n,
        "found": round(found / n, 4),
        "merge_recall": round(merged / total_forms, 4) if total_forms else 0.0,
        "merge_precision": round(clean / n, 4),
        "problems": problems,
    }


def shared_names(actors: Sequence[Actor]) -> list[str]:
    """Canonical names (as keys) that belong to more than one actor: an actor's name that is
    also the name or an alias of another ("Putin" the place beside Vladimir Putin). Unnamed
    sources are actors of their article only and are left out, and so are metonyms: "Moscow"
    the city beside Russia, which "Moscow said" stands for, is no second name of Russia. The
    target is none."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    named = [a for a in actors if a.type != "unnamed_source"]
    kb = load_kb()
    for a in named:
        names = set(a.aliases) - metonym_aliases(a.id, a.aliases, kb)
        for key in {name_key(a.name), *(name_key(x) for x in names)}:
            owners[key].add(a.id)
    return sorted({name_key(a.name) for a in named if len(owners[name_key(a.name)]) > 1})
