"""Nearest articles by embedding without reading every vector: a coarse k-means (IVF) over
the article vectors (migration 0019), kept in the store, with exact re-ranking.

``article_vectors`` holds each article's vector apart from its sentence vectors, with the cell
it belongs to; ``vector_cells`` holds each cell's unit centroid, its radius (the largest angle
between the centroid and a member) and the largest member norm. A lookup reads, for each
query, the ``probe`` cells of its nearest centroids, leaves out those that cannot reach
``floor`` (for a query ``q`` at angle ``a`` from a centroid, no member scores more than
``|q| * norm * cos(max(0, a - radius))``), and ranks what it read exactly. It is approximate:
a neighbour in a cell beyond the ``probe`` nearest is missed (on real ECB+ article vectors, 21
cells, ``probe`` 8: none of the 3,545 exact top-8 neighbours at or above ``copy_cosine`` was
missed; ``probe`` 4 missed 3; tests/store/test_vector_index.py).

The cells grow with the store: they are first trained when a dimension has ``TRAIN_AT``
vectors, then again when it has grown ``GROWTH`` times, about ``sqrt(n)`` cells of ``sqrt(n)``
vectors, so a lookup reads about ``probe * sqrt(n)`` vectors. Each training reads the vectors
once, a page at a time (O(1) per article added, over time). Vectors written since (``cell``
NULL) are placed in their nearest cell before each lookup, widening its bounds; a vector
replaced or deleted leaves its cell's bounds as they were (still bounds). Below ``TRAIN_AT``
a lookup reads every vector: exact. Memory stays flat: a page or one cell at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .rows import pack, unpack

if TYPE_CHECKING:
    from .base import SQLStore

PAGE = 5_000  # vectors per page when scanning or training
TRAIN_AT = 5_000  # below this, a lookup reads every vector (one or two pages)
GROWTH = 4  # train again when a dimension has this many times the vectors it was trained on
SAMPLE_PER_CELL = 32  # k-means runs on this many vectors per cell at most
ITERATIONS = 8
PROBE = 8  # cells read per query: those of its nearest centroids
SLACK = 1e-3  # float error allowed on a bound (arccos near 0 loses digits)


@dataclass(frozen=True, slots=True)
class Cells:
    """One dimension's cells: unit centroids (rows), radii (radians), largest member norms."""

    ids: np.ndarray
    centroids: np.ndarray
    radius: np.ndarray
    norm: np.ndarray
    trained: int

    def bounds(self, q: np.ndarray) -> np.ndarray:
        """The most any member of each cell can score against each query (rows of ``q``)."""
        qnorm = np.linalg.norm(q, axis=1, keepdims=True)
        cosine = (q / np.maximum(qnorm, 1e-12)) @ self.centroids.T
        angle = np.arccos(np.clip(cosine, -1.0, 1.0))
        gap = np.maximum(angle - self.radius[None, :], 0.0)
        return np.asarray(qnorm * self.norm[None, :] * np.cos(gap) + SLACK)


def unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12))


