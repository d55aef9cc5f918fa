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

from ..actors.linking import shown_aliases
from ..actors.manage import ActorDetail
from ..kb import load_kb
from ..model import Actor, Article, IngestSummary, Quote, Story, StoryRelation, Tie
from ..pipeline import AnalyzeReport
from ..settings import PipelineSettings, shipped
from .progress import ProgressLines


def _lines(console: Console, verb: str, unit: str, settings: PipelineSettings) -> ProgressLines:
    return ProgressLines(
        verb,
        unit,
        console.file,
        every_seconds=settings.progress_seconds,
        every_items=settings.progress_articles,
    )


@contextmanager
def ingest_progress(
    console: Console, settings: PipelineSettings | None = None
) -> Iterator[Callable[[str], None]]:
    """A live bar on a terminal; elsewhere a line now and then (``progress_seconds``,
    ``progress_articles``)."""
    if not console.is_terminal:
        lines = _lines(console, "ingesting", "documents", settings or shipped().pipeline)
        yield lambda source: lines.advance(1, note=source[-60:])
        lines.finish()
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def tick(source: str) -> None:
            progress.update(task, advance=1, description=escape(source[-60:]))

        yield tick


@contextmanager
def analyze_progress(
    console: Console,
    settings: PipelineSettings | None = None,
    verb: str = "analysing",
    unit: str = "articles",
) -> Iterator[Callable[[int, int], None]]:
    """As ``ingest_progress``, with the total known: done/total, rate and time left."""
    if not console.is_terminal:
        lines = _lines(console, verb, unit, settings or shipped().pipeline)
        yield lambda done, total: lines.advance(done, total)
        lines.finish()
        return
    with Progress(
        TextColumn(verb),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
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
    if report.processed and report.runs != tuple((key, report.processed) for key in report.stages):
        # not every stage ran on every article: a new version, changed settings or --redo
        console.print("  articles per stage: " + ", ".join(f"{k} {n}" for k, n in report.runs))
    for article, stage, reason in report.failed:
        console.print(
            f"  [yellow]stage {stage} failed on article {article}[/yellow]: {escape(reason)}"
        )
    if report.held:
        console.print(
            f"  {report.held} article(s) left out: a stage failed on them before"
            " (analyze --redo STAGE tries again)"
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
                ", ".join(shown_aliases(actor["id"], actor["aliases"][:4], load_kb())),
            )
        console.print(actors)


def print_search(console: Console, hits: list[tuple[Article, str]]) -> None:
    if not hits:
        console.print("No match.")
        return
    table = Table("article", "title", "snippet")
    for article, snippet in hits:
        table.add_row(article.id, Text(article.heading), Text(snippet))
    console.print(table)


def print_eval(console: Console, result: dict[str, Any]) -> None:
    table = Table(
        "metric", "value", title=f"eval {result['task']} (n={result['n']})", title_justify="left"
    )
    for key, value in result.items():
        if key in ("task", "n", "per_type") or isinstance(value, dict):
            continue
        table.add_row(key, str(value))
    console.print(table)
    for key, value in result.items():
        if isinstance(value, dict) and key != "per_type":
            console.print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
    if "per_type" in result:
        per = Table("type", "precision", "recall", "f1", "support")
        for name, m in result["per_type"].items():
            per.add_row(
                name, str(m["precision"]), str(m["recall"]), str(m["f1"]), str(m["support"])
            )
        console.print(per)


def count(n: int, noun: str) -> str:
    """'1 quote', '3 quotes'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, an ellipsis marking what was cut; cut between
    words where a word ends in the last third."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    if space >= (width * 2) // 3 and not text[width - 1].isspace():
        head = head[:space]
    return head.rstrip() + "…"


def _label(article: Article | None, fallback: str) -> str:
    if article is None:
        return fallback
    return f"{article.outlet or article.source.rsplit('/', 1)[-1]} · {cut(article.heading, 60)}"


def story_dates(story: Story) -> str:
    """'2014-03-01 – 2014-03-05', one date when the story has one, or 'undated'."""
    if not story.first_date:
        return "undated"
    if story.last_date in (None, story.first_date):
        return story.first_date
    return f"{story.first_date} – {story.last_date}"


def print_stories(console: Console, stories: list[Story], articles: dict[str, Article]) -> None:
    if not stories:
        console.print("No stories yet: run `newstrace analyze`.")
        return
    table = Table(
        "story", "dates", "articles", "outlets", "title", title="Stories", title_justify="left"
    )
    for s in sorted(stories, key=lambda s: (-len(s.articles), s.first_date or "")):
        outlets = sorted({articles[a].outlet or "?" for a in s.articles if a in articles})
        dates = story_dates(s)
        table.add_row(
            s.id,
            dates,
            str(len(s.articles)),
            Text(cut(", ".join(outlets), 50)),
            Text(cut(s.title, 80)),
        )
    console.print(table)


def print_story(
    console: Console, story: Story, articles: dict[str, Article], comparison: dict[str, Any] | None
) -> None:
    console.print(Text(f"Story {story.id}: {story.title}", style="bold"))
    console.print(f"{len(story.articles)} article(s), {story_dates(story)}")
    table = Table("article", "outlet", "published", "lang", "title")
    for aid in story.articles:
        a = articles.get(aid)
        if a:
            table.add_row(
                aid,
                Text(a.outlet or "?"),
                a.published or "?",
                a.language or "?",
                Text(cut(a.heading, 70)),
            )
    console.print(table)
    if story.relations:
        print_reposts(console, [(story, r) for r in story.relations], articles)
    if comparison:
        print_shared_claims(console, comparison["shared"])
        for entry in comparison["unique"]:
            where = _label(articles.get(entry["article"]), entry["article"])
            if not entry["claims"]:
                console.print(Text(f"Only in {where}: none"))
                continue
            only = Table("kind", "claim", title=f"Only in {where}", title_justify="left")
            for c in entry["claims"]:
                only.add_row(c["kind"], Text(cut(c["text"], 160)))
            console.print(only)


def print_shared_claims(console: Console, shared: list[dict[str, Any]]) -> None:
    """Each pairing of claims that two outlets share, side by side, with its evidence: the
    cosine of the two sentences' embeddings (-1 to 1), the share of the lighter claim's
    evidence that both give (coverage, 0 to 1), and that evidence."""
    table = Table(
        "claim", "=", "claim", "evidence", title="Claims in several outlets", title_justify="left"
    )
    for group in shared:
        claims = group["claims"]
        for pair in group.get("pairs", []):
            a, b = (claims[k] for k in pair["claims"])
            evidence = [f"meaning: cosine {pair['similarity']:.2f}"]
            if "coverage" in pair:
                evidence.append(f"shared evidence: {pair['coverage']:.0%}")
            for key in ("words", "names", "numbers"):
                if pair.get(key):
                    evidence.append(f"{key}: {', '.join(pair[key][:6])}")
            if pair["actors"]:
                evidence.append(count(len(pair["actors"]), "shared actor"))
            table.add_row(
                Text(f"[{cut(a['outlet'] or a['article'], 40)}] {cut(a['text'], 160)}"),
                "=",
                Text(f"[{cut(b['outlet'] or b['article'], 40)}] {cut(b['text'], 160)}"),
                Text("\n".join(evidence)),
            )
    if not shared:
        table.add_row("No claim is carried by more than one outlet.", "", "", "")
    console.print(table)


def print_reposts(
    console: Console, relations: list[tuple[Story, StoryRelation]], articles: dict[str, Article]
) -> None:
    if not relations:
        console.print("No translations or republications found.")
        return
    table = Table(
        "copy",
        "kind",
        "source",
        "aligned",
        "translation signals",
        title="Relations",
        title_justify="left",
    )
    for _story, r in relations:
        ev = r.evidence or {}
        # Machine-translation artefacts are evidence of copying only where one article copies.
        signals = _signals_text(ev.get("signals", []), 60) if r.kind != "independent" else ""
        table.add_row(
            Text(_label(articles.get(r.article), r.article)),
            r.kind,
            Text(_label(articles.get(r.source_article), r.source_article)),
            f"{ev.get('share', 0):.0%}",
            Text(signals),
        )
    console.print(table)


def _signals_text(signals: list[dict[str, Any]], width: int) -> str:
    """The distinct signal texts, whole, as many as fit in ``width`` characters."""
    shown: list[str] = []
    texts = sorted({" ".join(s["text"].split()) for s in signals})
    for text in texts:
        if shown and len("; ".join([*shown, text])) > width:
            return "; ".join(shown) + f" (+{len(texts) - len(shown)} more)"
        shown.append(text)
    return "; ".join(shown)


def print_similar(
    console: Console, hits: list[tuple[str, float]], articles: dict[str, Article]
) -> None:
    if not hits:
        console.print("No other embedded article.")
        return
    table = Table("article", "similarity", "outlet · title")
    for aid, score in hits:
        table.add_row(aid, f"{score:.3f}", Text(_label(articles.get(aid), aid)))
    console.print(table)


def print_quotes(console: Console, quotes: list[Quote], actors: dict[str, Actor]) -> None:
    """Quotes grouped under their speakers, each with its cue and evidence position."""
    if not quotes:
        console.print(
            "no quotes (run `newstrace analyze` with the quotes.v2 stage; `--all` also lists"
            " beliefs, intentions, evaluations and speech without a speaker)"
        )
        return
    by_speaker: dict[str, list[Quote]] = {}
    for q in quotes:
        who = actors[q.speaker].name if q.speaker in actors else (q.speaker_text or "unattributed")
        by_speaker.setdefault(who, []).append(q)
    console.print(
        Text(f"{count(len(quotes), 'quote')} by {count(len(by_speaker), 'speaker')}", style="bold")
    )
    for who, items in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        kind = actors[items[0].speaker].type if items[0].speaker in actors else ""
        console.print(Text(f"\n{who}", style="bold"), Text(f"  {kind}"))
        for q in items:
            content = next((e for e in q.evidence if e.role == "content"), None)
            where = f"{q.article[:10]}:{content.start}-{content.end}" if content else q.article[:10]
            said = f" ({q.speaker_text})" if q.speaker_text and q.speaker_text != who else ""
            console.print(
                Text(f"  [{q.kind}] “{q.text}”"),
                Text(f"\n     {q.cue or '-'}{said}  {where}", style="dim"),
            )


def print_actors(console: Console, actors: list[Actor]) -> None:
    table = Table(title=f"{len(actors)} actors")
    for column in ("id", "name", "type", "mentions", "articles", "aliases"):
        table.add_column(column, overflow="fold")
    kb = load_kb()
    for a in actors:
        table.add_row(
            a.id[:10],
            Text(a.name),
            a.type,
            str(a.mentions),
            str(len(a.articles)),
            Text(", ".join(shown_aliases(a.id, a.aliases, kb))),
        )
    console.print(table)


def print_actor(console: Console, d: ActorDetail, limit: int = 10) -> None:
    a = d.actor
    console.print(Text(f"{a.name}", style="bold"), Text(f"  {a.type}  {a.id}"))
    console.print(Text("aliases: " + ", ".join(shown_aliases(a.id, a.aliases, load_kb()))))
    by_article = Counter(m.article for m in d.mentions)
    console.print(
        Text(
            f"{a.mentions} mentions in {len(by_article)} articles: "
            + ", ".join(f"{art[:10]} ({n})" for art, n in by_article.most_common())
        )
    )
    if d.roles:
        console.print(Text("roles:", style="bold"))
        for tie, other in d.roles:
            ev = tie.evidence[0] if tie.evidence else None
            where = f"  [{ev.article[:10]} {ev.start}-{ev.end}] “{ev.text}”" if ev else ""
            console.print(Text(f"  {tie.kind} {other}{where}"))
    console.print(Text("evidence:", style="bold"))
    for m in d.mentions[:limit]:
        text = d.texts.get(m.article, "")
        sentence = " ".join(text[m.sentence_start : m.sentence_end].split())
        console.print(Text(f"  [{m.article[:10]} {m.start}-{m.end}] {m.text!r}: {sentence[:200]}"))
    if len(d.mentions) > limit:
        console.print(Text(f"  ... and {len(d.mentions) - limit} more mentions"))


def _evidence_line(evidence: Any, role: str) -> str:
    ev = next((e for e in evidence if e.role == role), evidence[0] if evidence else None)
    return f"{ev.article[:10]}:{ev.start}-{ev.end}" if ev else ""


def confidence_text(confidence: float | None) -> Text:
    """How sure the reading is, beside the item ("" where it was read before confidences)."""
    return Text("") if confidence is None else Text(f" ({confidence:.2f})", style="cyan")


def hidden_note(console: Console, shown: int, total: int) -> None:
    """Says how many items fell below the confidence threshold, and how to see them."""
    if total > shown:
        console.print(
            Text(f"\n{total - shown} more below the confidence threshold (--all shows them)"),
            style="dim",
        )


def print_ties(console: Console, ties: list[Tie], names: dict[str, str]) -> None:
    """Ties grouped by kind: source -> target, date, denial, and the words that show it."""
    if not ties:
        console.print(
            "no ties (run `newstrace analyze` with the actors.v2 and relations.v1 stages)"
        )
        return
    console.print(Text(f"{len(ties)} ties", style="bold"))
    by_kind: dict[str, list[Tie]] = {}
    for t in ties:
        by_kind.setdefault(t.kind, []).append(t)
    for kind, items in sorted(by_kind.items()):
        console.print(Text(f"\n{kind}", style="bold"))
        for t in sorted(items, key=lambda t: (t.date or "", names.get(t.source, t.source))):
            denial = Text(" DENIED", style="bold red") if t.negated else Text("")
            when = f" [{t.date}]" if t.date else ""
            shown = next(
                (e for e in t.evidence if e.role == "relation"),
                t.evidence[0] if t.evidence else None,
            )
            console.print(
                Text(f"  {names.get(t.source, t.source)} → {names.get(t.target, t.target)}{when}"),
                denial,
                confidence_text(t.confidence),
                Text(
                    f"\n     “{shown.text if shown else ''}”  {_evidence_line(t.evidence, 'relation')}",
                    style="dim",
                ),
            )


POLARITY_STYLE = {"pro": "green", "anti": "red", "neutral": "yellow", "mixed": "magenta"}


def print_stances(console: Console, rows: list[Any], names: dict[str, str]) -> None:
    """Stances by actor: own positions first, then those that come through members."""
    if not rows:
        console.print("no stances (run `newstrace analyze` with the relations.v1 stage)")
        return
    through = sum(1 for row in rows if row.via)
    heading = count(len(rows) - through, "stance")
    if through:  # the analysis summary and the export count each stance once: its own
        heading += f", and {through} of them again under a party, through a member (via)"
    console.print(Text(heading, style="bold"))
    by_actor: dict[str, list[Any]] = {}
    for row in rows:
        by_actor.setdefault(row.actor, []).append(row)
    for actor, items in sorted(by_actor.items(), key=lambda kv: names.get(kv[0], kv[0])):
        console.print(Text(f"\n{names.get(actor, actor)}", style="bold"))
        for row in sorted(items, key=lambda r: (r.via is not None, r.stance.target)):
            st = row.stance
            via = f"  via {names.get(row.via, row.via)}" if row.via else ""
            shown = next(
                (e for e in st.evidence if e.role in ("content", "statement")),
                st.evidence[0] if st.evidence else None,
            )
            console.print(
                Text("  "),
                Text(f"{st.polarity:<7}", style=POLARITY_STYLE.get(st.polarity, "")),
                Text(f" {st.target}{via}"),
                confidence_text(st.confidence),
                Text(
                    f"\n     “{shown.text if shown else ''}”  {_evidence_line(st.evidence, 'target')}",
                    style="dim",
                ),
            )


def print_timeline(console: Console, name: str, items: list[Any]) -> None:
    if not items:
        console.print(f"no dated events or ties for {name}")
        return
    console.print(Text(f"{name}: {len(items)} dated items", style="bold"))
    for item in items:
        label = item.kind + (" (denied)" if item.negated else "")
        where = _evidence_line(item.evidence, "event" if item.kind == "event" else "relation")
        console.print(
            Text(f"  {item.date:<10} ", style="bold"),
            Text(f"{label:<12} "),
            Text(" ".join(item.text.split())),
            confidence_text(item.confidence),
            Text(f"  {where}", style="dim"),
        )
