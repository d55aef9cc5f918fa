"""Readers for each input format. Each yields RawDocument or Failure and never raises for
bad content: a broken record becomes a Failure and the reader goes on where it can."""

from __future__ import annotations

import json
import zlib
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
        return Failure(
            source, "bad record: needs a string 'text' or 'html' field", record.get("url")
        )
    meta: dict[str, str | None] = {}
    for key in JSON_FIELDS[2:]:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return Failure(source, f"bad record: field {key!r} must be a string")
        meta[key] = value
    is_text = isinstance(text, str)
    return RawDocument(
        source=source,
        content=str(text) if is_text else str(html),
        kind="text" if is_text else "html",
        url=meta["url"],
        title=meta["title"],
        published=meta["published"],
        outlet=meta["outlet"],
        language=meta["language"],
        author=meta["author"],
    )


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


class TruncatedError(Exception):
    """The compressed stream ended inside a gzip member."""


class GunzipStream:
    """Multi-member gzip decompression that hands over every byte it could decompress and
    raises TruncatedError at a cut end (warcio's reader treats a cut as a clean end)."""

    def __init__(self, raw: BinaryIO, chunk: int = 1 << 16) -> None:
        self.raw = raw
        self.chunk = chunk
        self.buffer = b""
        self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.done = False

    def _fill(self) -> None:
        data = self.raw.read(self.chunk)
        if not data:
            self.done = True
            if not self.decompressor.eof and (self.decompressor.unconsumed_tail or self._started):
                raise TruncatedError("the gzip stream ends inside a member")
            return
        self._started = True
        while data:
            try:
                self.buffer += self.decompressor.decompress(data)
            except zlib.error as e:
                raise TruncatedError(f"corrupt gzip data: {e}") from e
            data = self.decompressor.unused_data
            if self.decompressor.eof:
                self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._started = bool(data)

    _started = False

    error: TruncatedError | None = None

    def read(self, size: int = -1) -> bytes:
        while not self.done and self.error is None and (size < 0 or len(self.buffer) < size):
            try:
                self._fill()
            except TruncatedError as e:
                self.error = e  # hand over what was decompressed first, raise on the next read
        if self.error is not None and not self.buffer:
            raise self.error
        if size < 0:
            out, self.buffer = self.buffer, b""
        else:
            out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """HTML response records of a WARC file (CC-NEWS shards arrive this way). ``stream`` is
    the uncompressed WARC: gzip's own reader raises on a cut file, where warcio's may not."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(stream, no_record_parse=False):
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
            if getattr(record.raw_stream, "limit", 0) > 0:
                # The record's declared length was not there: the file was cut inside it.
                raise EOFError(f"record {count} is cut short")
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
