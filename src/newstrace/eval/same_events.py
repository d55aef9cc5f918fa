"""Which pages report the same event, judged by hand, and the pages a clusterer groups wrongly.

A judgement file (``scrapinghub_events.tsv`` beside this module, for the 181 scrapinghub-aeb
pages) holds a line per group of pages that report one event: ``name<TAB>page ids<TAB>reason``,
the ids cut to their first characters as the pages' file names begin; ``#`` starts a comment.
A page on no line is an event of its own. A page is *wrongly grouped* when its story holds a
page of another event: the negative check's error, apart from the pages that are grouped
rightly with other reports of their event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import EvalError

SCRAPINGHUB_EVENTS = Path(__file__).with_name("scrapinghub_events.tsv")


def read_events(path: Path = SCRAPINGHUB_EVENTS) -> dict[str, str]:
    """Page id prefix -> the name of its same-event group."""
    events: dict[str, str] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].split():
            raise EvalError(f"{path}:{number}: expected name<TAB>page ids<TAB>reason")
        for page in parts[1].split():
            if page in events:
                raise EvalError(f"{path}:{number}: page {page} is in two groups")
            events[page] = parts[0]
    return events


def event_of(page: str, events: Mapping[str, str]) -> str:
    """The event a page (its full id) reports: its group's name, or the page itself."""
    for prefix, name in events.items():
        if page.startswith(prefix):
            return name
    return page


def wrongly_grouped(stories: Iterable[Iterable[str]], events: Mapping[str, str]) -> list[str]:
    """The pages (full ids) that share a story with a page of another event; ``stories`` hold
    the page ids of each story."""
    wrong: list[str] = []
    for story in stories:
        pages = list(story)
        kinds = [event_of(p, events) for p in pages]
        wrong += [p for p, k in zip(pages, kinds, strict=True) if any(o != k for o in kinds)]
    return wrong
