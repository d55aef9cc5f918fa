"""Readers for each input format. Each yields RawDocument or Failure and never raises for
bad content: a broken record becomes a Failure and the reader goes on where it can."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..model import Failure, RawDocument

JSON_FIELDS = ("text", "html", "url", "title", "published", "outlet", "language", "author")
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    if any(t in content_type for t in ("rss", "atom")):
        return True
    head = content[:2048].lstrip().lower()
    return any(marker in head for marker in FEED_MARKERS)


def looks_like_html(content: bytes | str) -> bool:
    head = content[:2048]
    low = (head.decode("utf-8", "ignore") if isinstance(head, bytes) else head).lower()
    return "<html" in low or "<!doctype html" in low or "<body" in low or "<article" in low


def record_to_document(record: Any, source: str) -> RawDocument | Failure:
    """One JSON record (see docs/input-formats.md) as a RawDocument."""
    if not isinstance(record, dict):
        return Failure(source, f"bad record: expected a JSON object, got {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Failure(source, "bad record: needs a string 'text' or 'html' field", record.get("url"))
    meta = {k: record.get(k) for k in JSON_FIELDS[2:]}
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            return Failure(source, f"bad record: field {key!r} must be a string")
    if isinstance(text, str):
        return RawDocument(source=source, content=text, kind="text", **meta)
    assert isinstance(html, str)
    return RawDocument(source=source, content=html, kind="html", **meta)


def read_jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    for number, line in enumerate(stream, start=1):
        where = f"{source}:{number}"
        if len(line) > max_bytes:
            yield Failure(where, f"too large: line of {len(line)} bytes, cap is {max_bytes}")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as e:
            yield Failure(where, f"undecodable: line is not UTF-8 ({e.reason} at byte {e.start})")
            continue
        except json.JSONDecodeError as e:
            yield Failure(where, f"invalid JSON: {e.msg} (line {number}, column {e.colno})")
            continue
        yield record_to_document(record, where)


def read_json(content: bytes, source: str) -> Iterator[RawDocument | Failure]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        yield Failure(source, f"undecodable: not UTF-8 ({e.reason} at byte {e.start})")
        return
    except json.JSONDecodeError as e:
        yield Failure(source, f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        where = source if len(records) == 1 else f"{source}#{index}"
        yield record_to_document(record, where)


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """HTML response records of a WARC file (CC-NEWS shards arrive this way)."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or count}"
            http = record.http_headers
            ctype = (http.get_header("Content-Type") or "") if http else ""
            if http is not None and "html" not in ctype.lower():
                continue
            count += 1
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Failure(where, f"too large: record exceeds the cap of {max_bytes} bytes", url)
                continue
            status = http.get_statuscode() if http else "200"
            if status and not status.startswith("2"):
                yield Failure(where, f"http: archived status {status}", url)
                continue
            yield RawDocument(source=where, content=body, kind="html", url=url)
    except Exception as e:  # warcio raises several types on a cut file; all mean the same
        yield Failure(
            source, f"truncated WARC: stopped after {count} records ({type(e).__name__}: {e})"
        )


def read_feed(content: bytes, source: str) -> tuple[list[dict[str, str | None]], Failure | None]:
    """The items of an RSS/Atom feed: their links, titles and dates."""
    import feedparser

    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        return [], Failure(source, f"bad feed: {parsed.get('bozo_exception')}")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        items.append(
            {
                "url": link,
                "title": entry.get("title"),
                "published": entry.get("published") or entry.get("updated"),
                "author": entry.get("author"),
            }
        )
    return items, None
