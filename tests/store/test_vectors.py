"""Nearest articles by their vectors: exact numpy search on SQLite and on a PostgreSQL without
pgvector, pgvector's HNSW index where the server has the extension; the same answers."""

from __future__ import annotations

import numpy as np
import pytest

from newstrace.ids import make_id
from newstrace.model import AnalysisDoc, Article, Embedding, Sentence, StageOutput
from newstrace.store import SQLStore, open_store
from newstrace.store.base import pack, unpack

DIM = 512  # the dimension of the article vectors newstrace writes (the sentence encoder's)


def clustered(n_clusters: int = 12, size: int = 6, seed: int = 3) -> list[np.ndarray]:
    """Unit vectors in tight groups: each one's nearest are the others of its group."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_clusters):
        centre = rng.normal(size=DIM)
        for _ in range(size):
            v = centre + 0.35 * rng.normal(size=DIM)
            out.append((v / np.linalg.norm(v)).astype(np.float32))
    return out


def write(store: SQLStore, vectors: list[np.ndarray], start: int = 0) -> list[str]:
    """Write ``vectors`` as the embeddings of articles numbered from ``start``."""
    docs = []
    for i, v in enumerate(vectors, start):
        a = Article(make_id("article", i), f"a{i}.txt", "ok", f"Article number {i} of the test.")
        store.add_article(a)
        doc = AnalysisDoc(a, language="en", sentences=[Sentence(0, len(a.text))])
        doc.embedding = Embedding("test", v, v[None, :])
        docs.append(doc)
    store.save_docs(docs, [StageOutput("embed", 1, ("sentences", "embedding"))])
    return [d.article.id for d in docs]


def exact(vectors: list[np.ndarray], ids: list[str], i: int, k: int) -> list[tuple[str, float]]:
    """What exact cosine search gives over the stored (float16) vectors."""
    stored = np.stack([unpack(pack(v), DIM)[0] for v in vectors])
    scores = stored @ stored[i]
    order = [j for j in np.argsort(-scores, kind="stable") if j != i][:k]
    return [(ids[j], float(scores[j])) for j in order]


def test_similar_is_the_exact_neighbourhood_on_every_backend(store: SQLStore) -> None:
    vectors = clustered()
    ids = write(store, vectors)
    for i in (0, 17, 40, 71):
        got = store.similar(ids[i], limit=5)
        want = exact(vectors, ids, i, 5)
        # the same five neighbours (the rest of the group) with the same cosine; the order of
        # near-ties may differ between float16 dot products and pgvector's float32 cosine
        assert {a for a, _ in got} == {a for a, _ in want}
        assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
        for (a, s), (b, t) in zip(sorted(got), sorted(want), strict=True):
            assert a == b and s == pytest.approx(t, abs=2e-3)
    assert store.similar("no-such-article") == []


def _vector_state(store: SQLStore) -> tuple[int, list[str]]:
    filled = store.x("SELECT count(*) FROM embeddings WHERE article_vec IS NOT NULL").fetchone()
    indexes = store.x(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' ORDER BY indexname"
    ).fetchall()
    return int(filled[0]), [r[0] for r in indexes]


def test_pgvector_keeps_an_hnsw_index_and_answers_from_it(pgvector_url: str) -> None:
    vectors = clustered()
    with open_store(pgvector_url) as store:
        assert store.vectors
        ids = write(store, vectors)
        filled, indexes = _vector_state(store)
        assert filled == len(vectors) and f"embeddings_vec_{DIM}" in indexes
        query = store.x("SELECT article_vec::text FROM embeddings WHERE article = ?", (ids[0],))
        literal = query.fetchone()[0]
        with store.transaction():
            store.x("SET LOCAL enable_seqscan = off")
            plan = "\n".join(
                r[0]
                for r in store.x(
                    f"EXPLAIN SELECT article FROM embeddings WHERE dim = {DIM} ORDER BY"
                    f" (article_vec::vector({DIM})) <=> ?::vector({DIM}) LIMIT 5",
                    (literal,),
                )
            )
        assert f"embeddings_vec_{DIM}" in plan


def test_pgvector_arriving_after_the_data_is_filled_in(pgvector_url: str) -> None:
    vectors = clustered(n_clusters=4)
    with open_store(pgvector_url) as store:
        ids = write(store, vectors)
        # as on a server where the extension was installed only after articles were analysed
        store.x("DROP EXTENSION vector CASCADE")
        assert store.x("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone() is None
    with open_store(pgvector_url) as store:
        assert store.vectors
        assert _vector_state(store)[0] == len(vectors)
        got = store.similar(ids[1], limit=5)
        assert {a for a, _ in got} == {a for a, _ in exact(vectors, ids, 1, 5)}


def test_postgres_without_pgvector_uses_numpy(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert store.vectors is False
        columns = store.x(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'embeddings'"
        ).fetchall()
        assert "article_vec" not in {r[0] for r in columns}
