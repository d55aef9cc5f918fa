"""The hand judgement of which scrapinghub-aeb pages report the same event, and the negative
check's count of pages grouped with a page of another event."""

from __future__ import annotations

import gzip

from newstrace.eval.same_events import event_of, read_events, wrongly_grouped

from ..conftest import eval_path


def test_every_judged_page_names_one_real_page() -> None:
    html = eval_path("extraction", "scrapinghub-aeb", "html")
    pages = [p.name.removesuffix(".html.gz") for p in html.glob("*.html.gz")]
    events = read_events()
    assert len(set(events.values())) >= 15
    for prefix in events:
        assert sum(p.startswith(prefix) for p in pages) == 1, prefix
    # a page judged with the plague group is a real page about the plague
    plague = next(p for p in pages if event_of(p, events) == "plague-china-nov2019")
    assert b"plague" in gzip.decompress((html / f"{plague}.html.gz").read_bytes()).lower()


def test_pages_grouped_with_another_event_are_counted() -> None:
    events = read_events()
    plague = [p for p, name in events.items() if name == "plague-china-nov2019"]
    other = "ffffffffunjudged"
    assert wrongly_grouped([plague], events) == []
    assert sorted(wrongly_grouped([[*plague[:2], other]], events)) == sorted([*plague[:2], other])
    assert wrongly_grouped([[other]], events) == []
    assert event_of(other, events) == other  # a page on no line is an event of its own
