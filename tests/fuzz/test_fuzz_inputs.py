"""Property tests over every parser and decoder of the ingest side (issue #31): whatever the
bytes, each returns records or a recorded failure with a reason, never raises, within
Hypothesis' deadline. More examples: HYPOTHESIS_PROFILE=fuzz (make fuzz)."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newstrace.ingest.encoding import decode
from newstrace.ingest.formats import read_feed, read_json, read_jsonl, read_warc
from newstrace.ingest.gunzip import GunzipRaw, GzipError, gunzip
from newstrace.ingest.prepare import prepare
from newstrace.ingest.sources import read_path, safe_name
from newstrace.model import Article, Failure, RawDocument
from newstrace.settings import shipped

from ..ingest.test_inputs import write_warc
from .profile import fuzz

CAP = 20_000
INGEST = replace(shipped().ingest, max_bytes=CAP)
ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1251", "cp1252", "shift_jis", "koi8-r", "gb18030"]
REASON = (
    "binary:",
    "undecodable:",
    "empty:",
    "too large:",
    "invalid JSON:",
    "bad record:",
    "malformed HTML:",
    "malformed WARC:",
    "truncated WARC:",
    "truncated:",
    "unreadable:",
    "unsupported:",
    "bad feed:",
    "http:",
)


def encoded_text() -> st.SearchStrategy[bytes]:
    """Text in some encoding (what it cannot encode replaced), or raw bytes."""
    text = st.tuples(st.text(max_size=400), st.sampled_from(ENCODINGS)).map(
        lambda p: p[0].encode(p[1], "replace")
    )
    return st.one_of(text, st.binary(max_size=2000))


def json_values() -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["text", "html", "url", "title", "x"]), inner)
        ),
        max_leaves=12,
    )


def records() -> st.SearchStrategy[bytes]:
    """One JSON line: a record, any JSON value, an escaped lone surrogate, deep nesting, or
    bytes that are not JSON."""
    record = st.fixed_dictionaries(
        {"text": st.text(max_size=300)},
        optional={"title": st.text(max_size=40), "url": st.text(max_size=40)},
    ).map(lambda r: json.dumps(r).encode())
    other = json_values().map(lambda v: json.dumps(v).encode())
    surrogate = st.integers(0xD800, 0xDFFF).map(lambda c: b'{"text": "x \\u%04x y"}' % c)
    deep = st.integers(10, 5000).map(lambda n: b"[" * n + b"]" * n)
    return st.one_of(record, other, surrogate, deep, st.binary(max_size=300))


@contextmanager
def bounded_memory(limit: int = 64 << 20) -> Iterator[None]:
    """The block's peak Python allocation stays under ``limit`` bytes."""
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit, f"peak allocation {peak} bytes"


def check(items: list[RawDocument | Failure]) -> None:
    for item in items:
        assert isinstance(item, RawDocument | Failure)
        if isinstance(item, Failure):
            assert item.reason.startswith(REASON), item.reason
        else:
            check_prepared(prepare(item, INGEST))


def check_prepared(result: Article | Failure) -> None:
    if isinstance(result, Failure):
        assert result.reason.startswith(REASON), result.reason
    else:
        assert result.status == "ok" and result.text
        result.text.encode("utf-8")  # storable
        assert "\x00" not in result.text


@fuzz()
@given(encoded_text())
def test_decode_returns_text_or_a_reason(content: bytes) -> None:
    try:
        text = decode(content)
    except ValueError as e:
        assert str(e).startswith(("binary:", "undecodable:"))
    else:
        assert isinstance(text, str) and "\x00" not in text


@fuzz()
@given(encoded_text(), st.sampled_from(["text", "html"]))
def test_prepare_never_raises(content: bytes, kind: str) -> None:
    check_prepared(prepare(RawDocument("x", content, kind), INGEST))  # type: ignore[arg-type]


@fuzz(0.5)
@given(
    st.text(max_size=300),
    st.text(max_size=300, alphabet=st.sampled_from("<>/=\"' abcdiv\np\x00&;#")),
)
def test_html_never_raises(words: str, markup: str) -> None:
    page = f"<html><head><title>{words[:20]}</title></head><body>{markup}<p>{words}</p>"
    check_prepared(prepare(RawDocument("x", page.encode("utf-8", "replace"), "html"), INGEST))


