"""Cursor pagination with no result cap, and a streaming JSONL export of any list.

A cursor is opaque to clients (url-safe base64 of JSON): the last item's key for keyset
lists, an offset for ranked ones (search). A page holds at most ``MAX_LIMIT`` items; following
``next`` walks the whole list, however long."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
EXPORT_BATCH = 500
MAX_OFFSET = 2**53  # past any list; a larger one would overflow the database's integers

Fetch = Callable[[Any, int], Sequence[Any]]  # (after, limit) -> items


def encode(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode(cursor: str | None) -> Any:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, RecursionError) as e:
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out") from e


def storable(text: str) -> bool:
    """Text a database takes as a parameter: no NUL, no lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, "bad_limit", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    next: str | None


def keyset_page(fetch: Fetch, key: Callable[[Any], Any], cursor: str | None, limit: int) -> Page:
    """One page: ask for one item more than ``limit`` to know whether another page follows."""
    after = decode(cursor)
    if after is not None and not (isinstance(after, str) and storable(after)):
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out")
    items = list(fetch(after, limit + 1))
    more = len(items) > limit
    items = items[:limit]
    return Page(items, encode(key(items[-1])) if more and items else None)


def offset_page(fetch: Fetch, cursor: str | None, limit: int) -> Page:
    offset = decode(cursor) or 0
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out")
    items = list(fetch(offset, limit + 1))
    more = len(items) > limit
    return Page(items[:limit], encode(offset + limit) if more else None)


def walk(fetch: Fetch, key: Callable[[Any], Any] | None = None) -> Iterator[Any]:
    """Every item of a list, a batch at a time: keyset (``key`` of the last item) or, without
    ``key``, by offset (ranked lists)."""
    after: Any = None if key else 0
    while True:
        items = list(fetch(after, EXPORT_BATCH))
        yield from items
        if len(items) < EXPORT_BATCH:
            return
        after = key(items[-1]) if key else after + len(items)


def csv_rows(
    items: Iterator[dict[str, Any]], section: str, names: dict[str, str]
) -> Iterator[bytes]:
    from ..export.tables import csv_lines

    for text in csv_lines(items, section, names):
        yield text.encode()


def jsonl(items: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for item in items:
        yield (json.dumps(item, ensure_ascii=False) + "\n").encode()
