"""Story clustering and repost linking on gold folders.

Layout: DIR holds one folder per gold cluster; each folder holds its articles as ``.txt`` or
``.json`` files (``text``, optional ``title`` and ``date_publish``/``published``), as ECB+ in
``stories/ecbplus``. The articles run through the real pipeline in a temporary store; items
with no text are left out of the scoring.

- ``stories``: predicted clusters are the stories; BCubed and pairwise F1 against the folders.
- ``reposts``: predicted clusters are the connected components of translation and
  republication relations; BCubed against the folders (an original and its copies).
  A folder in Multi-CrossRE's layout (``english-news-dev.json`` beside one folder per
  language) is scored as sentence linking instead: each translated sentence is linked to its
  nearest English sentence; top-1 accuracy, where an English sentence with the same text as
  the gold one counts as the same source (the dev set repeats lines like "LONDON 1996-08-30").
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings, load_settings
from ..stories.metrics import bcubed, pairwise_f1
from .same_events import read_events, wrongly_grouped


def read_gold(data: Path, limit: int | None) -> list[tuple[str, dict[str, Any]]]:
    folders = sorted(p for p in data.iterdir() if p.is_dir())
    if not folders:
        raise EvalError(f"{data} has no cluster folders")
    if limit:
        folders = folders[:limit]
    items = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix == ".txt":
                record: dict[str, Any] = {"text": path.read_text("utf-8")}
            elif path.suffix == ".json":
                raw = json.loads(path.read_text("utf-8"))
                date = raw.get("published") or raw.get("date_publish")
                record = {
                    "text": raw.get("text") or "",
                    "title": raw.get("title") if isinstance(raw.get("title"), str) else None,
                    "published": date if isinstance(date, str) and date != "None" else None,
                }
            else:
                continue
            if record["text"].strip():
                items.append((folder.name, record))
    return items


def analyse_records(
    items: list[tuple[str, dict[str, Any]]],
    settings: Settings,
    work: Path,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Any, dict[str, str]]:
    """Run ingest + the pipeline on the records; returns the open store and article -> label."""
    from ..ingest import ingest
    from ..pipeline import analyze
    from ..store import open_store

    corpus = work / "gold.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for _label, record in items:
            out.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")
    store = open_store(work / "eval.db")
    ingest([str(corpus)], store, settings)
    analyze(store, settings, progress=progress)
    line_label = {f"{corpus}:{i + 1}": label for i, (label, _r) in enumerate(items)}
    labels = {a.id: line_label[a.source] for a in store.articles(status="ok")}
    return store, labels


def _scores(task: str, n: int, predicted: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    metrics = bcubed(predicted, gold)
    return {
        "task": task,
        "n": n,
        **{k: round(v, 4) for k, v in metrics.items()},
        "pairwise_f1": round(pairwise_f1(predicted, gold), 4),
        "clusters_gold": len(set(gold.values())),
        "clusters_predicted": len(set(predicted.get(a, a) for a in gold)),
    }


def evaluate_stories(
    data: Path,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    settings = settings or load_settings(environ={})
    if (data / "ground-truth.json").is_file() and (data / "html").is_dir():
        return evaluate_unrelated(data, limit=limit, settings=settings)
    items = read_gold(data, limit)
    with tempfile.TemporaryDirectory(prefix="newstrace-eval-") as tmp:
        store, gold = analyse_records(
            items, _eval_settings(settings, Path(tmp)), Path(tmp), progress
        )
        with store:
            predicted = {a: s.id for s in store.stories() for a in s.articles}
    return _scores("stories", len(gold), predicted, gold)


def evaluate_unrelated(data: Path, *, limit: int | None, settings: Settings) -> dict[str, Any]:
    """The negative check: pages that report unrelated events (scrapinghub-aeb's HTML pages,
    first ``limit`` by id) are ingested as HTML and analysed; every page should stay a story
    of its own. Scored: the share of pages in a multi-article story (``share_grouped``) and,
    as some pages do report one event, the share that share a story with a page of another
    event by the judgement in eval/scrapinghub_events.tsv (``share_wrongly_grouped``; both
    lower is better)."""
    from ..ingest import ingest
    from ..pipeline import analyze
    from ..store import open_store

    pages = sorted((data / "html").glob("*.html.gz"))[:limit] if limit else None
    inputs = [str(p) for p in pages] if pages is not None else [str(data / "html")]
    with tempfile.TemporaryDirectory(prefix="newstrace-eval-") as tmp:
        store = open_store(Path(tmp) / "eval.db")
        with store:
            eval_settings = _eval_settings(settings, Path(tmp))
            ingest(inputs, store, eval_settings)
            analyze(store, eval_settings)
            page_of = {a.id: Path(a.source).name for a in store.articles(status="ok")}
            grouped = [s for s in store.stories() if len(s.articles) > 1]
    n = len(page_of)
    in_groups = sum(len(s.articles) for s in grouped)
    wrong = wrongly_grouped(([page_of[a] for a in s.articles] for s in grouped), read_events())
    return {
        "task": "stories",
        "n": n,
        "multi_article_stories": len(grouped),
        "pages_in_multi_article_stories": in_groups,
        "share_grouped": round(in_groups / n, 4) if n else 0.0,
        # the gate keeps higher-is-better floors: the share of pages left alone
        "share_alone": round(1 - in_groups / n, 4) if n else 0.0,
        "pages_wrongly_grouped": len(wrong),
        "share_wrongly_grouped": round(len(wrong) / n, 4) if n else 0.0,
        "wrongly_grouped": sorted(p[:8] for p in wrong),
    }


def _eval_settings(settings: Settings, work: Path) -> Settings:
    from dataclasses import replace

    # the attribution tagger feeds quotes only, which stories do not read; without it the
    # 443 ECB+ articles run about seven minutes faster
    quotes = replace(settings.quotes, tagger_languages=())
    return replace(settings, db=str(work / "eval.db"), quotes=quotes)


def evaluate_reposts(
    data: Path,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    settings = settings or load_settings(environ={})
    if (data / "english-news-dev.json").is_file():
        return evaluate_sentence_links(data, limit=limit, settings=settings)
    items = read_gold(data, limit)
    with tempfile.TemporaryDirectory(prefix="newstrace-eval-") as tmp:
        store, gold = analyse_records(
            items, _eval_settings(settings, Path(tmp)), Path(tmp), progress
        )
        with store:
            predicted = repost_groups(store, gold)
    return _scores("reposts", len(gold), predicted, gold)


def repost_groups(store: Any, articles: Iterable[str]) -> dict[str, str]:
    """Article -> a representative of its connected component of translation and
    republication relations (an article without any is its own)."""
    parent = {a: a for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for story in store.stories():
        for r in story.relations:
            if r.kind != "independent" and r.article in parent and r.source_article in parent:
                parent[find(r.article)] = find(r.source_article)
    return {a: find(a) for a in parent}


def evaluate_sentence_links(
    data: Path, *, limit: int | None = None, settings: Settings
) -> dict[str, Any]:
    import numpy as np

    from ..stories.embed import load_embedder, surface_vectors

    english = [json.loads(line) for line in (data / "english-news-dev.json").open(encoding="utf-8")]
    en_text = [" ".join(d["sentence"]) for d in english]
    en_key = [d["doc_key"] for d in english]
    index = {k: i for i, k in enumerate(en_key)}
    norm = [" ".join(t.lower().split()) for t in en_text]
    embedder = load_embedder(settings.stories.embedder)
    en_vectors = embedder.encode(en_text)
    en_surface = surface_vectors(en_text)
    per_language: dict[str, float] = {}
    correct = total = 0
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.json"))
        if not files:
            continue
        rows = [json.loads(line) for line in files[0].open(encoding="utf-8")]
        rows = (
            [r for r in rows if r["doc_key"] in index][:limit]
            if limit
            else [r for r in rows if r["doc_key"] in index]
        )
        texts = [r.get("sentence-detokenized") or " ".join(r["sentence"]) for r in rows]
        sims = embedder.encode(texts) @ en_vectors.T
        sims = (
            sims
            + settings.stories.surface_weight * (surface_vectors(texts) @ en_surface.T).toarray()
        )
        best = np.asarray(sims.argmax(axis=1)).ravel()
        hits = sum(norm[b] == norm[index[r["doc_key"]]] for b, r in zip(best, rows, strict=True))
        per_language[folder.name] = round(hits / len(rows), 4) if rows else 0.0
        correct += hits
        total += len(rows)
    if not total:
        raise EvalError(f"no translated sentences found under {data}")
    return {
        "task": "reposts",
        "n": total,
        "top1_accuracy": round(correct / total, 4),
        "per_language": per_language,
        "embedder": embedder.name,
    }
