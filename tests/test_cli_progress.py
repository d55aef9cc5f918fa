"""Progress a person can follow when stderr is a log or a pipe: lines with done/total, rate
and time left, now and then, and one at the end."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from newstrace.cli.progress import ProgressLines, duration

from .conftest import SEEDS, eval_path
from .test_cli import run


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_lines_every_few_seconds_or_items() -> None:
    out, clock = io.StringIO(), Clock()
    lines = ProgressLines(
        "analysing", "articles", out, every_seconds=60, every_items=100, clock=clock
    )
    clock.now += 10
    lines.advance(32, 1000)
    assert out.getvalue() == ""  # neither a minute nor 100 articles yet
    clock.now += 50
    lines.advance(32, 1000)  # a minute since the start: 64 in 60 s
    assert (
        out.getvalue() == "analysing: 64/1000 articles (6%), 1.07 articles/s, about 14m 38s left\n"
    )
    for _ in range(4):  # 128 more articles, 4 s later: the item count triggers the line
        clock.now += 1
        lines.advance(32, 1000)
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("analysing: 192/1000 articles (19%), 3.00 articles/s, about 4m 29s left")
    clock.now += 1
    lines.advance(808, 1000)  # the last batch: no progress line, the closing one says it all
    lines.finish()
    assert out.getvalue().splitlines()[-1] == (
        "analysing: 1000/1000 articles (100%), 15.38 articles/s, done in 1m 05s"
    )


def test_unknown_total_and_nothing_done() -> None:
    out, clock = io.StringIO(), Clock()
    lines = ProgressLines(
        "ingesting", "documents", out, every_seconds=0, every_items=10, clock=clock
    )
    lines.finish()
    assert out.getvalue() == ""  # nothing done, nothing to say
    clock.now += 2
    lines.advance(1, note="feed.xml")
    assert out.getvalue() == "ingesting: 1 documents, 0.50 documents/s (feed.xml)\n"
    assert (duration(5), duration(125), duration(7260)) == ("5s", "2m 05s", "2h 01m")


def test_analyze_reports_progress_on_a_pipe(tmp_path: Path) -> None:
    config = tmp_path / "progress.toml"
    config.write_text("[pipeline]\nbatch_size = 1\nprogress_seconds = 0\n", "utf-8")
    result = run("analyze", str(SEEDS), "--db", "p.db", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(
        re.fullmatch(r"ingesting: 1 documents, [\d.]+ documents/s \(.+\.txt\)", x) for x in lines
    ), lines
    assert any(
        re.fullmatch(r"ingesting: 2 documents, [\d.]+ documents/s, done in \d+s", x) for x in lines
    )
    assert any(
        re.fullmatch(r"analysing: 1/2 articles \(50%\), [\d.]+ articles/s, about .+ left", x)
        for x in lines
    ), lines
    assert any(
        re.fullmatch(r"analysing: 2/2 articles \(100%\), [\d.]+ articles/s, done in .+", x)
        for x in lines
    ), lines
    assert "Ingest: 2 ok" in result.stdout  # the summary stays on stdout


def test_eval_reports_progress_on_a_pipe(tmp_path: Path) -> None:
    data = eval_path("stories", "ecbplus")  # one topic: a few short articles through the pipeline
    settings = "[pipeline]\nbatch_size = 2\nprogress_seconds = 0\n"
    (tmp_path / "newstrace.toml").write_text(settings, "utf-8")
    result = run("eval", "stories", "--data", str(data), "--limit", "1", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    n = json.loads(result.stdout)["n"]  # the result stays on stdout
    lines = result.stderr.splitlines()
    assert any(
        re.fullmatch(rf"scoring: 2/{n} documents \(\d+%\), [\d.]+ documents/s, about .+ left", x)
        for x in lines
    ), lines
    assert any(
        re.fullmatch(rf"scoring: {n}/{n} documents \(100%\), .+, done in .+", x) for x in lines
    )
