"""Ingest: sources -> checked articles in the store. A bad document is stored as failed with
its reason and the batch goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Failure, IngestSummary, RawDocument
from ..settings import Settings
from ..store import Store
from .fetch import Fetcher
from .prepare import failed_article, prepare
from .sources import Skipped, iter_inputs

__all__ = ["Fetcher", "ingest", "prepare"]

Progress = Callable[[str], None]


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    outlet: str | None = None,
    on_document: Progress | None = None,
) -> IngestSummary:
    """Read every input into the store. Returns what was added, duplicated, failed, skipped."""
    ok: list[str] = []
    duplicates: list[str] = []
    failures: list[Failure] = []
    skipped: list[str] = []
    with Fetcher(settings.fetch, settings.ingest.max_bytes) as fetcher:
        for item in iter_inputs(inputs, fetcher, settings.ingest.max_bytes):
            if isinstance(item, Skipped):
                skipped.append(item.source)
                continue
            result = (
                prepare(item, settings.ingest, outlet=outlet)
                if isinstance(item, RawDocument)
                else item
            )
            if isinstance(result, Failure):
                failures.append(result)
                store.add_article(failed_article(result))
            elif store.add_article(result) == "duplicate":
                duplicates.append(result.source)
            else:
                ok.append(result.id)
            if on_document is not None:
                on_document(item.source)
    return IngestSummary(tuple(ok), tuple(duplicates), tuple(failures), tuple(skipped))
