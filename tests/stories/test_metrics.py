from __future__ import annotations

import pytest

from newstrace.stories.metrics import bcubed, pairwise_f1


def test_bcubed_textbook_cases() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed({"a": "x", "b": "x", "c": "y", "d": "y"}, gold)["bcubed_f1"] == 1.0
    merged = bcubed({k: "x" for k in gold}, gold)
    assert merged["bcubed_precision"] == 0.5 and merged["bcubed_recall"] == 1.0
    split = bcubed({}, gold)  # every item alone
    assert split["bcubed_precision"] == 1.0 and split["bcubed_recall"] == 0.5
    # predicted pairs ab, ac, bc; gold pairs ab, cd: P 1/3, R 1/2
    assert pairwise_f1({"a": "x", "b": "x", "c": "x", "d": "y"}, gold) == pytest.approx(0.4)
