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

# Where the embedding is weak for a language (Ukrainian), an article's nearest neighbours are
# first other articles in its language: at 8, a Ukrainian translation of the translations dev
# set met only its source and one sibling translation, aligned with neither, and joined its
# story on similarity alone; at 12 it meets three more siblings and is found as a copy.
COPY_CANDIDATES = 12


def find_copies(
    ids: Sequence[str],
    vectors: np.ndarray,
    new: set[str],
    view: Callable[[str], ArticleView],
    params: StoriesSettings,
) -> dict[str, set[str]]:
    """article -> the articles it copies or that copy it, for the pairs that involve a new
    article. ``vectors`` holds the L2-normalised article embeddings in the order of ``ids``."""
    nearest: dict[str, list[tuple[str, float]]] = {}
    for i, article in enumerate(ids):
        if article not in new:
            continue
        sims = vectors @ vectors[i]
        sims[i] = -np.inf
        top = np.argsort(-sims)[:COPY_CANDIDATES]
        nearest[article] = [(ids[int(j)], float(sims[j])) for j in top]
    return verify_copies([a for a in ids if a in new], nearest, view, params)


def verify_copies(
    new: Sequence[str],
    nearest: dict[str, list[tuple[str, float]]],
    view: Callable[[str], ArticleView],
    params: StoriesSettings,
) -> dict[str, set[str]]:
    """The copies among each new article's nearest articles (``nearest``: its
    ``COPY_CANDIDATES`` best (article, cosine), best first), those at or above
    ``copy_cosine``, each pair compared once, in the order of ``new``."""
    copies: dict[str, set[str]] = {}
    seen: set[frozenset[str]] = set()
    for article in new:
        for other, cosine in nearest.get(article, ()):
            if cosine < params.copy_cosine:
                continue
            pair = frozenset((article, other))
            if pair in seen:
                continue
            seen.add(pair)
            if classify_pair(view(other), view(article), params).kind != "independent":
                copies.setdefault(article, set()).add(other)
                copies.setdefault(other, set()).add(article)
    return copies
