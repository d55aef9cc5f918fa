"""Readers for each input format. Each yields RawDocument or Failure and never raises for
bad content: a broken record becomes a Failure and the reader goes on where it can."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..model import Failure, RawDocument
from .encoding import decode
from .gunzip import GzipError

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
    """One record per line. A line is read up to the cap and no further: the rest of a longer
    one is skipped in bounded pieces."""
    number = 0
    while True:
        where = f"{source}:{number + 1}"
        try:
            line = stream.readline(max_bytes + 1)
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line) + skip_line(stream)
                yield Failure(where, f"too large: line of {size} bytes, cap is {max_bytes}")
                number += 1
                continue
        except GzipError as e:
            yield Failure(where, e.reason)
            return
        if not line:
            return
        number += 1
        if line.strip():
            yield parse_record(line, where)


def skip_line(stream: BinaryIO) -> int:
    """Read past the rest of the current line; returns how many bytes that was."""
    skipped = 0
    while piece := stream.readline(1 << 20):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def parse_json(content: bytes) -> Any:
    """The JSON value in ``content`` (any encoding, see encoding.py). Raises ValueError with a
    reason."""
    text = decode(content)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from e
    except RecursionError as e:  # the parser recurses once per level of nesting
        raise ValueError("invalid JSON: nested too deeply to read") from e


def parse_record(line: bytes, where: str) -> RawDocument | Failure:
    try:
        return record_to_document(parse_json(line), where)
    except ValueError as e:
        return Failure(where, str(e))


def read_json(content: bytes, source: str) -> Iterator[RawDocument | Failure]:
    try:
        data = parse_json(content)
    except ValueError as e:
        yield Failure(source, str(e))
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        where = source if len(records) == 1 else f"{source}#{index}"
        yield record_to_document(record, where)


class LineBound(io.RawIOBase):
    """The bytes of ``raw``, refused (GzipError, ``too large``) after ``max_run`` bytes with no
    line break. warcio reads each header line whole, in time quadratic in its length: a WARC
    of zeros would hold it for minutes. No web page, image or video runs that long without a
    0x0A byte."""

    def __init__(self, raw: BinaryIO, max_run: int) -> None:
        super().__init__()
        self.raw = raw
        self.max_run = max_run
        self.run = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        newline = data.rfind(b"\n")
        self.run = len(data) - newline - 1 if newline != -1 else self.run + len(data)
        if self.run > self.max_run:
            raise GzipError(f"too large: over {self.max_run} bytes without a line break")
        buffer[: len(data)] = data
        return len(data)


MAX_RUN = 8 << 20
WARC_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion"}


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """HTML response records of a WARC file (CC-NEWS shards arrive this way). ``stream`` is
    the uncompressed WARC (a GunzipRaw for .warc.gz: it raises on a cut file, where warcio's
    own reader may not)."""
    from warcio.archiveiterator import ArchiveIterator

    seen = kept = 0
    try:
        for record in ArchiveIterator(LineBound(stream, MAX_RUN), no_record_parse=False):
            seen += 1
            if record.rec_type not in WARC_TYPES:
                yield Failure(
                    f"{source}#{seen}",
                    f"malformed WARC: record {seen} has no valid WARC-Type"
                    f" ({record.rec_type!r}); skipped",
                )
                continue
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or seen}"
            http = record.http_headers
            ctype = (http.get_header("Content-Type") or "") if http else ""
            if http is not None and "html" not in ctype.lower():
                continue
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Failure(where, f"too large: record exceeds the cap of {max_bytes} bytes", url)
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                # The record's declared length was not there: the file was cut inside it.
                raise EOFError(f"record {seen} is cut short")
            status = http.get_statuscode() if http else "200"
            if status and not status.startswith("2"):
                yield Failure(where, f"http: archived status {status}", url)
                continue
            kept += 1
            yield RawDocument(source=where, content=body, kind="html", url=url)
    except GzipError as e:
        if e.reason.startswith("too large"):
            yield Failure(source, f"{e.reason} (after {kept} records kept)")
        else:
            yield Failure(source, f"truncated WARC: stopped after {kept} records kept ({e.reason})")
    except Exception as e:  # warcio raises several types on a cut file; all mean the same
        what = "truncated WARC:" if seen else "malformed WARC: not a WARC file;"
        yield Failure(source, f"{what} stopped after {kept} records kept ({type(e).__name__}: {e})")
    else:
        if not seen:
            yield Failure(source, "empty: the WARC file holds no record")


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
