"""Ingest: sources -> checked articles in the store. A bad document is stored as failed with
its reason and the batch goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Article, Failure, IngestSummary, RawDocument
from ..settings import Settings
from ..store import Store
from .fetch import Fetcher
from .prepare import failed_article, prepare
from .sources import Skipped, iter_inputs

__all__ = ["Fetcher", "IngestTally", "ingest", "prepare"]

Progress = Callable[[str], None]


class IngestTally:
    """Stores prepared results and counts what became of them."""

    def __init__(self) -> None:
        self.ok: list[str] = []
        self.duplicates: list[str] = []
        self.failures: list[Failure] = []
        self.skipped: list[str] = []

    def record(self, store: Store, result: Article | Failure) -> None:
        if isinstance(result, Failure):
            self.failures.append(result)
            store.add_article(failed_article(result))
        elif store.add_article(result) == "duplicate":
            self.duplicates.append(result.source)
        else:
            self.ok.append(result.id)

    def merge(self, other: IngestSummary) -> None:
        self.ok.extend(other.ok)
        self.duplicates.extend(other.duplicates)
        self.failures.extend(other.failures)
        self.skipped.extend(other.skipped)

    def summary(self) -> IngestSummary:
        return IngestSummary(
            tuple(self.ok), tuple(self.duplicates), tuple(self.failures), tuple(self.skipped)
        )


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    outlet: str | None = None,
    on_document: Progress | None = None,
) -> IngestSummary:
    """Read every input into the store. Returns what was added, duplicated, failed, skipped."""
    tally = IngestTally()
    with Fetcher(settings.fetch, settings.ingest.max_bytes) as fetcher:
        for item in iter_inputs(inputs, fetcher, settings.ingest.max_bytes):
            if isinstance(item, Skipped):
                tally.skipped.append(item.source)
                continue
            result = (
                prepare(item, settings.ingest, outlet=outlet)
                if isinstance(item, RawDocument)
                else item
            )
            tally.record(store, result)
            if on_document is not None:
                on_document(item.source)
    return tally.summary()