@fuzz()
@given(st.one_of(records(), json_values().map(lambda v: json.dumps(v).encode())))
def test_json_never_raises(content: bytes) -> None:
    check(list(read_json(content, "x.json")))


@fuzz()
@given(st.lists(records(), max_size=8), st.booleans(), st.integers(0, 10_000))
def test_jsonl_plain_and_gzip_never_raise(lines: list[bytes], zipped: bool, cut: int) -> None:
    data = b"\n".join(lines)
    if zipped:
        data = gzip.compress(data)
        data = data[: max(1, len(data) - cut % 30)]  # sometimes cut inside the member
        stream: io.BufferedIOBase = gunzip(io.BytesIO(data))
    else:
        stream = io.BytesIO(data)
    with bounded_memory():
        items = list(read_jsonl(stream, "x.jsonl", CAP))  # type: ignore[arg-type]
    check(items)
    assert len(items) <= len(data.splitlines()) + 1 or zipped


@fuzz()
@given(st.binary(max_size=3000))
def test_gunzip_of_any_bytes_is_bytes_or_a_reason(data: bytes) -> None:
    for payload in (data, gzip.compress(data)[: len(data) // 2 + 10], b"\x1f\x8b\x08" + data):
        try:
            out = gunzip(io.BytesIO(payload)).read()
        except GzipError as e:
            assert e.reason.startswith(("truncated:", "unreadable:", "too large:"))
        else:
            assert isinstance(out, bytes)


def mutate(data: bytes, at: int, junk: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + junk + data[at + len(junk) :]


_WARC: dict[str, bytes] = {}


def sample_warc(tmp: Path, compress: bool) -> bytes:
    key = f"warc-{compress}"
    if key not in _WARC:
        path = tmp / f"{key}.warc"
        page = b"<html><body><p>" + b"Some words of a page. " * 40 + b"</p></body></html>"
        write_warc(
            path,
            [("https://example.com/a", page), ("https://example.com/b", page + b"b")],
            compress=compress,
        )
        _WARC[key] = path.read_bytes()
    return _WARC[key]


@fuzz()
@given(st.booleans(), st.integers(0, 100_000), st.binary(max_size=64), st.integers(0, 5000))
def test_warc_never_raises(
    tmp_path_factory, compress: bool, at: int, junk: bytes, cut: int
) -> None:
    data = sample_warc(tmp_path_factory.mktemp("warc"), compress)
    data = mutate(data, at, junk)[: max(0, len(data) - cut)]
    stream = GunzipRaw(io.BytesIO(data)) if compress else io.BytesIO(data)
    with bounded_memory():
        items = list(read_warc(stream, "x.warc", CAP))  # type: ignore[arg-type]
    check(items)


FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    b"<item><title>One</title><link>https://example.com/1</link>"
    b"<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item></channel></rss>"
)


@fuzz()
@given(st.integers(0, len(FEED)), st.binary(max_size=40), st.binary(max_size=500))
def test_feeds_never_raise(at: int, junk: bytes, other: bytes) -> None:
    for content in (mutate(FEED, at, junk), other, b"<feed>" + other):
        items, failure = read_feed(content, "x.rss")
        assert failure is None or failure.reason.startswith("bad feed:")
        assert all(isinstance(i["url"], str) for i in items)


@fuzz()
@given(st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_file_names_in_any_encoding(tmp_path_factory, name: bytes) -> None:
    folder = tmp_path_factory.mktemp("names")
    if name in (b".", b".."):
        return
    path = os.path.join(os.fsencode(folder), name + b".txt")
    with open(path, "wb") as out:
        out.write(b"Some text that is long enough to be an article.")
    shown = safe_name(os.fsdecode(path))
    shown.encode("utf-8")  # storable
    items = list(read_path(Path(os.fsdecode(path)), CAP, None))
    assert items and all(i.source == shown for i in items)  # type: ignore[union-attr]
    check([i for i in items if isinstance(i, RawDocument | Failure)])
