"""The newsrel scorer (eval relations on a folder with dev.jsonl): matching as GUIDELINES.md
says, on hand-made items; the dispatch between newsrel and CrossRE; bad gold lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.errors import EvalError
from newstrace.eval.newsrel import read_newsrel, score
from newstrace.eval.newsrel_match import (
    PredictedEvent,
    PredictedStance,
    PredictedTie,
    Tally,
    date_match,
    evidence_match,
    names_match,
    score_ties,
    target_match,
)
from newstrace.eval.relations import is_newsrel

SENTENCE = (
    "Sanders, who had said he would debate the front-runner, criticized Clinton on two fronts."
)


def test_names_share_a_word_of_three_letters_titles_aside() -> None:
    assert names_match(("Sanders", "Bernie Sanders"), "Sen. Bernie Sanders")
    assert names_match(("Democratic Party (United States)",), "Democratic Party")
    assert not names_match(("Sen. Ted Cruz",), "Sen. Bernie Sanders")  # only the title
    assert not names_match(("Al Gore",), "Al Franken")  # "Al" is too short


def test_evidence_target_and_date_matching() -> None:
    assert evidence_match("criticized Clinton on two fronts", SENTENCE)  # half of the shorter
    assert not evidence_match("Clinton won Ohio on Tuesday.", SENTENCE)
    assert target_match("the Iran nuclear deal", "Iran nuclear deal")
    assert target_match("nuclear deal", "the Iran nuclear deal")  # 2 of 3 content words
    assert not target_match("the deal", "the Iran nuclear deal")
    assert date_match("2016-05-24", "2016-05") and date_match(None, None)
    assert not date_match("2016", "2016-05") and not date_match("2016-05", None)


def test_ties_match_on_kind_ends_and_evidence_and_score_negation_and_date() -> None:
    gold = [
        {"source": "Bernie Sanders", "target": "Hillary Clinton", "kind": "criticism",
         "negated": False, "date": None, "evidence": SENTENCE},
        {"source": "Hillary Clinton", "target": "Bernie Sanders", "kind": "meeting",
         "negated": True, "date": "2016-05-24", "evidence": SENTENCE},
    ]  # fmt: skip
    predicted = [
        PredictedTie(("Sanders",), ("Clinton",), "criticism", False, None, SENTENCE),
        # a symmetric kind matches either way round; its negation is scored on the pair
        PredictedTie(("Sanders",), ("Clinton",), "meeting", False, "2016-05-24", SENTENCE),
        # the same tie twice counts once: the second is a false positive
        PredictedTie(("Sanders",), ("Clinton",), "criticism", False, None, SENTENCE),
        # a direction of its own does not match the other way round
        PredictedTie(("Clinton",), ("Sanders",), "criticism", False, None, SENTENCE),
    ]
    t = Tally()
    score_ties(t, predicted, gold)
    result = t.result()
    assert (result["matched"], result["predicted"], result["gold"]) == (2, 4, 2)
    assert result["precision"] == 0.5 and result["recall"] == 1.0
    assert result["negation_accuracy"] == 0.5 and result["date_accuracy"] == 1.0


def test_score_by_kind_with_thresholds_and_strict_polarity() -> None:
    record = {
        "id": "a", "file": "x.txt", "published": "2016-05-24",
        "ties": [],
        "stances": [{"holder": "Hillary Clinton", "target": "the Fox News proposal",
                     "polarity": "anti", "evidence": SENTENCE}],
        "events": [{"date": "2016-06-07", "what": "primary", "actors": [],
                    "evidence": SENTENCE}, {"date": None, "what": "x", "actors": [],
                    "evidence": SENTENCE}],
    }  # fmt: skip
    found = {
        "https://newsrel.invalid/a": (
            [PredictedTie(("A",), ("B",), "meeting", False, None, SENTENCE, 0.2)],
            [
                PredictedStance(("Clinton",), "Fox News proposal", "neutral", SENTENCE, 0.9),
                PredictedStance(("Clinton",), "a Fox News proposal", "anti", SENTENCE, 0.4),
            ],
            [PredictedEvent("2016-06-07", SENTENCE, 0.9)],
        )
    }
    shown = score([record], found, {"ties": 0.5, "stances": 0.5, "events": 0.5})
    assert shown["ties"]["predicted"] == 0  # below its threshold
    # the confident stance has the wrong polarity: matched for polarity accuracy, not strict
    assert shown["stances"]["matched"] == 0 and shown["stances"]["polarity_accuracy"] == 0.0
    assert shown["events"]["gold"] == 1 and shown["events"]["precision"] == 1.0  # dated only
    everything = score([record], found, {"ties": 0, "stances": 0, "events": 0})
    assert everything["stances"]["matched"] == 1 and everything["ties"]["predicted"] == 1


def test_the_data_says_which_gold_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "relations" / "newsrel"
    folder.mkdir(parents=True)
    (folder / "dev.jsonl").write_text(
        json.dumps({"id": "a", "file": "t.txt", "published": "2016-01-01", "ties": [],
                    "stances": [], "events": []}) + "\n",
        "utf-8",
    )  # fmt: skip
    assert is_newsrel(folder)
    assert not is_newsrel(tmp_path / "news-dev.json")
    root, records = read_newsrel(folder)
    assert root == tmp_path.resolve() and records[0]["id"] == "a"
    (folder / "dev.jsonl").write_text('{"id": "a"}\n', "utf-8")
    with pytest.raises(EvalError, match="not a newsrel record"):
        read_newsrel(folder)
