"""The inputs of issue #31 that stopped or hung a batch: each is now stored as failed with its
reason (or read), and the documents after it still go in."""

from __future__ import annotations

import gzip
import io
import json
import os
import resource
import time
from pathlib import Path

import pytest

from newstrace.ingest import ingest
from newstrace.ingest.gunzip import BOMB_RATIO, gunzip
from newstrace.settings import Settings
from newstrace.store import SQLStore, open_store

from .test_inputs import write_warc

GOOD = "A good line of text, long enough to be an article of its own: {}."


def good_line(n: int) -> str:
    return json.dumps({"text": GOOD.format(n)})


def by_source(store: SQLStore, folder: Path) -> dict[str, tuple[str, str]]:
    return {
        a.source.removeprefix(f"{folder}/"): (a.status, a.error or "") for a in store.articles()
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_gzip_bomb_is_refused_while_decompressing(tmp_path: Path, settings: Settings) -> None:
    zeros = b"\0" * (16 << 20)
    for name in ("bomb.warc.gz", "bomb.jsonl.gz"):
        with gzip.open(tmp_path / name, "wb", 9) as out:
            for _ in range(64):  # 1 GiB of zeros in about 1 MB
                out.write(zeros)
    body_bomb = tmp_path / "body.warc.gz"  # a valid record whose body is the bomb
    write_warc(body_bomb, [("https://example.com/z", b"<html><body>" + b" " * (1 << 30))])
    before = peak_rss_mb()
    started = time.monotonic()
    with open_store(settings.db) as store:
        summary = ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
    assert seen["bomb.warc.gz"] == (
        "failed",
        "too large: over 8388608 bytes without a line break (after 0 records kept)",
    )
    assert seen["bomb.jsonl.gz:1"][1].startswith("too large: the gzip data expands over 200")
    assert seen["body.warc.gz#https://example.com/z"][1].startswith("too large: record")
    assert seen["body.warc.gz"][1].startswith("too large:")  # the rest of that record
    assert len(summary.failures) == 4 and not summary.ok
    assert time.monotonic() - started < 60
    assert peak_rss_mb() - before < 200  # decompressed in bounded steps, never all at once


def test_large_warc_record_reads_in_linear_time(tmp_path: Path, settings: Settings) -> None:
    """A valid record with a 24 MiB body (over the cap): the old reader re-sliced its buffer on
    every read, quadratic in the body's size."""
    body = os.urandom(12 << 20).hex().encode()  # incompressible: no bomb
    warc = tmp_path / "big.warc.gz"
    write_warc(warc, [("https://example.com/big", b"<html><body><p>" + body + b"</p></body>")])
    started = time.monotonic()
    with open_store(settings.db) as store:
        ingest([str(warc)], store, settings)
        status, error = by_source(store, tmp_path)["big.warc.gz#https://example.com/big"]
    assert (status, error.split(":")[0]) == ("failed", "too large")
    assert time.monotonic() - started < 60


def test_gunzip_reads_many_members_and_stops_at_a_cut(tmp_path: Path) -> None:
    data = gzip.compress(b"one\n") + gzip.compress(b"two\n") + b"\0" * 8
    assert gunzip(io.BytesIO(data)).read() == b"one\ntwo\n"
    cut = gzip.compress(b"three\n" * 1000)[:-12]
    stream = gunzip(io.BytesIO(cut))
    with pytest.raises(Exception, match="truncated"):
        stream.read()


def test_deep_json_is_a_failed_record(tmp_path: Path, settings: Settings) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(deep, "utf-8")
    (tmp_path / "deep.jsonl").write_text(
        "\n".join([good_line(1), deep, good_line(2)]) + "\n", "utf-8"
    )
    with open_store(settings.db) as store:
        ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
    assert seen["deep.json"] == ("failed", "invalid JSON: nested too deeply to read")
    assert seen["deep.jsonl:2"] == ("failed", "invalid JSON: nested too deeply to read")
    assert seen["deep.jsonl:1"][0] == seen["deep.jsonl:3"][0] == "ok"


def test_corrupt_jsonl_gz_keeps_the_lines_before(tmp_path: Path, settings: Settings) -> None:
    lines = "".join(good_line(n) + "\n" for n in range(200)).encode()
    data = bytearray(gzip.compress(lines))
    data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)  # corrupt the back half
    (tmp_path / "corrupt.jsonl.gz").write_bytes(bytes(data))
    (tmp_path / "after.txt").write_text(GOOD.format("after"), "utf-8")
    with open_store(settings.db) as store:
        summary = ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
    failed = [(s, e) for s, (status, e) in seen.items() if status == "failed"]
    assert len(failed) == 1 and failed[0][0].startswith("corrupt.jsonl.gz:")
    assert failed[0][1].startswith(("unreadable: corrupt gzip", "truncated:", "invalid JSON"))
    assert seen["after.txt"][0] == "ok" and seen["corrupt.jsonl.gz:1"][0] == "ok"
    assert len(summary.ok) >= 2


def test_file_name_not_in_utf8_is_stored_under_a_safe_name(
    store: SQLStore, settings: Settings, tmp_path: Path
) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"  # café.txt in Latin-1
    with open(name, "wb") as out:
        out.write(GOOD.format("café").encode())
    (tmp_path / "next.txt").write_text(GOOD.format("next"), "utf-8")
    summary = ingest([str(tmp_path)], store, settings)
    assert len(summary.ok) == 2
    assert set(by_source(store, tmp_path)) == {"caf\\xe9.txt", "next.txt"}


