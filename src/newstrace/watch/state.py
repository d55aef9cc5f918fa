"""What watch mode remembers in the store (migration 0012), so that a restart resumes: each
URL's validators, each folder file read, the items already looked at, and the alerts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..store import Store
from .alert import Alert


@dataclass(frozen=True, slots=True)
class Validators:
    """What a URL answered last, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def validators(store: Store, url: str) -> Validators:
    row = store.x("SELECT etag, last_modified FROM watch_urls WHERE url = ?", (url,)).fetchone()
    return Validators(row[0], row[1]) if row else Validators()


def save_validators(store: Store, url: str, found: Validators) -> None:
    with store.transaction():
        store.x(
            "INSERT INTO watch_urls (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, checked_at = excluded.checked_at",
            (url, found.etag, found.last_modified, now()),
        )


def files_read(store: Store) -> dict[str, tuple[int, int]]:
    """Path -> (size, mtime in ns) of every folder file watch mode has read."""
    rows = store.x("SELECT path, size, mtime_ns FROM watch_files").fetchall()
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


def save_file(store: Store, path: str, size: int, mtime_ns: int) -> None:
    with store.transaction():
        store.x(
            "INSERT INTO watch_files (path, size, mtime_ns, read_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(path) DO UPDATE SET size = excluded.size,"
            " mtime_ns = excluded.mtime_ns, read_at = excluded.read_at",
            (path, size, mtime_ns, now()),
        )


def url_known(store: Store, url: str) -> bool:
    """Whether an article fetched from ``url`` is stored (a feed item read before)."""
    row = store.x(
        "SELECT 1 FROM articles WHERE status = 'ok' AND (url = ? OR source = ?)", (url, url)
    ).fetchone()
    return row is not None


def seen(store: Store) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in store.x("SELECT kind, item FROM watch_seen").fetchall()}


def record(store: Store, items: Iterable[tuple[str, str]], alerts: Iterable[Alert]) -> None:
    """Mark ``items`` (kind, id) seen and store ``alerts``, in one transaction."""
    with store.transaction():
        store.xm(
            "INSERT INTO watch_seen (kind, item) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [list(item) for item in items],
        )
        store.xm(
            "INSERT INTO alerts (id, kind, item, article, matched, summary, raised_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            [
                [a.id, a.kind, a.item, a.article, json.dumps(a.matched), a.summary, a.raised_at]
                for a in alerts
            ],
        )


def alerts(store: Store, limit: int = 200, *, after: str | None = None) -> list[Alert]:
    """The latest ``limit`` alerts, newest first; a paged call (``after`` an id, "" for the
    first page) returns them in id order instead."""
    columns = "SELECT id, kind, item, article, matched, summary, raised_at FROM alerts"
    if after is None:
        rows = store.x(f"{columns} ORDER BY raised_at DESC, id LIMIT ?", (limit,)).fetchall()
    else:
        rows = store.x(f"{columns} WHERE id > ? ORDER BY id LIMIT ?", (after, limit)).fetchall()
    return [Alert(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5], r[6]) for r in rows]
