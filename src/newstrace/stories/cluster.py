"""Online, incremental story clustering.

Articles arrive in ingest order, as they would in a running system. Each one joins the story
whose members are, on average, most similar to it, or starts a new story. Similarity adds three
signals and a time penalty:

- the cosine of multilingual article embeddings (what the article is about, in any language);
- ``lexical_weight`` x the cosine of IDF-weighted character trigrams of transliterated words
  (the specific names, places and numbers; Путин and Putin share trigrams);
- ``actor_weight`` x the IDF-weighted overlap of canonical actors,

- minus ``time_weight`` x the gap between two dated articles beyond ``window_days``, in years
  (capped at one): a follow-up weeks later still joins, a like event a year later does not;

so two earthquakes in one week stay two stories when their places and people differ. After the
online pass, the new articles of this run may move once to a story that fits them better.
Articles that were already in a story keep it: re-running never reshuffles stable stories.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..settings import StoriesSettings


@dataclass(frozen=True, slots=True)
class ClusterParams:
    threshold: float = 1.0
    lexical_weight: float = 1.5
    actor_weight: float = 0.3
    # Time: no penalty within window_days of a member's date; beyond, time_weight times the
    # gap in years (capped at one) is taken off. Undated articles are not penalised.
    window_days: int = 30
    time_weight: float = 0.5
    refine_rounds: int = 3

    @classmethod
    def from_settings(cls, settings: StoriesSettings) -> ClusterParams:
        return cls(
            threshold=settings.threshold,
            lexical_weight=settings.lexical_weight,
            actor_weight=settings.actor_weight,
            window_days=settings.window_days,
            time_weight=settings.time_weight,
        )


@dataclass(frozen=True, slots=True)
class ClusterItem:
    article: str
    vector: np.ndarray  # L2-normalised embedding
    text: str  # title and lead, for the lexical signal
    actors: frozenset[str]
    day: date | None


IDF_MIN_DOCS = 100  # a smaller corpus is padded to this many documents for the IDF


def lexical_matrix(texts: Sequence[str], min_docs: int = IDF_MIN_DOCS) -> Any:
    """IDF-weighted, L2-normalised character-trigram rows (scipy CSR). A corpus of fewer than
    ``min_docs`` texts is padded with virtual texts that share none of the trigrams, so two
    articles still weigh the trigrams they share; from ``min_docs`` on, the IDF is plain and a
    trigram found in every text weighs nothing."""
    from scipy import sparse

    from .embed import surface_vectors

    counts = surface_vectors(texts)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    padding = max(0, min_docs - len(texts))
    idf = np.log((len(texts) + padding) / np.maximum(df, 1))
    weighted = counts @ sparse.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ weighted


def actor_matrix(items: Sequence[ClusterItem]) -> tuple[Any, Any, np.ndarray]:
    """Actor incidence rows: IDF-weighted, binary, and each row's total weight."""
    from scipy import sparse

    index: dict[str, int] = {}
    df: dict[str, int] = {}
    for item in items:
        for actor in item.actors:
            df[actor] = df.get(actor, 0) + 1
            index.setdefault(actor, len(index))
    rows, cols, vals = [], [], []
    for i, item in enumerate(items):
        for actor in item.actors:
            rows.append(i)
            cols.append(index[actor])
            vals.append(math.log(len(items) / df[actor]))
    shape = (len(items), max(len(index), 1))
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)
    binary = sparse.csr_matrix((np.ones(len(vals), dtype=np.float32), (rows, cols)), shape=shape)
    return weighted, binary, np.asarray(weighted.sum(axis=1)).ravel()


FULL_MATRIX_MAX = 20_000  # up to this many articles, all similarities are computed at once
BLOCK_ROWS = 1_000