def test_escaped_lone_surrogate_fails_its_line_only(
    store: SQLStore, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        "\n".join([good_line(1), '{"text": "bad \\ud800 record, long enough"}', good_line(3)]),
        "utf-8",
    )
    bad_title = json.dumps({"text": GOOD.format(4), "title": "\ud83d"})
    (tmp_path / "title.jsonl").write_text(bad_title, "utf-8")
    ingest([str(tmp_path)], store, settings)
    seen = by_source(store, tmp_path)
    assert seen["records.jsonl:2"] == (
        "failed",
        "bad record: field 'text' holds a lone surrogate, not text",
    )
    assert seen["title.jsonl:1"][1].startswith("bad record: field 'title'")
    assert seen["records.jsonl:1"][0] == seen["records.jsonl:3"][0] == "ok"


def test_huge_jsonl_line_fails_before_it_is_in_memory(tmp_path: Path, settings: Settings) -> None:
    """A 256 MiB line, plain: read up to the cap (5 MB) and skipped in 1 MiB pieces."""
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "')
        block = b"word " * (1 << 18)
        for _ in range(200):
            out.write(block)
        out.write(b'"}\n' + good_line(2).encode() + b"\n")
    before = peak_rss_mb()
    with open_store(settings.db) as store:
        ingest([str(path)], store, settings)
        seen = by_source(store, tmp_path)
    assert seen["big.jsonl:1"][1].startswith("too large: line of 262144013 bytes")
    assert seen["big.jsonl:2"][0] == "ok"
    assert peak_rss_mb() - before < 100


def test_huge_gzipped_line_is_a_bomb(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb", 9) as out:
        out.write(b'{"text": "' + b"a" * (256 << 20) + b'"}\n')
    with open_store(settings.db) as store:
        ingest([str(path)], store, settings)
        ((status, error),) = by_source(store, tmp_path).values()
    assert status == "failed" and f"over {BOMB_RATIO} times" in error


def test_warc_garbage_and_counts(tmp_path: Path, settings: Settings, make_html) -> None:
    (tmp_path / "garbage.warc").write_bytes(b"WARC/1.0\r\nthis is garbage\r\n\r\nmore garbage")
    (tmp_path / "notawarc.warc").write_bytes(b"hello world, no archive here")
    cut = tmp_path / "cut.warc.gz"
    page = make_html("One", GOOD.format("one") * 20)
    write_warc(cut, [("https://example.com/1", page), ("https://example.com/2", page * 2)])
    data = cut.read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.7)])
    with open_store(settings.db) as store:
        ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
    assert seen["garbage.warc#1"][1].startswith("malformed WARC: record 1 has no valid")
    assert [s for s, (status, _) in seen.items() if s.startswith("notawarc.warc")] == [
        "notawarc.warc#1"  # warcio reads it as an empty record: failed as empty
    ]
    assert seen["notawarc.warc#1"] == ("failed", "empty: the document has no content")
    assert seen["cut.warc.gz#https://example.com/1"][0] == "ok"
    assert "stopped after 1 records kept" in seen["cut.warc.gz"][1]


def test_nul_anywhere_is_binary(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "late.txt").write_bytes(b"Some words here. " * 1000 + b"\x00 and more")
    (tmp_path / "late.html").write_bytes(b"<html><body><p>" + b"words " * 3000 + b"\x00</p>")
    (tmp_path / "record.jsonl").write_text(
        json.dumps({"text": GOOD.format(1) * 600 + "\x00"}), "utf-8"
    )
    with open_store(settings.db) as store:
        ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
    assert all(e.startswith("binary:") for _, e in seen.values()) and len(seen) == 3


def test_text_in_other_encodings_is_decoded(tmp_path: Path, settings: Settings) -> None:
    italian = "Città di Roma: perché il governo è caduto, dicono più fonti già ieri sera."
    spanish = "El niño comió con la señora un año después, ¿qué pasó en Málaga?"
    polish = "Zażółć gęślą jaźń, powiedział minister w środę po długim posiedzeniu rządu."
    russian = "Москва — столица России. Правительство объявило о новых мерах в среду."
    (tmp_path / "latin1.txt").write_bytes(italian.encode("latin-1"))
    (tmp_path / "cp1251.txt").write_bytes(russian.encode("cp1251"))
    (tmp_path / "spanish.txt").write_bytes(spanish.encode("latin-1"))
    (tmp_path / "polish.txt").write_bytes(polish.encode("cp1250"))
    (tmp_path / "utf16.txt").write_bytes(("UTF-16: " + italian).encode("utf-16"))
    record = json.dumps({"text": "JSONL: " + italian}, ensure_ascii=False).encode("latin-1")
    (tmp_path / "latin1.jsonl").write_bytes(record + b"\n")
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 256)) * 8)
    with open_store(settings.db) as store:
        ingest([str(tmp_path)], store, settings)
        seen = by_source(store, tmp_path)
        texts = {a.source.rsplit("/", 1)[-1]: a.text for a in store.articles(status="ok")}
    assert texts["latin1.txt"] == italian and texts["cp1251.txt"] == russian
    assert texts["spanish.txt"] == spanish and texts["polish.txt"] == polish
    assert texts["utf16.txt"] == "UTF-16: " + italian
    assert texts["latin1.jsonl:1"] == "JSONL: " + italian
    assert seen["noise.txt"][0] == "failed"
    assert seen["noise.txt"][1].startswith(("undecodable:", "binary:"))


def test_xml_that_is_not_a_feed_is_not_an_article(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "data.xml").write_text(
        '<?xml version="1.0"?><catalog><book id="1"><title>A long title of a book</title>'
        "</book></catalog>",
        "utf-8",
    )
    with open_store(settings.db) as store:
        ingest([str(tmp_path)], store, settings)
        assert by_source(store, tmp_path)["data.xml"] == (
            "failed",
            "unsupported: an XML file that is not an RSS or Atom feed",
        )
