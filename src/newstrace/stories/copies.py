"""Copies found before clustering: translations and republications are the strongest evidence
that two articles report one event, whatever their dates and languages.

Each new article is compared (``reposts.classify_pair``: aligned sentences, MinHash) with its
``COPY_CANDIDATES`` nearest articles by embedding, those at or above ``copy_cosine``. An
article's nearest neighbours are often the other translations of its source rather than the
source itself, so the links are followed transitively by the clustering (a copy of a copy
joins the same story) and by the relations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..settings import StoriesSettings
from .reposts import ArticleView, classify_pair

COPY_CANDIDATES = 8


def find_copies(
    ids: Sequence[str],
    vectors: np.ndarray,
    new: set[str],
    view: Callable[[str], ArticleView],
    params: StoriesSettings,
) -> dict[str, set[str]]:
    """article -> the articles it copies or that copy it, for the pairs that involve a new
    article. ``vectors`` holds the L2-normalised article embeddings in the order of ``ids``."""
    copies: dict[str, set[str]] = {}
    seen: set[tuple[int, int]] = set()
    position = {a: i for i, a in enumerate(ids)}
    for article in ids:
        if article not in new:
            continue
        i = position[article]
        sims = vectors @ vectors[i]
        sims[i] = -np.inf
        nearest = np.argsort(-sims)[:COPY_CANDIDATES]
        for j in (int(j) for j in nearest if sims[j] >= params.copy_cosine):
            pair = (min(i, j), max(i, j))
            if pair in seen:
                continue
            seen.add(pair)
            if classify_pair(view(ids[j]), view(article), params).kind != "independent":
                copies.setdefault(article, set()).add(ids[j])
                copies.setdefault(ids[j], set()).add(article)
    return copies
