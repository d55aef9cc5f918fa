"""The encoder newstrace runs (its tokenizer + ONNX Runtime) against its reference (the pure-Python
tokenizer and the numpy forward pass, ``newstrace.encoder.reference``) on real news text, for
both heads, and the graph cache: built once, named by the weights, written atomically."""

from __future__ import annotations

import concurrent.futures as cf
import json
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pytest

from newstrace.encoder import Encoder, read_tuned
from newstrace.encoder import reference as ref
from newstrace.encoder.runtime import cache_dir, digest, graph_bytes, load_tokenizer
from newstrace.quotes.tagger import INT8, WINDOW, Tagger, load_tagger
from newstrace.relations.sentiment import load_classifier, pieces

from ..conftest import eval_path

# states of the last layer: the numpy pass and ONNX Runtime sum in different orders in float32
STATE_TOLERANCE = 1e-4
# a head's probabilities
PROB_TOLERANCE = 1e-5
# the int8 encoder against the reference: labels (argmax) that agree, mean probability gap
INT8_LABELS_AGREE = 0.99
INT8_MEAN_PROB = 0.01
ODD = [
    "",
    "   ",
    "  Il Movimento  5 Stelle «non è contro la NATO», ha detto Di Battista.",
    "Сальвини отрицал получение денег из Москвы.",
    "ﬁne ½ ㎏ a\u2603\U0001f600\U0001f600b \t\n\u00a0x\u200b",  # ligature, fraction, unknowns
]


@pytest.fixture(scope="module")
def polnear() -> list[str]:
    folder = eval_path("quotes", "polnear", "dev", "text")
    return [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))[:12]]


@pytest.fixture(scope="module")
def newsmtsc() -> list[tuple[str, int, int]]:
    path = eval_path("sentiment", "newsmtsc", "dev-rw.jsonl")
    items = []
    for line in path.read_text("utf-8").splitlines()[:40]:
        row = json.loads(line)
        t = row["targets"][0]
        items.append((row["sentence_normalized"], int(t["from"]), int(t["to"])))
    return items


def test_tokenizer_gives_the_references_pieces_and_spans(polnear: list[str]) -> None:
    reference = ref.Encoder()
    tokenizer = load_tokenizer()
    for text in polnear + ODD:
        want, got = reference.tokenize(text), tokenizer.tokenize(text)
        assert got.ids == want.ids
        assert got.spans == want.spans


def _updates(path: str) -> dict[str, np.ndarray]:
    params = read_tuned(path)
    assert params is not None, f"{path} is not installed"
    return {k: v for k, v in params.items() if k.startswith("l")}


def _tagger_probs(tagger: Tagger, last: np.ndarray) -> np.ndarray:
    z = (last[1:-1] @ tagger.w + tagger.b).reshape(-1, 3, 3)
    z = np.exp(z - z.max(-1, keepdims=True))
    return np.asarray(z / z.sum(-1, keepdims=True))


def test_tagger_states_and_probabilities_match_the_reference(polnear: list[str]) -> None:
    tagger = load_tagger()  # the shipped one, in int8 (INT8)
    assert tagger is not None and tagger.encoder.int8 == INT8
    updates = _updates("models/quotes/tagger.npz")
    reference = ref.Encoder(delta=updates)
    float32 = Encoder(updates, int8=False)
    worst_state = worst_prob = 0.0
    want_all, int8_all = [], []
    for text in polnear[:3]:
        ids = float32.tokenize(text).ids
        for start in (0, max(0, len(ids) - WINDOW)):
            window = ids[start : start + WINDOW]
            want = reference.states(window)[-1]
            got = float32.last(window)
            assert got.shape == want.shape == (len(window) + 2, 384)
            worst_state = max(worst_state, float(np.abs(got - want).max()))
            p_want = _tagger_probs(tagger, want)
            worst_prob = max(worst_prob, float(np.abs(_tagger_probs(tagger, got) - p_want).max()))
            want_all.append(p_want)
            int8_all.append(_tagger_probs(tagger, tagger.encoder.last(window)))
    assert worst_state < STATE_TOLERANCE
    assert worst_prob < PROB_TOLERANCE
    # int8: not the same numbers, the same labels almost everywhere
    a, b = np.concatenate(want_all), np.concatenate(int8_all)
    assert (a.argmax(-1) == b.argmax(-1)).mean() >= INT8_LABELS_AGREE
    assert np.abs(a - b).mean() < INT8_MEAN_PROB


