"""What the CLI prints: rich tables for people, progress bars on stderr."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..model import Article, IngestSummary
from ..pipeline import AnalyzeReport


@contextmanager
def ingest_progress(console: Console) -> Iterator[Callable[[str], None]]:
    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=None)

        def tick(source: str) -> None:
            progress.update(task, advance=1, description=escape(source[-60:]))

        yield tick


@contextmanager
def analyze_progress(console: Console) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, advance=done, total=total)

        yield advance


def print_ingest(console: Console, result: IngestSummary) -> None:
    line = f"Ingest: [green]{len(result.ok)} ok[/green], {len(result.duplicates)} duplicate, "
    line += f"[red]{len(result.failures)} failed[/red]" if result.failures else "0 failed"
    if result.skipped:
        line += f", {len(result.skipped)} skipped (not an input format)"
    console.print(line)
    if result.failures:
        table = Table(
            "reason", "count", "example", title="Failures by reason", title_justify="left"
        )
        examples: dict[str, str] = {}
        for failure in result.failures:
            examples.setdefault(
                failure.reason.split(":", 1)[0], f"{failure.source}: {failure.reason}"
            )
        for reason, count in result.reasons().items():
            table.add_row(Text(reason), str(count), Text(examples[reason][:120]))
        console.print(table)


def print_analysis(console: Console, analysis: dict[str, Any], report: AnalyzeReport) -> None:
    ok = [a for a in analysis["articles"] if a["status"] == "ok"]
    languages = Counter(a["language"] or "unknown" for a in ok)
    console.print(
        f"Analysed {report.processed} article(s) with {', '.join(report.stages + report.corpus_stages)}"
    )
    table = Table(title="newstrace analysis", title_justify="left", show_header=False)
    table.add_row(
        "articles", f"{len(ok)} ({', '.join(f'{k} {v}' for k, v in languages.most_common())})"
    )
    types = Counter(a["type"] for a in analysis["actors"])
    table.add_row(
        "actors",
        f"{len(analysis['actors'])} ({', '.join(f'{k} {v}' for k, v in types.most_common())})",
    )
    for section in ("quotes", "ties", "stances", "events", "stories"):
        table.add_row(section, str(len(analysis[section])))
    failed = len(analysis["articles"]) - len(ok)
    if failed:
        table.add_row("failed inputs", str(failed))
    console.print(table)
    top = analysis["actors"][:12]
    if top:
        actors = Table(
            "actor",
            "type",
            "mentions",
            "aliases",
            title="Most mentioned actors",
            title_justify="left",
        )
        for actor in top:
            actors.add_row(
                actor["name"],
                actor["type"],
                str(actor["mentions"]),
                ", ".join(actor["aliases"][:4]),
            )
        console.print(actors)


def print_search(console: Console, hits: list[tuple[Article, str]]) -> None:
    if not hits:
        console.print("No match.")
        return
    table = Table("article", "title", "snippet")
    for article, snippet in hits:
        table.add_row(article.id, Text(article.title or article.source), Text(snippet))
    console.print(table)


def print_eval(console: Console, result: dict[str, Any]) -> None:
    table = Table(
        "metric", "value", title=f"eval {result['task']} (n={result['n']})", title_justify="left"
    )
    for key, value in result.items():
        if key in ("task", "n", "per_type"):
            continue
        table.add_row(key, str(value))
    console.print(table)
    if "per_type" in result:
        per = Table("type", "precision", "recall", "f1", "support")
        for name, m in result["per_type"].items():
            per.add_row(
                name, str(m["precision"]), str(m["recall"]), str(m["f1"]), str(m["support"])
            )
        console.print(per)
