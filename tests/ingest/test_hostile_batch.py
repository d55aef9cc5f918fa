"""A hostile batch (issue #31): a few hundred real documents (PolNeAR news texts, scrapinghub
HTML pages) with about 5% hostile ones, ingested by the CLI in one run: every good document
stored, every bad one recorded with its reason, no crash, peak memory under a stated bound.
Then a small subset, with the 2,000,000-character article, analysed end to end by the CLI."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.store import open_store

from ..conftest import eval_path
from .test_inputs import write_warc

TEXTS = 240  # PolNeAR train texts
PAGES = 60  # scrapinghub pages
INGEST_RSS_MB = 600  # bounds on the CLI process' peak resident memory
ANALYZE_RSS_MB = 2000

# name -> the reason its failure must start with (None: it is hostile but must go in)
HOSTILE: dict[str, str | None] = {
    "bomb.warc.gz": "too large:",
    "bomb.jsonl.gz:1": "too large:",
    "deep.json": "invalid JSON: nested too deeply",
    "deep.jsonl:1": "invalid JSON: nested too deeply",
    "corrupt.jsonl.gz": "",  # some line of it: see below
    "surrogate.jsonl:1": "bad record: field 'text' holds a lone surrogate",
    "hugeline.jsonl:1": "too large: line of",
    "garbage.warc#1": "malformed WARC:",
    "cut.warc.gz": "truncated WARC: stopped after 1 records kept",
    "late-nul.txt": "binary:",
    "binary.txt": "binary:",
    "empty.txt": "empty:",
    "data.xml": "unsupported:",
    "caf\\xe9.txt": None,  # a Latin-1 file name
    "latin1.txt": None,  # Latin-1 text
    "long.txt": None,  # 2,000,000 characters: in, and analysed (cut for the parser)
}


# Runs newstrace in a child of its own and prints that child's peak RSS. A child of pytest
# itself would inherit the test process' peak: Linux keeps it across exec.
MEASURE = (
    "import resource, subprocess, sys;"
    "code = subprocess.call([sys.executable, '-m', 'newstrace', *sys.argv[1:]]);"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)"
)


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run ``newstrace ARGS``; returns its exit code, stderr, peak RSS in MB and CPU seconds
    (the figure that does not depend on how busy the machine is)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    cpu, kib, code = done.stdout.split()[-3:]
    return int(code), done.stderr, int(kib) / 1024, float(cpu)


def write_hostile(folder: Path, good_text: str, page: bytes) -> None:
    with gzip.open(folder / "bomb.warc.gz", "wb", 9) as out:
        for _ in range(16):
            out.write(b"\0" * (16 << 20))  # 256 MiB of zeros
    with gzip.open(folder / "bomb.jsonl.gz", "wb", 9) as out:
        out.write(b'{"text": "')
        for _ in range(16):
            out.write(b"a" * (16 << 20))  # a 256 MiB line
        out.write(b'"}\n')
    deep = "[" * 100_000 + "]" * 100_000
    (folder / "deep.json").write_text(deep, "utf-8")
    (folder / "deep.jsonl").write_text(deep + "\n", "utf-8")
    data = bytearray(gzip.compress(json.dumps({"text": good_text}).encode() * 40))
    data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)
    (folder / "corrupt.jsonl.gz").write_bytes(bytes(data))
    (folder / "surrogate.jsonl").write_text('{"text": "bad \\udc80 text here"}\n', "utf-8")
    with (folder / "hugeline.jsonl").open("wb") as out:
        out.write(b'{"text": "' + b"word " * (2 << 20) + b'"}\n')
    (folder / "garbage.warc").write_bytes(b"WARC/1.0\r\nthis is garbage\r\n\r\nmore garbage")
    write_warc(
        folder / "cut.warc.gz", [("https://example.com/1", page), ("https://example.com/2", page)]
    )
    cut = (folder / "cut.warc.gz").read_bytes()
    (folder / "cut.warc.gz").write_bytes(cut[: int(len(cut) * 0.75)])
    (folder / "late-nul.txt").write_bytes(b"Words and more words. " * 800 + b"\x00")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "data.xml").write_text('<?xml version="1.0"?><data><a>1</a></data>', "utf-8")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as out:
        out.write(("Un caffè a Milano\n\n" + good_text[:600]).encode("utf-8"))
    italian = "Città di Roma: perché il governo è caduto, dicono più fonti già ieri sera. "
    (folder / "latin1.txt").write_bytes((italian * 5).encode("latin-1"))
    (folder / "long.txt").write_text("A very long document\n\n" + "word " * 400_000, "utf-8")


@pytest.mark.slow
def test_hostile_batch(tmp_path: Path) -> None:
    texts = sorted(eval_path("quotes", "polnear", "train", "text").glob("*.txt"))[:TEXTS]
    pages = sorted(eval_path("extraction", "scrapinghub-aeb", "html").glob("*.html.gz"))[:PAGES]
    batch = tmp_path / "batch"
    batch.mkdir()
    for path in [*texts, *pages]:
        shutil.copy(path, batch / path.name)
    write_hostile(batch, texts[0].read_text("utf-8"), gzip.decompress(pages[0].read_bytes()))
    hostile_files = len(list(batch.iterdir())) - len(texts) - len(pages)
    assert hostile_files / (hostile_files + len(texts) + len(pages)) < 0.06

    started = time.monotonic()
    code, stderr, rss, cpu = run_cli(["ingest", str(batch), "--db", "batch.db"], tmp_path)
    took = time.monotonic() - started
    assert code == 0, stderr  # no crash: the batch ran to its end
    assert rss < INGEST_RSS_MB, f"ingest peaked at {rss:.0f} MB"
    with open_store(tmp_path / "batch.db") as store:
        rows = {a.source.removeprefix(f"{batch}/"): a for a in store.articles()}
    for name, reason in HOSTILE.items():
        if name == "corrupt.jsonl.gz":
            bad = [a for n, a in rows.items() if n.startswith(name) and a.status == "failed"]
            assert len(bad) == 1, [a.error for a in bad]
            continue
        assert name in rows, name
        if reason is None:
            assert rows[name].status == "ok", (name, rows[name].error)
        else:
            assert (rows[name].status, (rows[name].error or "")[: len(reason)]) == (
                "failed",
                reason,
            )
    # every good document is in (as itself, or as a duplicate of one that is)
    ok_names = {n for n, a in rows.items() if a.status == "ok"}
    missing = [p.name for p in [*texts, *pages] if p.name not in ok_names]
    failed_good = [(n, rows[n].error) for n in missing if n in rows]
    # a scrapinghub page may hold too little text for an article: failed with a reason
    assert all(error and error.startswith("empty:") for _, error in failed_good), failed_good
    assert len(missing) - len(failed_good) <= 3  # the rest are duplicates of a stored one
    failed = sum(a.status == "failed" for a in rows.values())
    print(
        f"\ningest: {hostile_files} hostile files among {len(texts) + len(pages)} real ones,"
        f" {len(rows)} rows ({failed} failed) in {took:.1f} s ({cpu:.1f} s CPU),"
        f" peak RSS {rss:.0f} MB"
    )

    # analyse a small subset, the long article with it, in one CLI run
    subset = tmp_path / "subset"
    subset.mkdir()
    for path in texts[1:3]:
        shutil.copy(path, subset / path.name)
    for name in ("long.txt", "latin1.txt"):
        shutil.copy(batch / name, subset / name)
    # the stages that read the whole text with a model (spaCy's parser refuses over 1,000,000
    # characters; the quote tagger), to keep the run short on a busy machine
    config = tmp_path / "stages.toml"
    config.write_text('[pipeline]\nstages = ["language.v1", "entities.v4", "quotes.v2"]\n')
    started = time.monotonic()
    code, stderr, rss, cpu = run_cli(
        ["analyze", str(subset), "--db", "subset.db", "--config", str(config)], tmp_path
    )
    assert code == 0, stderr
    assert rss < ANALYZE_RSS_MB, f"analyze peaked at {rss:.0f} MB"
    with open_store(tmp_path / "subset.db") as store:
        assert store.stage_failure_reasons() == []
        articles = store.articles(status="ok")
        assert len(articles) == 4
        runs = store.stage_runs()
        assert all(runs[a.id] for a in articles)  # every one went through the stages
    took = time.monotonic() - started
    print(f"analyze: 4 articles in {took:.1f} s ({cpu:.1f} s CPU), peak RSS {rss:.0f} MB")
