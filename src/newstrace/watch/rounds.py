"""One watch round: read what is new in the watched inputs (a conditional GET for URLs and
feeds, changed files for folders and files), analyse it, and raise alerts on the new items.
A thin layer over ingest and the pipeline: every document goes through ``ingest.prepare`` and
the store's own dedup, and the round's state is saved only once what it read is stored, so a
round cut short is read again on the next (the duplicates refused)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, IngestError
from ..ingest import IngestTally
from ..ingest.fetch import Fetcher
from ..ingest.prepare import prepare
from ..ingest.sources import (
    Item,
    Skipped,
    folder_files,
    is_supported,
    is_url,
    read_fetched,
    read_path,
    safe_name,
)
from ..model import Failure, IngestSummary, RawDocument
from ..pipeline import AnalyzeReport, analyze, make_plan
from ..settings import Settings
from ..store import Store
from . import state
from .alert import Alert, find_alerts
from .deliver import deliver

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """Seconds in ``10m``, ``30s``, ``1h``, ``1d`` or a bare number of seconds."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if not found or float(found[1]) <= 0:
        raise ConfigError(
            f"--every must be a positive number of seconds or a duration like 30s, 10m, 1h,"
            f" not {value!r}"
        )
    return float(found[1]) * UNITS[found[2] or "s"]


@dataclass(slots=True)
class RoundReport:
    ingest: IngestSummary
    unchanged: list[str] = field(default_factory=list)  # URLs that answered 304
    analysis: AnalyzeReport | None = None
    alerts: list[Alert] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # delivery failures


class Round:
    """Reads the watched inputs into the store through one fetcher."""

    def __init__(self, store: Store, settings: Settings, outlet: str | None) -> None:
        self.store = store
        self.settings = settings
        self.outlet = outlet
        self.tally = IngestTally()
        self.unchanged: list[str] = []

    def add(self, item: Item) -> None:
        if isinstance(item, Skipped):
            self.tally.skipped.append(item.source)
        elif isinstance(item, RawDocument):
            self.tally.record(self.store, prepare(item, self.settings.ingest, outlet=self.outlet))
        else:
            self.tally.record(self.store, item)

    def url(self, url: str, fetcher: Fetcher) -> None:
        before = state.validators(self.store, url)
        try:
            result = fetcher.fetch(url, before.headers())
        except IngestError as e:
            self.add(Failure(url, e.message, url))
            return
        if result.status == 304:
            self.unchanged.append(url)
            return
        known = lambda item_url: state.url_known(self.store, item_url)  # noqa: E731
        for item in read_fetched(url, result, fetcher, known):
            self.add(item)
        state.save_validators(self.store, url, state.Validators(result.etag, result.last_modified))

    def path(self, path: Path, read: dict[str, tuple[int, int]], fetcher: Fetcher) -> None:
        """Read ``path`` if it is new or changed (size or modification time) since read."""
        try:
            stat = path.stat()
        except OSError as e:
            self.add(Failure(safe_name(path), f"unreadable: {e}"))
            return
        key = safe_name(path.resolve())
        if read.get(key) == (stat.st_size, stat.st_mtime_ns):
            return
        for item in read_path(path, self.settings.ingest.max_bytes, fetcher, named=True):
            self.add(item)
        state.save_file(self.store, key, stat.st_size, stat.st_mtime_ns)

    def folder(self, folder: Path, read: dict[str, tuple[int, int]], fetcher: Fetcher) -> None:
        for path in folder_files(folder):
            if is_supported(path):
                self.path(path, read, fetcher)


def watch_round(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    outlet: str | None = None,
    on_alert: Callable[[Alert], None] | None = None,
) -> RoundReport:
    """One round over ``inputs`` (feeds, URLs, folders, files): ingest what is new, analyse
    what the store has not analysed, then raise, store and deliver the alerts."""
    if not state.seen(store):  # the first watch of a store: what it holds already is not news
        held, _ = find_alerts(store, settings, set(), state.now())
        state.record(store, held, [])
    work = Round(store, settings, outlet)
    read = state.files_read(store)
    with Fetcher(settings.fetch, settings.ingest.max_bytes) as fetcher:
        for value in inputs:
            if is_url(value):
                work.url(value, fetcher)
            elif Path(value).is_dir():
                work.folder(Path(value), read, fetcher)
            elif Path(value).is_file():
                work.path(Path(value), read, fetcher)
            else:
                work.add(Failure(safe_name(value), "not found: no such file, folder or URL"))
    report = RoundReport(work.tally.summary(), work.unchanged)
    if make_plan(store, settings).total:
        report.analysis = analyze(store, settings)
    items, alerts = find_alerts(store, settings, state.seen(store), state.now())
    state.record(store, items, alerts)
    for alert in alerts:
        if on_alert is not None:
            on_alert(alert)
    report.alerts = alerts
    report.problems = deliver(alerts, settings.watch)
    return report


def watch(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    every: float,
    once: bool = False,
    outlet: str | None = None,
    on_alert: Callable[[Alert], None] | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run rounds every ``every`` seconds (one with ``once``) until interrupted (Ctrl-C raises
    KeyboardInterrupt out of the wait or the round; what was stored stays). Returns the number
    of rounds run."""
    rounds = 0
    while True:
        report = watch_round(inputs, store, settings, outlet=outlet, on_alert=on_alert)
        rounds += 1
        if on_round is not None:
            on_round(report)
        if once:
            return rounds
        sleep(every)
