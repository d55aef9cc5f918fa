"""The learned tie reader's candidates and features (relations.tie_scorer, tie_features) on a
real sentence through the real parse and the real encoder; without a shipped model file the
relations stage reads ties by the rules alone."""

from __future__ import annotations

import numpy as np

from newstrace.model import AnalysisDoc, Article
from newstrace.relations import tie_scorer
from newstrace.relations.lexicon import lexicon_for
from newstrace.relations.syntax import actor_mentions, tokens_of
from newstrace.relations.tie_features import syntax_names
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


def test_every_ordered_pair_of_names_is_a_candidate_with_what_the_rules_read() -> None:
    doc = parsed(TEXT)
    sentence = doc.sentences[0]
    placed = actor_mentions(doc.mentions, sentence, doc.parse)
    names = {p.mention.text for p in placed}
    assert {"Brian Fallon", "Hillary Clinton", "Mike Pence", "Ted Cruz"} <= names
    pairs = tie_scorer.candidates(TEXT, placed, [])
    ends = {(p.source.mention.text, p.target.mention.text): p for p in pairs}
    assert len(pairs) == len(placed) * (len(placed) - 1)
    # the role written between the names (actors.roles) is read for the pair, in its order
    assert ends[("Brian Fallon", "Hillary Clinton")].role_kind == "works_for"
    assert ends[("Hillary Clinton", "Brian Fallon")].role_kind is None

    triggers = lexicon_for(load_settings(environ={}).relations).triggers["en"]
    span = (sentence.start, sentence.end)
    x = tie_scorer.features(pairs, tokens_of(doc.parse, sentence), TEXT, span, triggers, "en")
    names_ = syntax_names()
    assert x.shape == (len(pairs), len(names_) + 4 * 384)
    assert np.isfinite(x).all()
    row = {k: i for i, k in enumerate(names_)}
    endorsed = x[pairs.index(ends[("Mike Pence", "Ted Cruz")])]
    assert endorsed[row["path_word_support"]] == 1.0  # "endorsed" joins the two names
    assert endorsed[row["source_first"]] == 1.0
    spokesman = x[pairs.index(ends[("Brian Fallon", "Hillary Clinton")])]
    assert spokesman[row["role_works_for"]] == 1.0
    assert spokesman[row["path_word_support"]] == 0.0
    # the encoder's part differs between pairs: each pools its own names
    assert not np.allclose(endorsed[len(names_) :], spokesman[len(names_) :])
