"""The article-level translation dev set built from Multi-CrossRE (the gate runs it through the
pipeline; tests/eval/floors.toml [translations_multicrossre])."""

from __future__ import annotations

from collections import Counter

from newstrace.eval.translations import ABRIDGED_SHARE, extra_records, translation_records

from ..conftest import SEEDS, eval_path


def test_documents_are_put_back_together_with_their_translations() -> None:
    items = translation_records(eval_path("reposts", "multi-crossre-dev"))
    groups = Counter(group for group, _ in items)
    assert len(groups) == 18 and set(groups.values()) == {7}  # English + six languages
    by_group = {}
    for group, record in items:
        by_group.setdefault(group, {})[record["language"]] = record
    first = by_group["news-dev-1"]
    assert first["en"]["text"].startswith("CRICKET - LEICESTERSHIRE TAKE OVER")
    assert first["en"]["published"] == "1996-08-30"
    # a byline between headline and dateline stays in its document
    assert any(r["en"]["text"].split("\n")[1] == "Larry Fine" for r in by_group.values())
    whole, abridged = first["it"]["text"].count("\n"), first["es"]["text"].count("\n")
    assert abridged < whole and abridged + 1 >= round((whole + 1) * ABRIDGED_SHARE)


def test_extra_articles_are_their_own_groups() -> None:
    extra = extra_records(SEEDS)
    assert len(extra) == 2 and len({g for g, _ in extra}) == 2
