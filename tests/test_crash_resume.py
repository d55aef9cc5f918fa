"""Crash safety: a real `newstrace analyze` process killed with SIGKILL mid-run, then started
again, ends with every article processed exactly once and no half-written article visible.
Runs on both backends."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newstrace.store import open_store

from .conftest import SEEDS

PER_ARTICLE = ("language", "entities", "embed")


def make_corpus(folder: Path) -> int:
    """One article per sentence-rich paragraph of the seeds: real text, ~70 articles."""
    folder.mkdir()
    n = 0
    for seed in sorted(SEEDS.glob("*.txt")):
        for paragraph in seed.read_text("utf-8").split("\n\n"):
            sentences = re.split(r"(?<=[.!?”])\s+", paragraph.strip())
            for sentence in sentences:
                if len(sentence) >= 60:
                    (folder / f"{n:03d}.txt").write_text(sentence, "utf-8")
                    n += 1
    return n


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newstrace", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(location: str) -> dict[str, Any]:
    with open_store(location) as store:
        ok = [a.id for a in store.articles(status="ok")]
        runs = {(r[0], r[1]) for r in store.x("SELECT article, stage FROM stage_runs").fetchall()}
        sentences = {
            r[0]: r[1]
            for r in store.x("SELECT article, COUNT(*) FROM sentences GROUP BY article").fetchall()
        }
        mentions = {
            r[0]: r[1]
            for r in store.x("SELECT article, COUNT(*) FROM mentions GROUP BY article").fetchall()
        }
        embedded = {r[0] for r in store.x("SELECT article FROM embeddings").fetchall()}
    return {
        "ok": ok,
        "runs": runs,
        "sentences": sentences,
        "mentions": mentions,
        "embedded": embedded,
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_minus_nine_then_resume(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    location = (
        str(tmp_path / "crash.db")
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    reference = (
        str(tmp_path / "reference.db")
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    corpus = tmp_path / "corpus"
    total = make_corpus(corpus)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSTRACE_")}
    env["NEWSTRACE_PIPELINE__BATCH_SIZE"] = "2"

    process = cli("analyze", str(corpus), "--db", location, env=env)
    killed_at = None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            done = len({a for a, stage in snapshot(location)["runs"] if stage == "embed"})
        except Exception:
            continue  # the store is still being created
        if 4 <= done < total - 10:
            process.send_signal(signal.SIGKILL)
            killed_at = done
            break
    process.wait(timeout=60)
    assert killed_at is not None, "the run ended before it could be killed mid-way"
    assert process.returncode == -signal.SIGKILL

    # No half-written article: each one has all its per-article outputs, or none of them.
    state = snapshot(location)
    for article in state["ok"]:
        stages = {s for a, s in state["runs"] if a == article}
        if stages:
            assert stages >= set(PER_ARTICLE), article
            assert state["sentences"].get(article) and article in state["embedded"]
        else:
            assert article not in state["sentences"] and article not in state["embedded"]
            assert article not in state["mentions"]

    resumed = cli("analyze", "--db", location, env=env)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert (
        f"Analysed {len(state['ok']) - len({a for a, s in state['runs'] if s == 'embed'})} article(s)"
        in out
    )

    clean = cli("analyze", str(corpus), "--db", reference, env=env)
    assert clean.wait(timeout=300) == 0
    after, expected = snapshot(location), snapshot(reference)
    assert len(after["ok"]) == len(expected["ok"]) == total
    assert {(a, s) for a, s in after["runs"] if s in PER_ARTICLE} == {
        (a, s) for a in after["ok"] for s in PER_ARTICLE
    }
    # Exactly once: the same outputs as an uninterrupted run, nothing lost or doubled.
    assert after["sentences"] == expected["sentences"]
    assert after["mentions"] == expected["mentions"]
    assert after["embedded"] == set(after["ok"])
