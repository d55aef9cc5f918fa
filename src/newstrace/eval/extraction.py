"""HTML -> article text, scored like scrapinghub's article-extraction-benchmark: per page,
precision and recall of 4-gram token shingles (multisets); the reported precision and recall
are their means over pages, and F1 is their harmonic mean."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

from ..errors import EvalError
from ..ingest.prepare import extract_html
from ..model import RawDocument

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    g, p = shingles(gold), shingles(predicted)
    if not g and not p:
        return 1.0, 1.0
    tp = sum((g & p).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    return precision, recall


def evaluate_extraction(data: Path, *, limit: int | None = None) -> dict[str, Any]:
    truth_path = data / "ground-truth.json"
    if not truth_path.is_file():
        raise EvalError(f"{data} has no ground-truth.json (scrapinghub-aeb layout expected)")
    truth = json.loads(truth_path.read_text("utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    precisions, recalls, failures = [], [], 0
    for page_id in ids:
        html_path = data / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(html_path.read_bytes())
        try:
            text, _meta = extract_html(
                RawDocument(
                    source=str(html_path), content=html, kind="html", url=truth[page_id].get("url")
                )
            )
        except ValueError:
            text, failures = "", failures + 1
        p, r = precision_recall(truth[page_id]["articleBody"], text)
        precisions.append(p)
        recalls.append(r)
    precision, recall = mean(precisions), mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "task": "extraction",
        "n": len(ids),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "failures": failures,
    }
