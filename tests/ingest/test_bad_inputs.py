"""A bad document is stored as failed with its reason, and the batch goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newstrace.ingest import ingest
from newstrace.settings import Settings, load_settings
from newstrace.store import SQLStore

from ..conftest import SEEDS
from .test_inputs import write_warc


def reasons(store: SQLStore, folder: Path) -> dict[str, str]:
    return {
        a.source.removeprefix(f"{folder}/"): a.error or "" for a in store.articles(status="failed")
    }


def test_each_bad_input_fails_alone(
    store: SQLStore, tmp_path: Path, seed_texts: dict[str, str], make_html
) -> None:
    full = seed_texts["000_6bea74e761890eb2.txt"]
    good = "\n\n".join(full.split("\n\n")[:4])  # ~800 bytes: under the cap set below
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n", "utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes(
        "Città di Roma, perché il governo è caduto — ".encode("latin-1", "replace") * 5
    )
    (tmp_path / "huge.txt").write_text(full, "utf-8")
    (tmp_path / "broken.html").write_bytes(
        b"<html><body><div><script>var a = 1;</script><div></div></body"
    )
    (tmp_path / "good.txt").write_text(good, "utf-8")
    other = "\n\n".join(seed_texts["004_06f02ca1d58e7db8.txt"].split("\n\n")[:2])
    lines = [
        json.dumps({"text": other}),
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
    ]
    (tmp_path / "records.jsonl").write_text("\n".join(lines), "utf-8")
    warc = tmp_path / "cut.warc.gz"
    write_warc(
        warc,
        [
            ("https://example.com/1", make_html("One", good + " one")),
            ("https://example.com/2", make_html("Two", good + " two")),
        ],
    )
    data = warc.read_bytes()
    warc.write_bytes(data[: int(len(data) * 0.6)])  # cut inside the second record

    settings = load_settings(
        {"db": str(tmp_path / "x.db"), "ingest": {"max_bytes": 3000}}, environ={}
    )
    summary = ingest([str(tmp_path)], store, settings)
    by_name = reasons(store, tmp_path)
    assert by_name["empty.txt"].startswith("empty:")
    assert by_name["blank.txt"].startswith("empty:")
    assert by_name["binary.txt"].startswith("binary:")
    assert by_name["huge.txt"].startswith("too large:")
    assert by_name["broken.html"].startswith("malformed HTML:")
    assert by_name["records.jsonl:2"].startswith("invalid JSON:")
    assert by_name["records.jsonl:3"].startswith("bad record:")
    assert by_name["cut.warc.gz"].startswith("truncated WARC:")
    assert summary.reasons()["too large"] == 1
    # Nothing was lost: the good file, the Latin-1 one (decoded), the good JSONL record and the
    # first WARC record went in.
    ok = {a.source.removeprefix(f"{tmp_path}/") for a in store.articles(status="ok")}
    assert ok == {
        "good.txt",
        "latin1.txt",
        "records.jsonl:1",
        "cut.warc.gz#https://example.com/1",
    }
    assert len(summary.ok) == 4 and len(summary.failures) == 8


def test_failed_document_is_replaced_when_it_later_succeeds(
    store: SQLStore, settings: Settings, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    doc = tmp_path / "later.txt"
    doc.write_bytes(b"")
    assert len(ingest([str(doc)], store, settings).failures) == 1
    doc.write_text(seed_texts["000_6bea74e761890eb2.txt"], "utf-8")
    assert len(ingest([str(doc)], store, settings).ok) == 1
    assert [a.status for a in store.articles()] == ["ok"]


def test_missing_paths_and_patterns(store: SQLStore, settings: Settings, tmp_path: Path) -> None:
    summary = ingest(
        [str(tmp_path / "nope.txt"), str(tmp_path / "*.none"), str(SEEDS)], store, settings
    )
    assert [f.reason.split(":")[0] for f in summary.failures] == ["not found", "not found"]
    assert len(summary.ok) == 2


def test_stdin_jsonl(
    monkeypatch, store: SQLStore, settings: Settings, seed_texts: dict[str, str]
) -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in seed_texts.values()) + "\n"

    class FakeStdin:
        buffer = io.BytesIO(lines.encode())

    monkeypatch.setattr("sys.stdin", FakeStdin)
    summary = ingest(["-"], store, settings)
    assert len(summary.ok) == 2 and {a.source for a in store.articles()} == {"-:1", "-:2"}
