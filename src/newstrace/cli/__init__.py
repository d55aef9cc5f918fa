"""The ``newstrace`` command: thin Typer commands over library functions.

Exit codes: 0 done; 1 nothing succeeded (every input failed, or there was none);
2 wrong usage; 3 a newstrace error (settings, store, pipeline, evaluation data).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..errors import NewstraceError, NotFound
from ..eval import TASK_NAMES
from ..model import Actor
from ..settings import Settings, load_settings
from ..store import Store
from ..store.query import looks_for_something
from . import summary
from .dashes import QueryCommand
from .helptext import reflow_help

app = typer.Typer(
    name="newstrace",
    help="Evidence-backed news intelligence: ingest articles, extract who said and did what, "
    "and export it with the text spans that show it.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a SQLite file or a postgresql:// URL (default: ./newstrace.db, or"
        " NEWSTRACE_DB).",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML) to use instead of ./newstrace.toml."),
]

OutletOption = Annotated[
    str | None, typer.Option(help="Outlet name for every input (default: the URL's domain).")
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private", help="Allow URLs on private, loopback and link-local addresses."
    ),
]
MaxBytesOption = Annotated[int | None, typer.Option(help="Largest document accepted, in bytes.")]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help=escape(
            "Show every item: also ties, stances and events read with less confidence than the"
            " [relations] thresholds (tie_threshold, stance_threshold, event_threshold) ask for,"
            " and every attribution (beliefs, intentions, evaluations, speech without a speaker),"
            " not only speech with a speaker."
        ),
    ),
]
RelationsAllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help=escape(
            "Show every item, also those read with less confidence than the [relations]"
            " thresholds (tie_threshold, stance_threshold, event_threshold) ask for."
        ),
    ),
]


@contextmanager
def handled() -> Iterator[None]:
    """A newstrace error becomes a one-line message and exit code 3."""
    try:
        yield
    except NewstraceError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(3) from e


def settings_for(config: Path | None, **flags: Any) -> Settings:
    return load_settings(flags, config_file=config)


@contextmanager
def opened(config: Path | None, db: str | None) -> Iterator[tuple[Settings, Store]]:
    """Settings and the open store of a read command, errors handled (exit code 3)."""
    from ..store import open_store

    with handled():
        settings = settings_for(config, db=db)
        _existing(settings.db)
        with open_store(settings.db) as store:
            yield settings, store


def _existing(db: str) -> None:
    """A read command on a SQLite file that is not there: a mistyped --db, not an empty store."""
    if db.startswith(("postgresql://", "postgres://")):
        return
    path = Path(db.removeprefix("sqlite:///"))
    if not path.exists():
        raise NotFound(
            f"no store at {path}: `newstrace analyze INPUTS --db {path}` makes one;"
            " or give the store's path with --db or NEWSTRACE_DB"
        )


def unique(candidates: Iterable[str], prefix: str, what: str) -> str:
    """The one candidate id starting with ``prefix``; exit 1 when none or several do."""
    matches = [c for c in candidates if c.startswith(prefix)]
    if len(matches) != 1:
        err.print(f"[red]error[/red] {len(matches)} {what} match {escape(prefix)!r}")
        raise typer.Exit(1)
    return matches[0]


def version_callback(value: bool) -> None:
    if value:
        out.print(f"newstrace {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """newstrace command line."""


def _ingest_flags(
    allow_private: bool, languages: str | None, max_bytes: int | None
) -> dict[str, Any]:
    return {
        "fetch": {"allow_private": allow_private or None},
        "languages": languages,
        "ingest": {"max_bytes": max_bytes},
    }


@app.command()
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, or - for stdin.")
    ],
    db: DbOption = None,
    outlet: OutletOption = None,
    allow_private: AllowPrivateOption = False,
    max_bytes: MaxBytesOption = None,
    config: ConfigOption = None,
) -> None:
    """Read articles into the store without analysing them."""
    from ..ingest import ingest as run_ingest
    from ..store import open_store

    with handled():
        settings = settings_for(config, db=db, **_ingest_flags(allow_private, None, max_bytes))
        with (
            open_store(settings.db) as store,
            summary.ingest_progress(err, settings.pipeline) as tick,
        ):
            result = run_ingest(inputs, store, settings, outlet=outlet, on_document=tick)
        summary.print_ingest(out, result)
    if not result.ok and not result.duplicates:
        raise typer.Exit(1)


@app.command()
def analyze(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders, globs, URLs, feeds, or - for stdin. Without any, analyse what the store holds."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write analysis.json and report.html here.")
    ] = None,
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Processes for the article stages (each loads its models once)."),
    ] = None,
    outlet: OutletOption = None,
    allow_private: AllowPrivateOption = False,
    languages: Annotated[
        str | None,
        typer.Option(help="Comma-separated languages the identifier may choose from."),
    ] = None,
    max_bytes: MaxBytesOption = None,
    engine: Annotated[
        str,
        typer.Option(
            help=escape(
                "local (this machine, --workers processes) or ray (Ray Data; "
                "pip install 'newstrace[ray]')."
            )
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            help="Ray cluster to use (auto, or ray://head:10001); default: start a local one.",
        ),
    ] = None,
    ray_cpus: Annotated[
        int | None,
        typer.Option("--ray-cpus", help="CPUs of the local Ray instance (default: all)."),
    ] = None,
    redo: Annotated[
        list[str] | None,
        typer.Option(
            "--redo",
            metavar="STAGE",
            help="Re-run this article stage (quotes, entities, ...) and what depends on it on every stored article, even where its version and settings are unchanged, and on the articles it failed on before (left out of other runs). Repeatable.",
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Run the corpus stages (actors, stories) over the whole store instead of over the new articles only, and rebuild their index.",
        ),
    ] = False,
    config: ConfigOption = None,
    everything: AllOption = False,
) -> None:
    """Ingest INPUTS, run the analysis stages on what is new, and export the result.

    Re-running on the same store processes only new articles and articles whose stages
    changed: a new version, or other settings (a changed value, or an edited cue, lexicon or
    knowledge-base file) than the store recorded when the stage ran. --redo forces a stage.
    The corpus stages place the new articles among the stored actors and stories; --rebuild
    runs them over the whole store.
    """
    from ..export import build_analysis, write_json
    from ..ingest import ingest as run_ingest
    from ..pipeline import analyze as run_analyze
    from ..pipeline import check_redo
    from ..report import write_report
    from ..stages.base import build_stages
    from ..store import open_store

    result = None
    with handled():
        settings = settings_for(
            config,
            db=db,
            pipeline={"workers": workers},
            **_ingest_flags(allow_private, languages, max_bytes),
        )
        if engine not in ("local", "ray"):
            err.print(f"[red]error[/red] --engine must be local or ray, not {escape(engine)!r}")
            raise typer.Exit(2)
        if redo:  # before any ingest, so a misspelt stage costs nothing
            check_redo(build_stages(list(settings.pipeline.stages), settings), redo)
        with open_store(settings.db) as store:
            if engine == "ray":
                from ..scale.ray_runner import RayOptions, ray_analyze, ray_ingest

                options = RayOptions(address=ray_address, num_cpus=ray_cpus, workers=workers)
                if inputs:
                    result = ray_ingest(inputs, store, settings, options, outlet=outlet)
                report = ray_analyze(store, settings, options, redo=redo or (), rebuild=rebuild)
            else:
                if inputs:
                    with summary.ingest_progress(err, settings.pipeline) as tick:
                        result = run_ingest(
                            inputs, store, settings, outlet=outlet, on_document=tick
                        )
                with summary.analyze_progress(err, settings.pipeline) as advance:
                    report = run_analyze(
                        store, settings, progress=advance, redo=redo or (), rebuild=rebuild
                    )
            analysis = build_analysis(store, settings, everything=everything)
            if result is not None:
                summary.print_ingest(out, result)
            summary.print_analysis(out, analysis, report)
            if out_dir is not None:
                json_path = write_json(analysis, out_dir / "analysis.json")
                html_path = write_report(analysis, out_dir / "report.html")
                out.print(f"Wrote [bold]{json_path}[/bold] and [bold]{html_path}[/bold]")
    if result is not None and not result.ok and not result.duplicates:
        raise typer.Exit(1)


EXPORT_FORMATS = ("json", "jsonl", "csv", "ftm", "gexf", "graphml")


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (one analysis document), jsonl (one item a line), csv (a folder of one "
            "file per section, and evidence.csv), ftm (FollowTheMoney entities as JSON lines, "
            "for Aleph), gexf or graphml (the actor network, for Gephi and networkx).",
        ),
    ] = "json",
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File, or folder for csv. Default: stdout, and ./export for csv.",
        ),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    everything: AllOption = False,
) -> None:
    """Export the store's analysis, with the evidence of each item: ties, stances and events
    whose confidence reaches the relations thresholds of the settings and quotes that are speech with a
    speaker, or everything with --all."""
    from ..export import build_analysis, write_csv, write_ftm, write_graph, write_json, write_jsonl
    from ..export.writers import iter_jsonl

    if fmt not in EXPORT_FORMATS:
        err.print(
            f"[red]error[/red] --format must be one of {', '.join(EXPORT_FORMATS)}, not "
            f"{escape(repr(fmt))}"
        )
        raise typer.Exit(2)
    with opened(config, db) as (settings, store):
        analysis = build_analysis(store, settings, everything=everything)
        texts = {a.id: a.text for a in store.articles(status="ok")} if fmt == "ftm" else {}
    with handled():
        if fmt == "csv":
            folder = write_csv(analysis, out_path or Path("export"))
            err.print(f"Wrote CSV files to {escape(str(folder))}")
            return
        if fmt in ("gexf", "graphml"):
            write_graph(analysis, fmt, out_path or sys.stdout.buffer)
        elif fmt == "ftm":
            write_ftm(analysis, out_path or sys.stdout, texts)
        elif out_path is None:
            if fmt == "json":
                sys.stdout.write(json.dumps(analysis, ensure_ascii=False, indent=2) + "\n")
            else:
                sys.stdout.writelines(iter_jsonl(analysis))
        else:
            (write_json if fmt == "json" else write_jsonl)(analysis, out_path)
        if out_path is not None:
            err.print(f"Wrote {escape(str(out_path))}")


@app.command(cls=QueryCommand)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Full-text query: words (all required), "a phrase", OR, -excluded'
            " (newstrace search Salvini -Putin). A word that only excludes needs one to look for."
        ),
    ],
    limit: Annotated[int, typer.Option(help="Most results to show.")] = 20,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Search article titles and texts."""
    text = " ".join(query)
    if not looks_for_something(text):
        raise typer.BadParameter(
            f"{text!r} only excludes: add a word to look for (newstrace search Salvini -Putin)",
            param_hint="QUERY",
        )
    with opened(config, db) as (_settings, store):
        hits = store.search(text, limit=limit)
    summary.print_search(out, hits)


