"""The learned tie reader (relations.tie_scorer) on a real sentence through the real parse
and the shipped fine-tuned encoder: its candidates, the pieces each end pools, and a true tie
scored above an unrelated pair of the same sentence."""

from __future__ import annotations

import numpy as np

from newstrace.encoder.runtime import base_weights
from newstrace.model import AnalysisDoc, Article
from newstrace.relations import tie_scorer
from newstrace.relations.syntax import actor_mentions
from newstrace.settings import load_settings
from newstrace.stages.base import build_stages

TEXT = (
    "Brian Fallon, a spokesman for Hillary Clinton, said on Friday that Gov. Mike Pence "
    "had endorsed Ted Cruz."
)


def parsed(text: str) -> AnalysisDoc:
    settings = load_settings(environ={})
    doc = AnalysisDoc(Article("a1", "test", "ok", text), language="en")
    for stage in build_stages(["language.v1", "entities.v4"], settings):
        stage([doc])  # type: ignore[operator]
    return doc


def span(name: str) -> tuple[int, int]:
    start = TEXT.index(name)
    return start, start + len(name)


def test_every_ordered_pair_of_names_is_a_candidate_with_the_role_between_them() -> None:
    doc = parsed(TEXT)
    placed = actor_mentions(doc.mentions, doc.sentences[0], doc.parse)
    assert {"Brian Fallon", "Hillary Clinton", "Mike Pence", "Ted Cruz"} <= {
        p.mention.text for p in placed
    }
    pairs = tie_scorer.candidates(TEXT, placed)
    assert len(pairs) == len(placed) * (len(placed) - 1)
    ends = {(p.source.mention.text, p.target.mention.text): p for p in pairs}
    # the role written between the names (actors.roles) is read for the pair, in its order
    assert ends[("Brian Fallon", "Hillary Clinton")].role_kind == "works_for"
    assert ends[("Hillary Clinton", "Brian Fallon")].role_kind is None


def test_each_end_pools_the_pieces_its_characters_cover() -> None:
    spans = [(0, 5), (6, 12), (12, 13), (14, 18)]
    masks = tie_scorer.end_masks(spans, [(6, 13), (14, 18), (40, 45)])
    assert masks.tolist() == [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]]
    states = np.arange(8, dtype=np.float32).reshape(4, 2)
    x = tie_scorer.pair_inputs(states, masks[:1], masks[1:2])
    # source mean, target mean, their product, the sentence's mean
    assert x.tolist() == [[3.0, 4.0, 6.0, 7.0, 18.0, 28.0, 3.0, 4.0]]


def test_the_shipped_model_reads_through_the_shared_encoder_and_ranks_the_true_tie_first() -> None:
    model = tie_scorer.load_model()
    assert model is not None, "models/relations/ties.npz is shipped"
    assert model is tie_scorer.load_model()  # built once per process
    assert model.tuned.encoder.weights is base_weights()  # the base file is read once
    assert model.classes[0] == "none" and set(model.classes[1:]) == set(tie_scorer.KINDS)
    probs = model.proba(
        TEXT,
        [
            (span("Mike Pence"), span("Ted Cruz")),
            (span("Brian Fallon"), span("Hillary Clinton")),
            (span("Hillary Clinton"), span("Mike Pence")),
            (span("Ted Cruz"), span("Hillary Clinton")),
        ],
    )
    assert probs.shape == (4, len(model.classes))
    assert np.allclose(probs.sum(1), 1.0, atol=1e-5)
    support, works_for = model.classes.index("support"), model.classes.index("works_for")
    # the stated ties: Pence endorsed Cruz, Fallon speaks for Clinton
    assert probs[0].argmax() == support
    assert probs[1].argmax() == works_for
    # two names in one sentence and nothing between them: none, far below the true ties
    for unrelated in probs[2:]:
        assert unrelated.argmax() == 0
        assert unrelated[support] < probs[0, support] - 0.5
        assert unrelated[works_for] < probs[1, works_for] - 0.3