def kmeans(sample: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means: ``k`` unit centroids of the unit rows of ``sample``."""
    x = unit(sample)
    rng = np.random.default_rng(seed)
    centroids = x[rng.choice(len(x), size=k, replace=False)]
    for _ in range(ITERATIONS):
        nearest = np.argmax(x @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, nearest, x)
        empty = ~sums.any(axis=1)
        sums[empty] = centroids[empty]
        centroids = unit(sums)
    return np.asarray(centroids, dtype=np.float32)


class TopK:
    """Each query's ``k`` best (score, article) so far (-inf and None: none yet)."""

    def __init__(self, n: int, k: int) -> None:
        self.k = k
        self.scores = np.full((n, k), -np.inf, dtype=np.float32)
        self.ids = np.full((n, k), None, dtype=object)

    def merge(self, rows: np.ndarray, scores: np.ndarray, names: np.ndarray) -> None:
        """Merge ``scores`` (len(rows) x len(names)) into the rows ``rows``."""
        top = np.argsort(-scores, axis=1, kind="stable")[:, : self.k]
        merged = np.concatenate([self.scores[rows], np.take_along_axis(scores, top, 1)], 1)
        merged_ids = np.concatenate([self.ids[rows], names[top]], 1)
        keep = np.argsort(-merged, axis=1, kind="stable")[:, : self.k]
        self.scores[rows] = np.take_along_axis(merged, keep, 1)
        self.ids[rows] = np.take_along_axis(merged_ids, keep, 1)

    def result(self, r: int) -> list[tuple[str, float]]:
        return [
            (str(a), float(s))
            for a, s in zip(self.ids[r], self.scores[r], strict=True)
            if s > -np.inf and a is not None
        ]


class VectorIndex:
    """The article vectors of one open store and their cells."""

    def __init__(self, store: SQLStore, *, probe: int = PROBE, train_at: int = TRAIN_AT) -> None:
        self.store = store
        self.probe = probe
        self.train_at = train_at
        self.read = 0  # vectors read by the last ``nearest``

    # ---- lookups ----------------------------------------------------------------------------

    def nearest(
        self, queries: dict[str, np.ndarray], k: int, floor: float | None = None
    ) -> dict[str, list[tuple[str, float]]]:
        """Each query article's ``k`` nearest ok articles by dot product of the stored
        vectors (cosine for unit vectors; itself left out), best first, among those of the
        cells read. With ``floor``, neighbours scoring below it may be left out."""
        self.read = 0
        out: dict[str, list[tuple[str, float]]] = {}
        by_dim: dict[int, list[str]] = {}
        for a, v in queries.items():
            by_dim.setdefault(len(v), []).append(a)
        for dim, ids in by_dim.items():
            q = np.stack([np.asarray(queries[a], dtype=np.float32) for a in ids])
            best = self._search(dim, ids, q, k, -np.inf if floor is None else floor)
            out.update((a, best.result(r)) for r, a in enumerate(ids))
        return out

    def _search(self, dim: int, ids: list[str], q: np.ndarray, k: int, floor: float) -> TopK:
        cells = self.refresh(dim)
        best = TopK(len(ids), k)
        for names, vectors in self._unplaced(dim):
            self._score(best, ids, np.arange(len(ids)), q, names, vectors)
        if cells is None:
            return best
        # each query's ``probe`` cells of the nearest centroids, those that can reach ``floor``
        near = np.argsort(-(unit(q) @ cells.centroids.T), axis=1, kind="stable")[:, : self.probe]
        reach = np.take_along_axis(cells.bounds(q), near, 1) >= floor
        picks: dict[int, list[int]] = {}
        for r in range(len(ids)):
            for c in near[r][reach[r]]:
                picks.setdefault(int(c), []).append(r)
        order = sorted(picks)
        for c, (names, vectors) in zip(
            order, self._cells(dim, [int(cells.ids[c]) for c in order]), strict=True
        ):
            if len(names):
                self._score(best, ids, np.array(picks[c]), q, names, vectors)
        return best

    def _score(
        self,
        best: TopK,
        ids: list[str],
        rows: np.ndarray,
        q: np.ndarray,
        names: np.ndarray,
        vectors: np.ndarray,
    ) -> None:
        self.read += len(names)
        scores = q[rows] @ vectors.T
        for i, r in enumerate(rows):
            scores[i, names == ids[r]] = -np.inf
        best.merge(rows, scores, names)

    # ---- reading ----------------------------------------------------------------------------

    def _unplaced(self, dim: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The ok articles' vectors in no cell, a page at a time."""
        return self._pages(dim, " AND v.cell IS NULL AND a.status = 'ok'")

    def _cells(self, dim: int, cells: Sequence[int]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The ok articles' vectors of each of ``cells``, in that order."""
        for c in cells:
            rows = self.store.x(
                "SELECT v.article, v.vector FROM article_vectors v JOIN articles a"
                " ON a.id = v.article WHERE v.dim = ? AND v.cell = ? AND a.status = 'ok'",
                (dim, c),
            ).fetchall()
            yield self._page(rows, dim)

    @staticmethod
    def _page(rows: Sequence[Any], dim: int) -> tuple[np.ndarray, np.ndarray]:
        names = np.array([r[0] for r in rows], dtype=object)
        if not rows:
            return names, np.zeros((0, dim), dtype=np.float32)
        return names, unpack(b"".join(bytes(r[1]) for r in rows), dim)

    def cells(self, dim: int) -> Cells | None:
        rows = self.store.x(
            "SELECT cell, centroid, radius, norm, trained FROM vector_cells WHERE dim = ?"
            " ORDER BY cell",
            (dim,),
        ).fetchall()
        if not rows:
            return None
        return Cells(
            ids=np.array([r[0] for r in rows]),
            centroids=unpack(b"".join(bytes(r[1]) for r in rows), dim),
            radius=np.array([r[2] for r in rows], dtype=np.float32),
            norm=np.array([r[3] for r in rows], dtype=np.float32),
            trained=int(rows[0][4]),
        )

    # ---- keeping the cells ------------------------------------------------------------------

    def refresh(self, dim: int) -> Cells | None:
        """Train the cells if the dimension has grown enough, else place the vectors written
        since in their cells; the cells after that (None: too few vectors for cells)."""
        cells = self.cells(dim)
        n = int(
            self.store.x("SELECT COUNT(*) FROM article_vectors WHERE dim = ?", (dim,)).fetchone()[0]
        )
        if n >= self.train_at and (cells is None or n >= GROWTH * cells.trained):
            return self.train(dim, n)
        if cells is not None:
            self._place(dim, cells)
            return self.cells(dim)
        return None

    def train(self, dim: int, n: int) -> Cells:
        """New cells for ``dim`` from a sample of its ``n`` vectors, every vector placed."""
        k = max(2, round(math.sqrt(n)))
        step = max(1, n // (k * SAMPLE_PER_CELL))
        sample = [v[::step].copy() for _, v in self._pages(dim)]  # not the pages
        centroids = kmeans(np.concatenate(sample), min(k, sum(len(s) for s in sample)))
        with self.store.transaction():
            self.store.x("UPDATE article_vectors SET cell = NULL WHERE dim = ?", (dim,))
            self.store.x("DELETE FROM vector_cells WHERE dim = ?", (dim,))
            self.store.xm(
                "INSERT INTO vector_cells (dim, cell, centroid, radius, norm, trained)"
                " VALUES (?, ?, ?, 0, 0, ?)",
                [(dim, c, pack(v), n) for c, v in enumerate(centroids)],
            )
            cells = self.cells(dim)
            assert cells is not None
            self._place(dim, cells)
        placed = self.cells(dim)
        assert placed is not None
        return placed

    def _pages(self, dim: int, where: str = "") -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The vectors of ``dim`` (``where``: a further condition on ``v`` and its article
        ``a``), a page at a time in article order."""
        after = ""
        while rows := self.store.x(
            "SELECT v.article, v.vector FROM article_vectors v JOIN articles a ON a.id = v.article"
            f" WHERE v.dim = ?{where} AND v.article > ? ORDER BY v.article LIMIT ?",
            (dim, after, PAGE),
        ).fetchall():
            after = rows[-1][0]
            yield self._page(rows, dim)

    def _place(self, dim: int, cells: Cells) -> None:
        """Put every vector of ``dim`` in no cell into its nearest one, widening bounds."""
        radius, norm = cells.radius.copy(), cells.norm.copy()
        changed = False
        with self.store.transaction():
            while rows := self.store.x(
                "SELECT article, vector FROM article_vectors WHERE dim = ? AND cell IS NULL"
                " LIMIT ?",
                (dim, PAGE),
            ).fetchall():
                names, vectors = self._page(rows, dim)
                cosine = unit(vectors) @ cells.centroids.T
                nearest = np.argmax(cosine, axis=1)
                angle = np.arccos(np.clip(cosine[np.arange(len(names)), nearest], -1.0, 1.0))
                np.maximum.at(radius, nearest, angle.astype(np.float32))
                np.maximum.at(norm, nearest, np.linalg.norm(vectors, axis=1).astype(np.float32))
                self.store.xm(
                    "UPDATE article_vectors SET cell = ? WHERE article = ?",
                    [(int(cells.ids[c]), str(a)) for a, c in zip(names, nearest, strict=True)],
                )
                changed = True
            if changed:
                self.store.xm(
                    "UPDATE vector_cells SET radius = ?, norm = ? WHERE dim = ? AND cell = ?",
                    [
                        (float(r), float(m), dim, int(c))
                        for c, r, m in zip(cells.ids, radius, norm, strict=True)
                    ],
                )