@app.command()
def stories(
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List the stories: id, dates, articles, outlets and title."""
    with opened(config, db) as (_settings, store):
        summary.print_stories(out, store.stories(), {a.id: a for a in store.articles(status="ok")})


@app.command()
def story(
    story_id: Annotated[
        str, typer.Argument(help="A story id (or its first characters), from `newstrace stories`.")
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False,
) -> None:
    """One story: its articles by outlet, repost/translation relations, and the outlet
    comparison (claims shared by several outlets, and claims only one carries)."""
    from ..stories import compare_story

    with opened(config, db) as (settings, store):
        stories = {s.id: s for s in store.stories()}
        found = stories[unique(stories, story_id, "stories")]
        articles = {a.id: a for a in store.articles(ids=list(found.articles))}
        comparison = (
            compare_story(store, found, settings.stories) if len(found.articles) > 1 else None
        )
    if as_json:
        from dataclasses import asdict

        sys.stdout.write(
            json.dumps({**asdict(found), "comparison": comparison}, ensure_ascii=False, indent=2)
            + "\n"
        )
    else:
        summary.print_story(out, found, articles, comparison)


@app.command()
def reposts(
    of: Annotated[
        str | None,
        typer.Option(
            "--of", help="Only relations of this article (id or prefix), as copy or source."
        ),
    ] = None,
    all_kinds: Annotated[
        bool,
        typer.Option(
            "--all", help="Include independent reports, not only translations and republications."
        ),
    ] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Translations and republications: which article copies which, with the evidence."""
    from ..stories import repost_relations

    with opened(config, db) as (_settings, store):
        articles = {a.id: a for a in store.articles(status="ok")}
        relations = repost_relations(store, of, independent=all_kinds)
    summary.print_reposts(out, relations, articles)


@app.command()
def similar(
    article_id: Annotated[str, typer.Argument(help="An article id (or its first characters).")],
    limit: Annotated[int, typer.Option(help="How many to show.")] = 10,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """The articles nearest to one, in any language (cosine of multilingual embeddings; on
    PostgreSQL with pgvector, from its HNSW index)."""
    with opened(config, db) as (_settings, store):
        articles = {a.id: a for a in store.articles(status="ok")}
        hits = store.similar(unique(articles, article_id, "articles"), limit)
    summary.print_similar(out, hits, articles)


@app.command()
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", help="Only quotes by this actor (name, alias or id)."),
    ] = None,
    article: Annotated[
        str | None, typer.Option("--article", help="Only quotes in this article (id or prefix).")
    ] = None,
    contains: Annotated[
        str | None,
        typer.Option("--contains", help="Only quotes whose text contains this (any case)."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every attribution: beliefs, intentions, evaluations, other attributions and"
            " speech without a speaker too (by default only speech with a speaker).",
        ),
    ] = False,
) -> None:
    """Who said what: each quote with its speaker (named, a pronoun's antecedent, or an
    unnamed source with its descriptor), the cue, its kind (direct or reported speech; with
    --all also belief, intention, evaluation, other) and where it is."""
    from ..actors.manage import find_actor

    with handled(), opened(config, db) as (_settings, store):
        if article:
            article = unique((a.id for a in store.articles()), article, "articles")
        speakers = [find_actor(store, speaker).id] if speaker else []
        found = store.quotes(
            article=article, speakers=speakers, contains=contains, speech=not show_all
        )
        actors = {a.id: a for a in store.actors()}
    if as_json:
        from dataclasses import asdict

        for q in found:
            record = asdict(q) | {
                "speaker_name": actors[q.speaker].name if q.speaker in actors else None
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        summary.print_quotes(out, found, actors)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind. Any other than loopback (an empty or wildcard one "
            "included) needs NEWSTRACE_TOKEN for writes (ingest, merge, alias); without it, "
            "writes are off."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_private: AllowPrivateOption = False,
    config: ConfigOption = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="A host name that writes may name in their Host header besides the bound "
            "address (repeat for several), e.g. the name of a proxy in front. Writes under any "
            "other name are refused (DNS rebinding)."
        ),
    ] = None,
) -> None:
    """Open the workbench (web UI) and the JSON API (/api/, OpenAPI at /api/openapi.json)
    on the store the CLI writes."""
    import os

    import uvicorn

    from ..store import open_store
    from ..web import WebConfig, create_app
    from ..web.security import write_mode

    with handled():
        settings = settings_for(config, db=db, fetch={"allow_private": allow_private or None})
        with open_store(settings.db):  # fail now, with a clear message, if it cannot open
            pass
    token = os.environ.get("NEWSTRACE_TOKEN") or None
    mode = write_mode(host, token)
    err.print(
        f"newstrace serve: store [bold]{escape(str(settings.db))}[/bold] at http://{host}:{port}/"
        f" (writes: {mode})"
    )
    if mode == "closed":
        err.print("[yellow]warning[/yellow] set NEWSTRACE_TOKEN to allow writes on this address")
    uvicorn.run(
        create_app(
            WebConfig(settings, host=host, token=token, allowed_hosts=tuple(allowed_host or ()))
        ),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
    )