class _Similarities:
    """Pairwise similarity of one item to many, combining the three signals. Up to
    FULL_MATRIX_MAX items the whole matrix is computed in one pass (fast, n² floats); beyond,
    rows are computed on demand. Large stores are clustered in time blocks (docs)."""

    def __init__(self, items: Sequence[ClusterItem], params: ClusterParams) -> None:
        self.vectors = (
            np.stack([np.asarray(i.vector, dtype=np.float32) for i in items])
            if items
            else np.zeros((0, 1))
        )
        self.lexical = lexical_matrix([i.text for i in items]) if params.lexical_weight else None
        self.actors, self.actor_flags, self.actor_totals = actor_matrix(items)
        self.params = params
        days = [i.day.toordinal() if i.day else None for i in items]
        self.days = np.array([d if d is not None else 0 for d in days], dtype=np.float64)
        self.dated = np.array([d is not None for d in days])
        self.full: np.ndarray | None = None
        if len(items) <= FULL_MATRIX_MAX:
            # Filled in row blocks: n² float32 plus one block of temporaries at a time.
            every = np.arange(len(items))
            self.full = np.empty((len(items), len(items)), dtype=np.float32)
            for start in range(0, len(items), BLOCK_ROWS):
                block = every[start : start + BLOCK_ROWS]
                self.full[block] = self._rows(block, every)

    def row(self, i: int, others: np.ndarray) -> np.ndarray:
        if self.full is not None:
            return self.full[i, others]
        return self._rows(np.array([i]), others)[0]

    def _rows(self, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
        sims = self.vectors[rows] @ self.vectors[others].T
        if self.lexical is not None:
            sims += (
                self.params.lexical_weight * (self.lexical[rows] @ self.lexical[others].T).toarray()
            )
        if self.params.actor_weight:
            shared = (self.actors[rows] @ self.actor_flags[others].T).toarray()
            union = self.actor_totals[rows][:, None] + self.actor_totals[others][None, :] - shared
            overlap = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
            sims += self.params.actor_weight * overlap
        if self.params.time_weight:
            both = self.dated[rows][:, None] & self.dated[others][None, :]
            gap = (
                np.abs(self.days[rows][:, None] - self.days[others][None, :])
                - self.params.window_days
            )
            sims -= self.params.time_weight * both * np.clip(gap / 365.0, 0.0, 1.0)
        return sims.astype(np.float32)


def cluster(
    items: list[ClusterItem],
    existing: dict[str, str],
    new_key: Callable[[ClusterItem], str],
    params: ClusterParams = ClusterParams(),
) -> dict[str, str]:
    """Story key for every item (in the given order). ``existing`` (article -> story key) is
    kept as it is; only the other items are placed."""
    n = len(items)
    if not n:
        return {}
    sim = _Similarities(items, params)
    labels = np.full(n, -1)
    keys: list[str] = []
    key_index: dict[str, int] = {}

    def open_story(key: str) -> int:
        key_index[key] = len(keys)
        keys.append(key)
        return key_index[key]

    for i, item in enumerate(items):
        key = existing.get(item.article)
        if key is not None:
            labels[i] = key_index[key] if key in key_index else open_story(key)
    new = [i for i in range(n) if labels[i] < 0]

    def best_story(i: int, exclude_self: bool) -> tuple[int, float]:
        others = (
            np.where((labels >= 0) & (np.arange(n) != i))[0]
            if exclude_self
            else np.where(labels >= 0)[0]
        )
        if not len(others):
            return -1, -math.inf
        sims = sim.row(i, others)
        groups = labels[others]
        totals = np.bincount(groups, weights=sims, minlength=len(keys))
        counts = np.bincount(groups, minlength=len(keys))
        means = np.divide(totals, counts, out=np.full(len(keys), -math.inf), where=counts > 0)
        story = int(means.argmax())
        return story, float(means[story])

    for i in new:
        story, score = best_story(i, exclude_self=False)
        if story < 0 or score < params.threshold:
            story = open_story(new_key(items[i]))
        labels[i] = story

    for _ in range(params.refine_rounds):
        moved = False
        for i in new:
            current = labels[i]
            alone = int((labels == current).sum()) == 1
            story, score = best_story(i, exclude_self=True)
            if story >= 0 and story != current and score >= params.threshold:
                labels[i] = story
                moved = True
            elif score < params.threshold and not alone:
                labels[i] = open_story(new_key(items[i]))
                moved = True
        if not moved:
            break
    return {item.article: keys[labels[i]] for i, item in enumerate(items)}
