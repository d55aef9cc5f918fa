"""The attribution tagger: its training labels, how tagged spans become quotes, the shipped
model on real sentences, and the quotes stage with the tagger next to the rules."""

from __future__ import annotations

import re

import numpy as np
import pytest

from newstrace.encoder import load_tokenizer
from newstrace.errors import ConfigError
from newstrace.eval.quotes import GoldAttribution
from newstrace.model import AnalysisDoc, Article
from newstrace.quotes import Tagged, TaggedSpan, attribute, load_cues, load_tagger, read_tags
from newstrace.quotes.tagger import STEP, WINDOW, labels_of, windows
from newstrace.settings import load_settings
from newstrace.stages.entities import TidyEntitiesStage
from newstrace.stages.quotes import QuotesStage


def _at(text: str, role: str, words: str, score: float = 0.9) -> TaggedSpan:
    """A tagged span over the first ``words`` in ``text``."""
    start = text.index(words)
    return TaggedSpan(role, start, start + len(words), score)


def test_labels_start_each_fragment_and_keep_the_outer_content() -> None:
    text = "Smith said the plan, which Jones called doomed, would fail."
    pieces = load_tokenizer().tokenize(text).spans
    outer = (text.index("the plan"), text.index("."))
    inner = (text.index("doomed"), text.index("doomed") + len("doomed"))
    cue = (text.index("said"), text.index("said") + 4)
    gold = [
        GoldAttribution(content=(outer,), cue=(cue,), source=((0, 5),)),
        GoldAttribution(content=(inner,), cue=(), source=()),
    ]
    labels = labels_of(pieces, gold)
    content = [int(labels[i, 0]) for i, (a, b) in enumerate(pieces) if outer[0] <= a < outer[1]]
    assert content[0] == 1 and set(content[1:]) == {2}  # the nested content does not split it
    said = [i for i, (a, b) in enumerate(pieces) if a >= cue[0] and b <= cue[1]]
    assert [int(labels[i, 1]) for i in said] == [1] + [2] * (len(said) - 1)
    assert labels[[i for i, (a, b) in enumerate(pieces) if b <= 5], 2].tolist()[0] == 1
    before = [i for i, (a, b) in enumerate(pieces) if b <= cue[0]]
    assert not labels[before, 0].any()


def test_tagged_fragments_around_a_cue_are_one_quote_with_the_nearest_source() -> None:
    text = (
        "“We will not back down,” the minister said on Tuesday, “not this time.”\n\n"
        "Critics disagree. Rossi said the deal was dead."
    )

    spans = [
        _at(text, "content", "“We will not back down,”"),
        _at(text, "source", "the minister"),
        _at(text, "cue", "said"),
        _at(text, "content", "“not this time.”"),
        _at(text, "source", "Rossi"),
        # two tagged "said": each quote takes the nearest one in its own paragraph
        TaggedSpan("cue", text.index("said the"), text.index("said the") + 4, 0.8),
        _at(text, "content", "the deal was dead", 0.4),
    ]
    found = read_tags(text, spans, [], min_score=0.0)
    assert len(found) == 2
    first, second = found
    assert [text[a:b] for a, b in first.content] == ["“We will not back down,”", "“not this time.”"]
    assert first.kind == "direct" and text[slice(*first.speaker)] == "the minister"
    assert second.kind == "indirect" and text[slice(*second.speaker)] == "Rossi"
    assert text[slice(*second.cue)] == "said" and second.cue[0] > text.index("Critics")
    # the second content's score is under a higher threshold: only the first is read
    assert len(read_tags(text, spans, [], min_score=0.5)) == 1


def test_only_quotation_fragments_join_across_a_cue() -> None:
    # two reported claims with a cue between them are two attributions, not one split quote
    text = "Officials said the plan was sound, while critics argued that it would fail badly."

    spans = [
        _at(text, "source", "Officials"),
        _at(text, "cue", "said"),
        _at(text, "content", "the plan was sound"),
        _at(text, "source", "critics"),
        _at(text, "cue", "argued"),
        _at(text, "content", "that it would fail badly"),
    ]
    found = read_tags(text, spans, [], min_score=0.0)
    assert [[text[a:b] for a, b in f.content] for f in found] == [
        ["the plan was sound"],
        ["that it would fail badly"],
    ]
    assert [text[slice(*f.speaker)] for f in found if f.speaker] == ["Officials", "critics"]


