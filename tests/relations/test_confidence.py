"""Confidences over the real English parse, on the errors issue #26 reported: a tie spread
over every actor in a sentence, "rejected" read as neutral, a denial kept as a denial; and what
is shown by default against everything (--all)."""

from __future__ import annotations

from newstrace.relations.shown import EVERYTHING, clears, floors
from newstrace.settings import load_settings

from .test_relations import named, positions, read


def confident_ties(text: str) -> dict[tuple[str, str, str], float]:
    doc = read(text)
    return {
        (named(doc, t.source_mention), t.kind, named(doc, t.target_mention)): t.confidence or 0.0
        for t in doc.ties
    }


def test_a_tie_goes_to_the_triggers_own_arguments_not_to_every_name_in_the_sentence() -> None:
    threshold = load_settings(environ={}).relations.tie_threshold
    spread = confident_ties(
        "Sen. John McCain and Senate Minority Leader Chuck Schumer called on President Donald"
        " Trump to cancel his meeting with Russian President Vladimir Putin."
    )
    # whoever "his" is, it is not the senators who called on Trump
    assert all(c < threshold for (a, k, b), c in spread.items() if k == "meeting" and "McCain" in a)
    stated = confident_ties("Bernie Sanders, who endorsed Tim Canova in May, did not show up.")
    assert stated[("Bernie Sanders", "support", "Tim Canova")] >= threshold


def test_the_chief_judge_of_a_court_is_not_the_court() -> None:
    threshold = load_settings(environ={}).relations.tie_threshold
    ties = confident_ties(
        "The chief judge of the U.S. Court of Appeals visited the Capitol on Thursday."
    )
    # at most the nearest name before the verb, which is not shown by default
    assert all(c < threshold for (a, k, _), c in ties.items() if k == "visit" and "Court" in a)


def test_rejected_is_a_position_against_and_a_denial_stays_a_denial() -> None:
    doc = read("Hillary Clinton has rejected a Fox News proposal for one final debate.")
    assert positions(doc) == [("Hillary Clinton", "Fox News proposal for one final debate", "anti")]
    doc = read("Prince Harry denied meeting Meghan Markle in London.")
    meetings = [t for t in doc.ties if t.kind == "meeting"]
    assert meetings and all(t.negated for t in meetings)


def test_every_item_carries_a_confidence_between_zero_and_one() -> None:
    doc = read(
        "Sanders, a Vermont senator, has endorsed Tim Canova. Sanders visited Missouri on"
        " Saturday, holding a rally in Springfield.",
        published="2016-03-14",
    )
    items = [*doc.ties, *doc.stances, *doc.events]
    assert items and all(i.confidence is not None and 0 <= i.confidence <= 1 for i in items)
    # a stance toward a person is also read from the support tie (newsrel GUIDELINES)
    assert ("Sanders", "Tim Canova", "pro") in positions(doc)


def test_shown_by_default_against_everything() -> None:
    r = load_settings(environ={}).relations
    shown = floors(r)
    assert (shown.ties, shown.stances, shown.events) == (
        r.tie_threshold,
        r.stance_threshold,
        r.event_threshold,
    )
    assert floors(r, everything=True) == EVERYTHING and EVERYTHING.everything
    assert clears(None, 0.9)  # read before confidences: shown
    assert not clears(0.3, shown.ties) and clears(0.3, EVERYTHING.ties)
