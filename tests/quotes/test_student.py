"""The tagger's student (models/quotes/student.npz): four of the encoder's layers on windows of
510 pieces, run by ONNX Runtime without torch, chosen by ``[quotes] tagger_model``."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from newstrace.encoder import reference as ref
from newstrace.encoder import tuned_installed
from newstrace.errors import ConfigError
from newstrace.quotes import load_tagger
from newstrace.quotes.tagger import MODELS, Tagger, windows
from newstrace.settings import load_settings
from newstrace.stages.quotes import QuotesStage

STUDENT = MODELS["student"]


def test_the_model_is_a_setting_checked_on_load() -> None:
    assert QuotesStage.from_settings(load_settings(environ={})).tagger_model == "teacher"
    env = {"NEWSTRACE_QUOTES__TAGGER_MODEL": "student"}
    stage = QuotesStage.from_settings(load_settings(environ=env))
    assert stage.tagger_model == "student"
    # a store read by the teacher reads its quotes again with the student, and not otherwise
    assert stage.config() != QuotesStage.from_settings(load_settings(environ={})).config()
    assert "tagger_model" not in QuotesStage().config()
    # and again when the student's file changes (its weights or its own threshold)
    assert len(stage.config()["tagger_file"]) == 16
    with pytest.raises(ConfigError, match="tagger_model must be one of teacher, student"):
        QuotesStage.from_settings(load_settings({"quotes": {"tagger_model": "tiny"}}, environ={}))


def test_long_windows_cover_every_piece_with_context() -> None:
    for n in (0, 1, 510, 511, 1100, 5000):
        spans, chosen = windows(n, 382, 510)
        assert all(b - a <= 510 for a, b in spans)
        for p in range(n):
            a, b = spans[chosen[p]]
            assert a <= p < b
            assert a == 0 or p - a >= 64, (n, p, a, b)
            assert b == n or b - 1 - p >= 63, (n, p, a, b)


@pytest.mark.slow
def test_the_student_runs_four_layers_without_torch_and_tags_a_quote() -> None:
    assert tuned_installed(STUDENT), f"{STUDENT} is missing"
    code = """
import sys
from newstrace.quotes import load_tagger
tagger = load_tagger("student")
text = ("The mayor said on Monday that the bridge would reopen next spring. "
        "“We will not wait any longer,” the council leader told reporters.")
spans = tagger.spans(text)
assert "torch" not in sys.modules, "the student needs torch"
for s in spans:
    print(s.role, text[s.start:s.end], round(s.score, 3), sep="\\t")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    spans = [line.split("\t") for line in out.splitlines()]
    contents = [s[1] for s in spans if s[0] == "content"]
    assert any("the bridge would reopen next spring" in c for c in contents), spans
    assert "“We will not wait any longer,”" in contents, spans
    assert {"said", "told"} <= {s[1] for s in spans if s[0] == "cue"}, spans
    assert {"The mayor", "the council leader"} <= {s[1] for s in spans if s[0] == "source"}, spans


@pytest.mark.slow
def test_the_student_graph_is_the_reference_through_its_layers() -> None:
    student = load_tagger("student")
    assert student is not None, f"{STUDENT} is missing"
    assert student.encoder.layers == 4 and (student.window, student.step) == (510, 382)
    from newstrace.encoder import read_tuned

    params = read_tuned(STUDENT)
    assert params is not None
    exact = Tagger(params, int8=False)
    reference = ref.Encoder(delta={k: v for k, v in params.items() if k[1:2].isdigit()})
    text = (
        "The mayor said on Monday that the bridge would reopen next spring. " * 40
    )  # longer than one window: 510 pieces are read
    ids = reference.tokenize(text).ids[:510]
    want = reference.states(ids)[3]
    got = exact.encoder.last(ids)
    assert got.shape == want.shape == (512, 384)
    assert np.abs(got - want).max() < 1e-4


@pytest.mark.slow
def test_the_student_reads_reported_speech_at_the_setting_threshold() -> None:
    """Thresholds are settings, whichever model reads: the student's file holds weights and
    windows only, and a stage with the student lists reported speech above the setting's
    score (precision first: models/quotes/card.md)."""
    from newstrace.encoder import read_tuned
    from newstrace.settings import load_settings
    from newstrace.stages.quotes import QuotesStage

    params = read_tuned(STUDENT)
    assert params is not None, f"{STUDENT} is missing"
    assert "reported_min_tagged" not in params
    assert {"window", "step"} <= set(params)
    settings = load_settings()
    stage = QuotesStage.from_settings(settings)
    assert stage.reported_min_tagged == settings.quotes.reported_min_tagged == 0.8
