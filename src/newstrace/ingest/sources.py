"""Turning what a user names (files, folders, globs, URLs, feeds, ``-``) into documents."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import IngestError
from ..model import Failure, RawDocument
from . import formats
from .fetch import Fetcher, FetchResult
from .gunzip import GunzipRaw, GzipError, gunzip

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = (
    TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a folder that is not an input format (README.png, .DS_Store ...)."""

    source: str


Item = RawDocument | Failure | Skipped


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for double in (".warc.gz", ".arc.gz", ".jsonl.gz", ".json.gz", ".html.gz", ".txt.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def safe_name(path: Path | str) -> str:
    """The path as text that can be stored: a name in another encoding than UTF-8 (read with
    surrogateescape by Python) keeps its odd bytes as backslash escapes (caf\\xe9.txt)."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def iter_inputs(inputs: Iterable[str], fetcher: Fetcher | None, max_bytes: int) -> Iterator[Item]:
    for value in inputs:
        if value == "-":
            yield from read_stdin(max_bytes)
        elif is_url(value):
            yield from read_url(value, fetcher)
        elif any(ch in value for ch in "*?["):
            matches = sorted(glob.glob(value, recursive=True))
            if not matches:
                yield Failure(safe_name(value), "not found: the pattern matched no file")
            for match in matches:
                if Path(match).is_file():
                    yield from read_path(Path(match), max_bytes, fetcher)
        else:
            path = Path(value)
            if path.is_dir():
                yield from read_folder(path, max_bytes, fetcher)
            elif path.is_file():
                yield from read_path(path, max_bytes, fetcher, named=True)
            else:
                yield Failure(safe_name(value), "not found: no such file, folder or URL")


def folder_files(folder: Path) -> list[Path]:
    """The files below ``folder``, sorted, hidden files and folders left out."""
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    ]


def is_supported(path: Path) -> bool:
    return suffix_of(path) in SUPPORTED or suffix_of(path).removesuffix(".gz") in SUPPORTED


def read_folder(folder: Path, max_bytes: int, fetcher: Fetcher | None) -> Iterator[Item]:
    for path in folder_files(folder):
        if is_supported(path):
            yield from read_path(path, max_bytes, fetcher)
        else:
            yield Skipped(safe_name(path))


def _open(path: Path) -> BinaryIO:
    raw = path.open("rb")
    return gunzip(raw) if path.name.lower().endswith(".gz") else raw


def _read_capped(path: Path, max_bytes: int) -> bytes:
    with _open(path) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"too large: file exceeds the cap of {max_bytes} bytes")
    return data


def read_path(
    path: Path, max_bytes: int, fetcher: Fetcher | None, *, named: bool = False
) -> Iterator[Item]:
    source = safe_name(path)
    suffix = suffix_of(path)
    base = suffix.removesuffix(".gz") if suffix not in WARC_SUFFIXES else suffix
    try:
        if base in WARC_SUFFIXES:
            with path.open("rb") as raw:
                gz = path.name.lower().endswith(".gz")
                warc: Any = GunzipRaw(raw) if gz else raw
                yield from formats.read_warc(warc, source, max_bytes)
            return
        if base in JSONL_SUFFIXES:
            with _open(path) as lines:
                yield from formats.read_jsonl(lines, source, max_bytes)
            return
        data = _read_capped(path, max_bytes)
    except IngestError as e:
        yield Failure(source, e.message)
        return
    except GzipError as e:
        yield Failure(source, e.reason)
        return
    except (OSError, EOFError) as e:
        yield Failure(source, f"unreadable: {e}")
        return
    if base in JSON_SUFFIXES:
        yield from formats.read_json(data, source)
    elif base in HTML_SUFFIXES:
        yield RawDocument(source=source, content=data, kind="html")
    elif base in FEED_SUFFIXES and formats.looks_like_feed(data):
        yield from read_feed_items(data, source, fetcher)
    elif base in FEED_SUFFIXES:
        yield Failure(source, "unsupported: an XML file that is not an RSS or Atom feed")
    elif base in TEXT_SUFFIXES or named:
        if base not in TEXT_SUFFIXES and formats.looks_like_html(data):
            yield RawDocument(source=source, content=data, kind="html")
            return
        yield RawDocument(source=source, content=data, kind="text", first_line_title=True)


def read_stdin(max_bytes: int) -> Iterator[Item]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Failure("-", f"too large: standard input exceeds the cap of {max_bytes} bytes")
        return
    stripped = data.lstrip()
    if stripped.startswith(b"{") and b"\n{" in stripped:
        import io

        yield from formats.read_jsonl(io.BytesIO(data), "-", max_bytes)
    elif stripped.startswith((b"{", b"[")):
        yield from formats.read_json(data, "-")
    elif formats.looks_like_html(data):
        yield RawDocument(source="-", content=data, kind="html")
    else:
        yield RawDocument(source="-", content=data, kind="text", first_line_title=True)


def read_url(url: str, fetcher: Fetcher | None) -> Iterator[Item]:
    if fetcher is None:
        yield Failure(url, "refused: URL inputs are disabled in this run", url)
        return
    try:
        result = fetcher.fetch(url)
    except IngestError as e:
        yield Failure(url, e.message, url)
        return
    yield from read_fetched(url, result, fetcher)


def read_fetched(
    url: str, result: FetchResult, fetcher: Fetcher, known: Callable[[str], bool] | None = None
) -> Iterator[Item]:
    """The documents of what ``url`` answered: a feed's items (fetched, but for those whose
    URL ``known`` says the store holds), or the page itself."""
    if formats.looks_like_feed(result.content, result.content_type):
        yield from read_feed_items(result.content, url, fetcher, known)
    elif "html" in result.content_type or formats.looks_like_html(result.content):
        yield RawDocument(source=url, content=result.content, kind="html", url=result.url)
    else:
        yield RawDocument(source=url, content=result.content, kind="text", url=result.url)


def read_feed_items(
    content: bytes,
    source: str,
    fetcher: Fetcher | None,
    known: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    items, failure = formats.read_feed(content, source)
    if failure is not None:
        yield failure
    for item in items:
        url = item["url"]
        assert url is not None
        if known is not None and known(url):
            continue
        for doc in read_url(url, fetcher):
            if isinstance(doc, RawDocument):
                yield RawDocument(
                    source=doc.source,
                    content=doc.content,
                    kind=doc.kind,
                    url=doc.url,
                    title=doc.title or item["title"],
                    published=doc.published or item["published"],
                    author=doc.author or item["author"],
                )
            else:
                yield doc
