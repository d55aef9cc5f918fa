"""The stance model (relations.stance_model, relations.stances_of_candidates) over real
parses: features name what a candidate rests on; without its weights (not shipped) the stage
reads stances by the rules alone; with weights it keeps the surest of overlapping targets, one
stance per holder and span; and the training script's fit separates held-out candidates by
their labels."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from newstrace.quotes import load_cues
from newstrace.relations import stance_model
from newstrace.relations.lexicon import lexicon_for
from newstrace.relations.stance_candidates import of_article
from newstrace.relations.stance_model import BASE, CLASSES, Fitted, feature_names
from newstrace.relations.stances_of_candidates import (
    feature_rows,
    signals,
    stances_of_candidates,
)
from newstrace.settings import load_settings

from .test_relations import positions, read

TEXT = (
    "Senator Jane Ortiz strongly opposes the pipeline deal.\n\n"
    "Ortiz praised Governor Tom Reyes for his plan to raise the minimum wage."
)


def _readers() -> tuple[list[tuple[tuple[str, ...], str]], set[str]]:
    settings = load_settings(environ={})
    cues = load_cues(tuple(settings.quotes.cue_files))
    speech = set(cues.verbs.get("en", {})) | set(cues.belief.get("en", set()))
    return lexicon_for(settings.relations).cues.get("en", []), speech


def test_without_weights_the_rules_stand() -> None:
    assert stance_model.load() is None  # models/relations/stance_model.npz is not shipped
    stances = set(positions(read(TEXT)))
    assert any("Ortiz" in h and "pipeline deal" in t and p == "anti" for h, t, p in stances)


def test_features_name_the_candidate() -> None:
    doc = read(TEXT)
    cues, speech = _readers()
    found = of_article(doc, speech)
    x = feature_rows(doc.parse, found, signals(found, doc.stances, doc.ties), cues, "en",
                     speech, ["oppose"])  # fmt: skip
    assert x.shape == (len(found), len(BASE) + 1)
    names = feature_names(["oppose"])
    deal = next(i for i, c in enumerate(found) if c.target == "pipeline deal")
    at = dict(zip(names, x[deal], strict=True))
    assert at["bias"] == 1.0 and at["arc_dobj"] == 1.0
    # the quotes stage reads "opposes" as an attribution: the holder is its speaker
    assert at["how_subject"] + at["how_speaker"] == 1.0
    assert at["cue_anti"] == 1.0 and at["cue_pro"] == 0.0 and at["governor=oppose"] == 1.0
    assert at["rule_anti"] == 1.0  # the rule readers read it too


def test_weights_give_one_stance_per_holder_and_span() -> None:
    # hand-set weights that follow the position word above the target: the plumbing from
    # candidates to stances, on a real parse (the fitted weights are what training measures)
    names = feature_names(())
    w = np.zeros((len(names), len(CLASSES)))
    w[names.index("bias")] = (2.0, 0.0, 0.0)
    w[names.index("cue_pro"), 1] = 4.0
    w[names.index("cue_anti"), 2] = 4.0
    doc = read(TEXT)
    cues, speech = _readers()
    found = of_article(doc, speech)
    out = stances_of_candidates(
        doc.article.id, doc.text, doc.parse, found, doc.stances, doc.ties,
        Fitted(w, (), 0.5), cues, "en", speech,
    )  # fmt: skip
    read_ = {(s.target, s.polarity) for s in out if (s.confidence or 0) >= 0.5}
    assert ("pipeline deal", "anti") in read_
    assert ("Tom Reyes", "pro") in read_
    spans = [
        (s.actor_mention, e.start, e.end) for s in out for e in s.evidence if e.role == "target"
    ]
    for i, (m, a, b) in enumerate(spans):
        assert not any(m == n and a < d and c < b for n, c, d in spans[i + 1 :])


def test_fit_separates_held_out_labels() -> None:
    script = Path(__file__).resolve().parents[2] / "training" / "relations"
    sys.path.insert(0, str(script))
    try:
        spec = importlib.util.spec_from_file_location(
            "train_stance_model", script / "train_stance_model.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["train_stance_model"] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(script))
        sys.modules.pop("train_stance_model", None)
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(300), rng.normal(size=(300, 2))])
    y = np.where(x[:, 1] > 0.5, 1, np.where(x[:, 2] > 0.5, 2, 0))
    w, _, _ = module.fit(x[:200], y[:200], 1.0)
    predicted = stance_model.probabilities(x[200:], w).argmax(1)
    assert (predicted == y[200:]).mean() > 0.9
