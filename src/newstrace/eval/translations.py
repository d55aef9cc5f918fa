"""Translation linking, article by article, on Multi-CrossRE.

Multi-CrossRE (``reposts/multi-crossre-dev``) holds CoNLL-2003 news sentences with their
machine translations, one sentence per line. This task puts them back into articles: an
English document starts at its upper-case headline, just before the dateline ("LONDON
1996-08-30", after a byline when there is one), and runs to the next one. Each language's
translations of a document's sentences make its translated article; in ``ABRIDGED`` languages
only the first ``ABRIDGED_SHARE`` of the sentences are kept (an abridged translation). The
English article is ingested first, then its translations, all dated by the dateline.

Articles given with ``extra`` (e.g. ``examples/seeds``: ``.txt`` files) join as their own gold
groups: they are nobody's translation. The whole set runs through the real pipeline; the
predicted groups are the connected components of ``translation`` and ``republication``
relations, scored with BCubed against the documents, plus the share of translated articles
linked to their own source (``linked``).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings, load_settings
from ..stories.metrics import bcubed

LANGUAGES = {
    "italian": "it",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "ukrainian": "uk",
    "polish": "pl",
}
ABRIDGED = ("spanish", "polish")
ABRIDGED_SHARE = 0.6
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]* (\d{4}-\d{2}-\d{2})$")


def _english_documents(rows: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(first sentence, end, date) of each English document."""
    texts = [" ".join(r["sentence"]) for r in rows]
    starts: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        match = _DATELINE.match(text)
        if not match or i == 0:
            continue
        headline = i - 1 if texts[i - 1].isupper() else i - 2  # a byline sits between
        starts.append((max(headline, 0), match.group(1)))
    return [
        (start, starts[k + 1][0] if k + 1 < len(starts) else len(rows), day)
        for k, (start, day) in enumerate(starts)
    ]


def translation_records(data: Path, limit: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(gold group, article record) for the English documents and their translations."""
    english_path = data / "english-news-dev.json"
    if not english_path.is_file():
        raise EvalError(f"{data} has no english-news-dev.json (Multi-CrossRE layout expected)")
    english = [json.loads(line) for line in english_path.open(encoding="utf-8")]
    documents = _english_documents(english)
    if not documents:
        raise EvalError(f"no documents (headline + dateline) found in {english_path}")
    if limit:
        documents = documents[:limit]
    translated: dict[str, dict[str, str]] = {}
    for folder in sorted(LANGUAGES):
        path = data / folder / "news-dev.json"
        if path.is_file():
            translated[folder] = {
                r["doc_key"]: r.get("sentence-detokenized") or " ".join(r["sentence"])
                for r in map(json.loads, path.open(encoding="utf-8"))
            }
    items: list[tuple[str, dict[str, Any]]] = []
    for start, end, day in documents:
        group = english[start]["doc_key"]
        keys = [r["doc_key"] for r in english[start:end]]
        text = "\n".join(" ".join(r["sentence"]) for r in english[start:end])
        items.append((group, {"text": text, "language": "en", "published": day}))
        for folder, lines in translated.items():
            kept = [lines[k] for k in keys if k in lines]
            if folder in ABRIDGED:
                kept = kept[: max(3, round(len(kept) * ABRIDGED_SHARE))]
            if kept:
                record = {"text": "\n".join(kept), "language": LANGUAGES[folder], "published": day}
                items.append((group, record))
    return items


def extra_records(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"extra:{path.name}", {"text": path.read_text("utf-8")})
        for path in sorted(folder.glob("*.txt"))
    ]


def evaluate_translations(
    data: Path,
    *,
    limit: int | None = None,
    extra: Path | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    from .stories import _eval_settings, analyse_records, repost_groups

    settings = settings or load_settings(environ={})
    items = translation_records(data, limit)
    if extra is not None:
        items += extra_records(extra)
    with tempfile.TemporaryDirectory(prefix="newstrace-eval-") as tmp:
        store, gold = analyse_records(items, _eval_settings(settings, Path(tmp)), Path(tmp))
        with store:
            predicted = repost_groups(store, gold)
            languages = {a.id: a.language for a in store.articles(status="ok")}
    metrics = bcubed(predicted, gold)
    sources = {g: a for a, g in gold.items() if languages.get(a) == "en"}
    copies = [a for a, g in gold.items() if g in sources and sources[g] != a]
    linked = sum(predicted[a] == predicted[sources[gold[a]]] for a in copies)
    return {
        "task": "translations",
        "n": len(gold),
        **{k: round(v, 4) for k, v in metrics.items()},
        "linked": round(linked / len(copies), 4) if copies else 0.0,
        "groups_gold": len(set(gold.values())),
        "groups_predicted": len(set(predicted.values())),
    }