def test_a_tagged_source_before_the_cue_outranks_a_subject_it_was_not_tagged_on() -> None:
    text = "Asked about Moscow, the ambassador said there was no need to act."

    def where(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    spans = [
        _at(text, "source", "the ambassador"),
        _at(text, "cue", "said"),
        _at(text, "content", "there was no need to act"),
    ]
    # a parse that went wrong makes Moscow the subject of "said": the tagged source wins
    [found] = read_tags(text, spans, [], 0.0, lambda cue: where("Moscow"))
    assert found.speaker == where("the ambassador")
    # a subject the tagger read as (part of) a source stays the speaker
    [found] = read_tags(text, spans, [], 0.0, lambda cue: where("ambassador"))
    assert found.speaker == where("ambassador")
    # and so does one with no tagged source before the cue
    after = [s for s in spans if s.role != "source"] + [_at(text, "source", "no need")]
    [found] = read_tags(text, after, [], 0.0, lambda cue: where("Moscow"))
    assert found.speaker == where("Moscow")
    # the tagged source may be far before the cue, as long as it is in the cue's sentence
    far = (
        "The ambassador, asked ahead of the vote whether Moscow was mounting a campaign as "
        "it is alleged to have done elsewhere, smiled and said there was no need to act. "
        "Officials said the same."
    )
    cut = far.index(" Officials")
    spans = [
        _at(far, "source", "The ambassador"),
        _at(far, "cue", "said"),
        _at(far, "content", "there was no need to act"),
    ]
    moscow = (far.index("Moscow"), far.index("Moscow") + 6)
    [found] = read_tags(far, spans, [(0, cut), (cut + 1, len(far))], 0.0, lambda cue: moscow)
    assert found.speaker == (0, len("The ambassador"))
    # but not from the sentence before it
    [found] = read_tags(
        far, spans, [(0, 40), (40, cut), (cut + 1, len(far))], 0.0, lambda cue: moscow
    )
    assert found.speaker == moscow


@pytest.mark.parametrize("step", [64, STEP, 192, WINDOW])
@pytest.mark.parametrize("n", [0, 1, 200, WINDOW, WINDOW + 1, 700, 2000])
def test_every_piece_is_read_with_context_on_both_sides(n: int, step: int) -> None:
    spans, chosen = windows(n, step)
    assert len(chosen) == n
    assert all(b - a <= WINDOW for a, b in spans)
    assert [a for a, _ in spans] == list(range(0, step * len(spans), step))
    context = (WINDOW - step) // 2  # half the windows' overlap: 63 with the default step
    for p in range(n):
        a, b = spans[chosen[p]]
        assert a <= p < b
        assert a == 0 or p - a >= context, (p, a, b)  # a document's own edge is no window edge
        assert b == n or b - 1 - p >= context, (p, a, b)


def test_the_window_step_is_a_setting_checked_on_load() -> None:
    assert QuotesStage.from_settings(load_settings(environ={})).tagger_step == STEP
    env = {"NEWSTRACE_QUOTES__TAGGER_STEP": "192"}
    assert QuotesStage.from_settings(load_settings(environ=env)).tagger_step == 192
    for bad in (0, WINDOW + 1):
        with pytest.raises(ConfigError, match="tagger_step must be from 1 to 254"):
            QuotesStage.from_settings(load_settings({"quotes": {"tagger_step": bad}}, environ={}))


@pytest.mark.slow
def test_a_long_article_is_tagged_in_every_window() -> None:
    tagger = load_tagger()
    assert tagger is not None, "models/quotes/tagger.npz is missing"
    filler = "The committee met again on Tuesday to review the budget figures. " * 30
    text = filler + "The mayor said on Monday that the bridge would reopen next spring. " + filler
    tagged = tagger.read(text)
    assert len(windows(len(tagged.pieces))[0]) > 3
    assert np.allclose(tagged.probs.sum(-1), 1.0, atol=1e-4)  # every piece was read
    contents = [text[s.start : s.end] for s in tagged.spans if s.role == "content"]
    assert any("the bridge would reopen next spring" in c for c in contents)


@pytest.mark.slow
def test_inside_is_the_mean_content_probability_of_the_pieces_a_span_touches() -> None:
    tagger = load_tagger()
    assert tagger is not None, "models/quotes/tagger.npz is missing"
    text = (
        "The mayor said on Monday that the bridge would reopen next spring. "
        '"We will not wait," the council leader told reporters. Shops stayed shut.'
    )
    tagged = tagger.read(text)
    queries = [
        [(text.index("that"), text.index("spring") + 6)],
        [(text.index('"We'), text.index('wait,"') + 6), (text.index("Shops"), len(text))],
        [(3, 5)],  # inside one piece
        [(len(text), len(text))],  # touches none
        [],
    ]
    for spans in queries:
        hit = [
            i for i, (a, b) in enumerate(tagged.pieces) if any(a < e and s < b for s, e in spans)
        ]
        expected = float(tagged.probs[hit, 0, 1:].sum(-1).mean()) if hit else 0.0
        assert tagged.inside(spans) == expected
    assert tagged.inside(queries[0]) > 0.5  # the content it tagged


@pytest.mark.slow
def test_the_shipped_tagger_reads_reported_speech_cues_and_sources() -> None:
    tagger = load_tagger()
    assert tagger is not None, "models/quotes/tagger.npz is missing"
    text = (
        "The mayor said on Monday that the bridge would reopen next spring. "
        "Local shop owners were sceptical."
    )
    spans = tagger.spans(text)
    by_role = {
        r: [text[s.start : s.end] for s in spans if s.role == r]
        for r in ("content", "cue", "source")
    }
    assert any("the bridge would reopen next spring" in c for c in by_role["content"])
    assert "said" in by_role["cue"]
    assert "The mayor" in by_role["source"]
    assert all(0.0 <= s.score <= 1.0 for s in spans)


@pytest.mark.slow
def test_the_stage_adds_tagged_quotes_where_the_rules_find_none() -> None:
    # a nominal attribution ("X's view is that …") has no cue verb for the rules to take
    text = (
        "Farm incomes fell again this year. "
        "Ms. Rivera’s view is that the tax will hurt small farmers."
    )
    settings = load_settings(environ={})
    rules = AnalysisDoc(Article("a1", "t", "ok", text), language="en")
    both = AnalysisDoc(Article("a1", "t", "ok", text), language="en")
    TidyEntitiesStage(settings)([rules, both])
    QuotesStage()([rules])
    QuotesStage.from_settings(settings)([both])
    assert rules.quotes == []
    [quote] = both.quotes
    assert quote.text == "that the tax will hurt small farmers"
    assert (quote.speaker_text or "").startswith("Ms. Rivera") and quote.speaker_mention
    speaker = next(m for m in both.mentions if m.id == quote.speaker_mention)
    assert "Rivera" in speaker.text
    for e in quote.evidence:
        assert text[e.start : e.end] == e.text  # every span points into the article
    # the tagger is off for a language it was not trained on
    italian = AnalysisDoc(Article("a2", "t", "ok", text), language="it")
    TidyEntitiesStage(settings)([italian])
    QuotesStage.from_settings(settings)([italian])
    assert italian.quotes == []


def _tagged(text: str, spans: list[TaggedSpan]) -> Tagged:
    """What a tagger read: ``spans``, each piece of a tagged content inside it, and the rest of
    ``text`` read as no content at all."""
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    probs = np.zeros((len(pieces), 3, 3), dtype=np.float32)
    probs[:, :, 0] = 1.0
    for i, (a, _b) in enumerate(pieces):
        if any(s.role == "content" and s.start <= a < s.end for s in spans):
            probs[i, 0] = (0.0, 0.1, 0.9)
    return Tagged(pieces, probs, spans)


def test_tagged_quotes_come_first_and_rules_fill_in_where_the_tagger_agrees() -> None:
    from newstrace.stages.entities import load_pipeline

    text = (
        "Rossi said the plan was sound and would pass.\n\n"
        "Bianchi said that the vote would fail badly."
    )
    sdoc = load_pipeline(load_settings(environ={}).spacy_models["en"])(text)
    cues = load_cues(())
    sentences = [(s.start_char, s.end_char) for s in sdoc.sents]
    rules = attribute(sdoc, text, "en", sentences, [], cues)
    assert [text[f.found.start : f.found.end] for f in rules] == [
        "the plan was sound and would pass",
        "that the vote would fail badly",
    ]

    def read(content: tuple[int, int], text: str = text) -> Tagged:
        """What a tagger read: ``content`` tagged, with Rossi and his "said"; the rest of
        ``text`` read as no content at all."""
        rossi = text.index("Rossi")
        said = text.index("said", rossi) if "Rossi said" in text else text.index("said")
        return _tagged(
            text,
            [
                TaggedSpan("source", rossi, rossi + 5, 0.9),
                TaggedSpan("cue", said, said + 4, 0.9),
                TaggedSpan("content", *content, 0.9),
            ],
        )

    # a tagged quote reaching past a rule's quote wins the overlap; the rule quote the tagger
    # reads as no content is dropped
    wide = read((6, text.index(".")))
    both = attribute(sdoc, text, "en", sentences, [], cues, wide, 0.6, 0.2)
    assert [text[f.found.start : f.found.end] for f in both] == [
        "said the plan was sound and would pass"
    ]
    assert text[slice(*both[0].speaker_span)] == "Rossi"
    # with no minimum for the rules, the second rule quote stays
    kept = attribute(sdoc, text, "en", sentences, [], cues, wide, 0.6, 0.0)
    assert len(kept) == 2 and text[slice(*kept[1].found.content[0])].startswith("that the vote")
    # reported speech the rules found around a tagged quote has run on past it: the tagged
    # quote wins
    inner = read((text.index("the plan"), text.index(" and")))
    tagged = attribute(sdoc, text, "en", sentences, [], cues, inner, 0.6, 0.2)
    assert [text[f.found.start : f.found.end] for f in tagged] == ["the plan was sound"]
    # a quotation the rules found holding the whole of a tagged quote, and more, is the outer
    # attribution: it wins
    quoted = "“The plan is sound, and it will pass,” Rossi said on Monday."
    qdoc = load_pipeline(load_settings(environ={}).spacy_models["en"])(quoted)
    qsentences = [(s.start_char, s.end_char) for s in qdoc.sents]
    part = read((quoted.index("The plan"), quoted.index(",")), quoted)
    outer = attribute(qdoc, quoted, "en", qsentences, [], cues, part, 0.6, 0.2)
    assert [quoted[slice(*f.found.content[0])] for f in outer] == [
        "“The plan is sound, and it will pass,”"
    ]
    assert outer[0].found.kind == "direct" and quoted[slice(*outer[0].speaker_span)] == "Rossi"


def test_a_nested_attribution_wins_on_a_cue_the_tagger_marked_without_a_content() -> None:
    from newstrace.stages.entities import load_pipeline

    text = "The services have started to review the deal with Rome, said a source."
    sdoc = load_pipeline(load_settings(environ={}).spacy_models["en"])(text)
    cues = load_cues(())
    sentences = [(s.start_char, s.end_char) for s in sdoc.sents]
    [rule] = attribute(sdoc, text, "en", sentences, [], cues)
    assert text[rule.found.start : rule.found.end].startswith("The services have started")
    assert text[slice(*rule.speaker_span)] == "a source"

    inner = [
        _at(text, "source", "The services"),
        _at(text, "cue", "have started to review"),
        _at(text, "content", "the deal with Rome"),
        _at(text, "source", "a source"),
    ]
    # the tagger marked "said" as a cue and gave it no content: the rule quote around the
    # tagged one is the outer attribution, and its unnamed source the speaker
    idle = attribute(
        sdoc,
        text,
        "en",
        sentences,
        [],
        cues,
        _tagged(text, [*inner, _at(text, "cue", "said")]),
        0.6,
        0.0,
    )
    [outer] = idle
    assert text[outer.found.start : outer.found.end] == text[rule.found.start : rule.found.end]
    assert text[slice(*outer.speaker_span)] == "a source"
    # where the tagger read no cue there, its own reading stands
    alone = attribute(sdoc, text, "en", sentences, [], cues, _tagged(text, inner), 0.6, 0.0)
    assert [text[f.found.start : f.found.end] for f in alone] == ["the deal with Rome"]
    assert text[slice(*alone[0].speaker_span)] == "The services"