@app.command()
def stages() -> None:
    """List the registered analysis stages."""
    from ..stages import registered

    for key in registered():
        out.print(key)


actors_app = typer.Typer(
    help="List and inspect actors, and correct them: merge, split, add an alias, rename, retype,"
    " delete a false actor. Corrections "
    "are stored in the database and survive re-runs and new stage versions.",
    no_args_is_help=True,
)
alias_app = typer.Typer(help="Names an actor is also known by.", no_args_is_help=True)
actors_app.add_typer(alias_app, name="alias")
app.add_typer(actors_app, name="actors")
NameArg = Annotated[str, typer.Argument(help="An actor's name, alias or id (prefix).")]


@actors_app.command("list")
def actors_list(
    type: Annotated[
        str | None, typer.Option("--type", help="person, party, organization, state or place.")
    ] = None,
    article: Annotated[
        str | None, typer.Option("--article", help="Only actors mentioned in this article id.")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Actors with their type, mention counts and aliases, most mentioned first."""
    with opened(config, db) as (_settings, store):
        if article:
            article = unique((a.id for a in store.articles()), article, "articles")
        summary.print_actors(out, store.actors(type=type, article=article))


@actors_app.command("show")
def actors_show(name: NameArg, db: DbOption = None, config: ConfigOption = None) -> None:
    """One actor: aliases, roles with evidence, mention counts per article, evidence sentences."""
    from ..actors.manage import detail, find_actor

    with opened(config, db) as (_settings, store):
        summary.print_actor(out, detail(store, find_actor(store, name)))


def _corrected(
    config: Path | None, db: str | None, correct: Callable[[Store, Settings], Actor]
) -> None:
    """Apply one analyst correction to an actor and show the actor as it now is."""
    from ..actors.manage import detail

    with opened(config, db) as (settings, store):
        summary.print_actor(out, detail(store, correct(store, settings)), limit=3)


@actors_app.command("merge")
def actors_merge(
    a: NameArg,
    b: Annotated[str, typer.Argument(help="The actor to merge into the first.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Merge actor B into actor A (they are one identity)."""
    from ..actors.manage import merge

    _corrected(config, db, lambda store, settings: merge(store, settings, a, b))


@actors_app.command("split")
def actors_split(
    name: NameArg,
    alias: Annotated[str, typer.Argument(help="The alias whose mentions leave the actor.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Split an actor: the mentions written as ALIAS become an actor of their own."""
    from ..actors.manage import split

    _corrected(config, db, lambda store, settings: split(store, settings, name, alias))


@actors_app.command("rename")
def actors_rename(
    name: NameArg,
    new_name: Annotated[str, typer.Argument(help="The name the actor should carry.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Rename an actor; it keeps its id, aliases and mentions."""
    from ..actors.manage import rename

    _corrected(config, db, lambda store, settings: rename(store, settings, name, new_name))


@actors_app.command("retype")
def actors_retype(
    name: NameArg,
    kind: Annotated[
        str, typer.Argument(help="person, party, organization, state or place.", metavar="TYPE")
    ],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Set an actor's type (the type its mentions voted for is replaced)."""
    from ..actors.manage import retype

    _corrected(config, db, lambda store, settings: retype(store, settings, name, kind))


@actors_app.command("delete")
def actors_delete(name: NameArg, db: DbOption = None, config: ConfigOption = None) -> None:
    """Delete a false actor ("Awards", "Calif"): its mentions, also in articles analysed
    later, make no actor. The mentions stay in the store."""
    from ..actors.manage import delete

    with opened(config, db) as (settings, store):
        gone = delete(store, settings, name)
        out.print(
            f"deleted {escape(gone.name)} ({gone.id[:10]}):"
            f" {gone.mentions} mention(s) left without an actor"
        )


@alias_app.command("add")
def actors_alias_add(
    name: NameArg,
    alias: Annotated[str, typer.Argument(help="Another name of the actor.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Add an alias: mentions written that way (in any article) join the actor."""
    from ..actors.manage import add_alias, detail

    with opened(config, db) as (settings, store):
        summary.print_actor(out, detail(store, add_alias(store, settings, name, alias)), limit=3)


def _actor_names(store: Any) -> dict[str, str]:
    return {a.id: a.name for a in store.actors()}


def _texts(store: Any, evidence: Iterable[Any]) -> dict[str, str]:
    """The texts of the articles some evidence points into (for JSON output)."""
    ids = sorted({e.article for e in evidence})
    return {a.id: a.text for a in store.articles(ids=ids)} if ids else {}


@app.command()
def ties(
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only ties of this actor (name, alias or id).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="Only ties of this kind (visit, agreement, funding, member_of...)."
        ),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    everything: RelationsAllOption = False,
) -> None:
    """Typed ties between actors (visit, meeting, agreement, alliance, friendship, funding,
    roles...), each with its date where the text gives one, denials marked as denials, the
    sentence it was read from and its confidence. By default only the ties whose confidence
    reaches the setting relations.tie_threshold; --all shows every tie."""
    from ..actors.manage import find_actor
    from ..relations.shown import floors

    with handled(), opened(config, db) as (settings, store):
        actor_id = find_actor(store, actor).id if actor else None
        least = floors(settings.relations, everything).ties
        found = store.ties(actor=actor_id, kind=kind, min_confidence=least)
        total = len(found) if everything else len(store.ties(actor=actor_id, kind=kind))
        stored_kinds = sorted({t.kind for t in store.ties()}) if kind and not total else []
        names = _actor_names(store)
        texts = _texts(store, (e for t in found for e in t.evidence)) if as_json else {}
    if as_json:
        from ..export.analysis import evidence_dict, tie_dict

        for t in found:
            record = tie_dict(t, [evidence_dict(e, texts) for e in t.evidence]) | {
                "source_name": names.get(t.source, t.source),
                "target_name": names.get(t.target, t.target),
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif stored_kinds and kind not in stored_kinds:
        out.print(
            f"no ties of kind {escape(kind or '')!r}; the store has: {', '.join(stored_kinds)}"
        )
    else:
        if found or not total:
            summary.print_ties(out, found, names)
        summary.hidden_note(out, len(found), total)


@app.command()
def stances(
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only this actor's stances, and its members' (name or id)."),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help='Only stances toward this target ("NATO", "sanctions against Russia").'
        ),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    everything: RelationsAllOption = False,
) -> None:
    """Who stands where: each actor's position (pro, anti, neutral, mixed) toward a target,
    with the quote or sentence that shows it and its confidence. A member's or leader's stance
    also appears under their party, marked "via <member>". By default only the stances whose
    confidence reaches the setting relations.stance_threshold; --all shows every stance."""
    from ..actors.manage import find_actor
    from ..relations.lexicon import lexicon_for
    from ..relations.shown import floors
    from ..relations.views import stance_rows

    with handled(), opened(config, db) as (settings, store):
        actor_id = find_actor(store, actor).id if actor else None
        if target:
            target = lexicon_for(settings.relations).canonical_target(target)
        rows = stance_rows(store, actor_id, target, floors(settings.relations, everything))
        total = len(rows) if everything else len(stance_rows(store, actor_id, target))
        names = _actor_names(store)
        texts = _texts(store, (e for r in rows for e in r.stance.evidence)) if as_json else {}
    if as_json:
        from ..export.analysis import evidence_dict

        for row in rows:
            st = row.stance
            record = {
                "actor": row.actor,
                "actor_name": names.get(row.actor, row.actor),
                "target": st.target,
                "polarity": st.polarity,
                "confidence": st.confidence,
                "via": row.via,
                "via_name": names.get(row.via, row.via) if row.via else None,
                "id": st.id,
                "evidence": [evidence_dict(e, texts) for e in st.evidence],
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        if rows or not total:
            summary.print_stances(out, rows, names)
        summary.hidden_note(out, len(rows), total)


@app.command()
def timeline(
    name: Annotated[str, typer.Argument(help="The actor: a name, an alias or an id.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    everything: RelationsAllOption = False,
) -> None:
    """One actor's dated events and ties in date order, each with its evidence and
    confidence. By default only what reaches the relations thresholds of the settings; --all shows all."""
    from ..actors.manage import find_actor
    from ..relations.shown import floors
    from ..relations.views import timeline as build

    with handled(), opened(config, db) as (settings, store):
        who = find_actor(store, name)
        items = build(store, who.id, floors(settings.relations, everything))
        total = len(items) if everything else len(build(store, who.id))
        texts = _texts(store, (e for i in items for e in i.evidence)) if as_json else {}
    if as_json:
        from ..export.analysis import evidence_dict

        for item in items:
            record = {
                "date": item.date,
                "kind": item.kind,
                "text": item.text,
                "negated": item.negated,
                "confidence": item.confidence,
                "evidence": [evidence_dict(e, texts) for e in item.evidence],
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        if items or not total:
            summary.print_timeline(out, who.name, items)
        summary.hidden_note(out, len(items), total)


def known_task(task: str) -> str:
    """A task name eval knows; another is a usage error (exit 2) that lists them."""
    if task not in TASK_NAMES:
        raise typer.BadParameter(f"{task!r} is no eval task; the tasks: {', '.join(TASK_NAMES)}")
    return task


@app.command(name="eval")
def eval_cmd(
    task: Annotated[
        str,
        typer.Argument(
            callback=known_task,
            help="extraction (scrapinghub-aeb folder), ner (CoNLL IOB2 file or folder: CoNLL-2003,"
            " KIND, BSNLP), actors (a seed-actors TOML fixture), quotes (PolNeAR: the dataset"
            " folder, scored on dev, or one split's folder), stories (ECB+), reposts"
            " (Multi-CrossRE), sentiment (a NewsMTSC .jsonl file), relations (a newsrel folder"
            " with dev.jsonl: ties, stances, dated events on whole articles; or CrossRE"
            " news-dev.json) or dates (TempEval-3 TimeML: a .tml file or a folder of them,"
            " e.g. tempeval3-tbaq; relaxed_f1, value_accuracy, value_f1). stories on a"
            " scrapinghub-aeb folder is the negative check (share_grouped: pages in a"
            " multi-article story; share_wrongly_grouped: pages beside a page of another event,"
            " judged by hand); translations links Multi-CrossRE's translations, put back"
            " into articles, to their English sources. spellings scores the actors' merge"
            " decision on names in several spelling systems (a TOML file of same and"
            " different pairs, e.g. tests/fixtures/spellings.toml, or Multi-CrossRE's"
            " folder).",
        ),
    ],
    data: Annotated[
        Path, typer.Option("--data", help="Gold data: a file or folder, as the task expects.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of a table.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N items (pages, sentences).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help='ner: the recogniser to score ("newstrace", "spacy", "natasha", a path).'
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="ner: the language (default: from the data's path).")
    ] = None,
    extra: Annotated[
        Path | None,
        typer.Option(
            help="translations: a folder of .txt articles that are nobody's translation"
            " (e.g. examples/seeds), added as their own groups."
        ),
    ] = None,
    kinds: Annotated[
        str | None,
        typer.Option(
            help="quotes: 'speech' (default: what `newstrace quotes` lists, speech with a"
            " speaker, against PolNeAR's speech attributions) or 'all' (every attribution)."
        ),
    ] = None,
) -> None:
    """Score newstrace on gold data and print the metrics."""
    from ..eval import run_task

    options: dict[str, Any] = {"model": model} if model else {}
    if lang:
        options["lang"] = lang
    if extra:
        options["extra"] = extra
    if kinds:
        options["kinds"] = kinds
    with handled():
        pipeline = settings_for(None).pipeline
        with summary.analyze_progress(err, pipeline, "scoring", "documents") as advance:
            result = run_task(task, data, limit=limit, progress=advance, **options)
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        summary.print_eval(out, result)


@app.command()
def watch(
    inputs: Annotated[list[str], typer.Argument(help="Feeds, URLs, folders or files to watch.")],
    every: Annotated[
        str, typer.Option(help="Time between rounds: 30s, 10m, 1h, or seconds.")
    ] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Run one round and stop.")] = False,
    db: DbOption = None,
    outlet: OutletOption = None,
    allow_private: AllowPrivateOption = False,
    max_bytes: MaxBytesOption = None,
    config: ConfigOption = None,
) -> None:
    """Keep ingesting and analysing what is new in INPUTS, and alert on what the watch
    settings name.

    Each round fetches feeds and URLs with a conditional GET (ETag, Last-Modified), reads the
    new or changed files of folders, analyses what is new, and raises an alert for each new
    tie, stance, quote or story that names a watched actor, target or word: printed, appended
    to the watch settings' alerts_file, POSTed to their webhook (docs/watch.md). The store remembers where each source
    was, so a restart resumes without duplicates. Ctrl-C stops.
    """
    from ..store import open_store
    from ..watch import RoundReport, parse_every
    from ..watch import watch as run_watch

    def on_round(report: RoundReport) -> None:
        got = report.ingest
        done = report.analysis.processed if report.analysis else 0
        err.print(
            f"watch: {len(got.ok)} new, {len(got.duplicates)} duplicate, {len(got.failures)}"
            f" failed, {len(report.unchanged)} unchanged; {done} analysed;"
            f" {len(report.alerts)} alert(s)"
        )
        for failure in got.failures:
            err.print(f"[yellow]failed[/yellow] {escape(failure.source)}: {escape(failure.reason)}")
        for problem in report.problems:
            err.print(f"[yellow]alert delivery failed[/yellow] {escape(problem)}")

    try:
        seconds = parse_every(every)
    except NewstraceError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2) from e
    with handled():
        settings = settings_for(config, db=db, **_ingest_flags(allow_private, None, max_bytes))
        with open_store(settings.db) as store:
            try:
                run_watch(
                    inputs,
                    store,
                    settings,
                    every=seconds,
                    once=once,
                    outlet=outlet,
                    on_alert=lambda a: out.print(
                        f"[bold red]alert[/bold red] {a.kind} {escape(a.summary)}"
                        f" [dim]({escape(', '.join(a.matched))})[/dim]"
                    ),
                    on_round=on_round,
                )
            except KeyboardInterrupt:
                err.print("watch: stopped; the next run resumes where this one was")


reflow_help(app)


def main() -> None:
    app()