def test_sentiment_probabilities_match_the_reference(newsmtsc: list[tuple[str, int, int]]) -> None:
    model = load_classifier()
    assert model is not None
    updates = _updates("models/sentiment/encoder.npz")
    reference = ref.Encoder(delta=updates)
    float32 = Encoder(updates, int8=False)
    rows = []
    for sentence, start, end in newsmtsc[:20]:
        ids, target = pieces(reference, sentence, start, end)
        assert (ids, target) == pieces(load_tokenizer(), sentence, start, end)
        last = reference.states(ids)[-1]
        assert np.abs(float32.last(ids) - last).max() < STATE_TOLERANCE
        rows.append(np.concatenate([last.mean(0), last[target].mean(0)]))
    z = np.stack(rows) @ model.w + model.b
    want = np.exp(z - z.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    shipped = model.encoder
    try:
        model.encoder = float32
        got = model.proba(newsmtsc[:20])
    finally:
        model.encoder = shipped
    assert np.abs(got - want).max() < PROB_TOLERANCE
    assert (got.argmax(1) == want.argmax(1)).all()
    if shipped.int8:
        got = model.proba(newsmtsc[:20])
        assert (got.argmax(1) == want.argmax(1)).mean() >= INT8_LABELS_AGREE
        assert np.abs(got - want).mean() < INT8_MEAN_PROB


def test_both_heads_share_one_tokenizer_and_one_read_of_the_base() -> None:
    tagger, model = load_tagger(), load_classifier()
    assert tagger is not None and model is not None
    assert tagger.encoder.tokenizer is model.encoder.tokenizer
    assert tagger.encoder.weights is model.encoder.weights
    assert load_tagger() is tagger and load_classifier() is model


def test_the_graph_is_cached_by_the_digest_of_its_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    updates = _updates("models/sentiment/encoder.npz")
    base = ref.Encoder().path
    built = graph_bytes(base, updates)
    assert (
        isinstance(built, Path)
        and built.parent == cache_dir() == tmp_path / "newstrace" / "encoder"
    )
    assert digest(base, updates) in built.name
    assert [p.name for p in cache_dir().iterdir()] == [built.name]  # no temporary file left
    stamp = built.stat().st_mtime_ns
    assert (
        graph_bytes(base, updates) == built and built.stat().st_mtime_ns == stamp
    )  # read, not rebuilt
    # other updates, another graph
    other = dict(updates)
    key = next(k for k in other if k.endswith(".aln.b"))
    other[key] = other[key] + np.float32(0.01)
    assert digest(base, other) != digest(base, updates)
    # a cache that cannot be written: the graph is built in memory and runs the same
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    in_memory = graph_bytes(base, updates)
    assert isinstance(in_memory, bytes)
    ids = load_tokenizer().tokenize("The council blamed the contractor.").ids
    a = Encoder(updates).last(ids)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert np.abs(Encoder(updates).last(ids) - a).max() == 0.0


def _build_in(cache: str) -> str:
    """In a fresh process: build the sentiment head's graph into ``cache`` and run it."""
    os.environ["XDG_CACHE_HOME"] = cache
    encoder = Encoder(_updates("models/sentiment/encoder.npz"))
    last = encoder.last(load_tokenizer().tokenize("The council blamed the contractor.").ids)
    return f"{last.shape} {float(last.sum()):.4f}"


def test_builders_at_the_same_time_each_get_a_whole_graph(tmp_path: Path) -> None:
    # two processes start on an empty cache together, as a pool's workers do
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_build_in, [str(tmp_path)] * 2))
    assert results[0] == results[1]
    files = sorted(p.name for p in (tmp_path / "newstrace" / "encoder").iterdir())
    assert len(files) == 1 and files[0].endswith(".onnx")  # one graph, no temporary file


def test_an_encoder_runs_one_thread_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.encoder.runtime import THREADS_ENV, threads

    monkeypatch.delenv(THREADS_ENV, raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert threads() == 1  # whatever the machine's cores
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # a pool worker's share
    assert threads() == 3
    monkeypatch.setenv(THREADS_ENV, "2")
    assert threads() == 2


def test_the_sentiment_model_loads_when_a_sentence_is_first_scored() -> None:
    """``available`` asks only whether it is installed: a process whose stances need no
    score never holds its session (about 100 MB)."""
    script = (
        "from newstrace.relations.sentiment import TargetSentiment, load_classifier\n"
        "model = TargetSentiment()\n"
        "assert model.available\n"
        "assert load_classifier.cache_info().currsize == 0\n"
        "label, p = model.predict([('The mayor praised the volunteers.', 4, 9)])[0]\n"
        "assert load_classifier.cache_info().currsize == 1 and 0 < p <= 1\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
