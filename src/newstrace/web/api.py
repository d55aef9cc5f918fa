"""The JSON API under ``/api/``. Every list is cursor-paged with no cap on the whole
(``?cursor=`` from the previous page's ``next``) and streams whole as JSONL with
``?format=jsonl`` or as CSV with ``?format=csv``. Actors and articles in filters are taken as
the CLI takes them (a name, an alias, an id or its first characters): an unknown one is a 404,
one that several answer to a 409 listing the candidates. Errors have one shape:
``{"error": {"code", "message"}}``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from ..store import Store, open_store
from . import paging, views
from .deps import config_of, get_store, write_access
from .errors import ApiError, ErrorBody, not_found
from .jobs import Pasted
from .lookup import resolve_actor, resolve_article
from .shown import FloorsDep
from .uploads import save_uploads

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A bad cursor or limit."},
    404: {"model": ErrorBody, "description": "Not found: the item, or a name in a filter."},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type."},
}
NAMED: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorBody,
        "description": "A name several actors or articles answer to; `candidates` lists them.",
    }
}
LIST: dict[int | str, dict[str, Any]] = {  # a list also streams whole as JSONL or CSV
    200: {
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
        }
    }
}
LIST_NAMED = {**LIST, **NAMED}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

Cursor = Annotated[str | None, Query(description="`next` of the previous page.")]
# ?all=1: every attribution (beliefs, evaluations, speech without a speaker), not only speech
# with a speaker (newstrace.quotes.kinds)
AllQuotes = Annotated[
    bool,
    Query(
        alias="all",
        description="Every attribution (belief, intention, evaluation, other, and speech"
        " without a speaker), not only speech with a speaker.",
    ),
]
Limit = Annotated[
    int | None,
    Query(
        description=f"Items per page (1–{paging.MAX_LIMIT}, default 50).",
        # documented, and checked by paging (a 400 bad_limit, not a 422)
        json_schema_extra={"minimum": 1, "maximum": paging.MAX_LIMIT},
    ),
]
Format = Annotated[
    Literal["json", "jsonl", "csv"],
    Query(
        description="`jsonl` streams every item of the list, one JSON object per line; `csv` "
        "every item as a CSV row (names beside actor ids, dates as ISO days, the main "
        "evidence span in columns)."
    ),
]
ActorName = Annotated[
    str | None, Query(description="An actor: name, alias or id, as the CLI takes it.")
]
ArticleId = Annotated[str | None, Query(description="An article id or its first characters.")]


StoreDep = Annotated[Store, Depends(get_store)]


class Listing:
    """The paging parameters every list shares, and the response: a page (keyset on ``key``,
    by default the item's ``id``; by offset for ranked lists, ``key=None``), or the whole list
    as streamed JSONL."""

    def __init__(
        self,
        request: Request,
        store: StoreDep,
        cursor: Cursor = None,
        limit: Limit = None,
        format: Format = "json",
    ) -> None:
        self.location = config_of(request).settings.db
        self.store = store
        self.cursor = cursor
        self.limit = limit
        self.format = format

    def respond(
        self,
        fetch: Callable[[Store, Any, int], list[Any]],
        dump: Callable[[Any], dict[str, Any]] = views.record,
        key: Callable[[Any], Any] | None = attrgetter("id"),
        section: str = "",
    ) -> Any:
        """``section`` names the list for CSV (ties, quotes ...: which columns hold actor ids)."""
        if self.format in ("jsonl", "csv"):
            location, fmt = self.location, self.format

            def stream() -> Iterator[bytes]:
                with open_store(location) as own:  # the request's store closes before streaming
                    items = paging.walk(lambda after, n: fetch(own, after, n), key)
                    if fmt == "jsonl":
                        yield from paging.jsonl(dump(i) for i in items)
                    else:
                        names = {a.id: a.name for a in own.actors()}
                        yield from paging.csv_rows((dump(i) for i in items), section, names)

            media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
            return StreamingResponse(stream(), media_type=media)
        limit = paging.check_limit(self.limit)
        page = (
            paging.keyset_page(
                lambda after, n: fetch(self.store, after, n), key, self.cursor, limit
            )
            if key
            else paging.offset_page(
                lambda offset, n: fetch(self.store, offset, n), self.cursor, limit
            )
        )
        return {"items": [dump(i) for i in page.items], "next": page.next}


ListDep = Annotated[Listing, Depends()]


@router.get("/overview", summary="Counts of everything in the store")
def api_overview(store: StoreDep) -> dict[str, Any]:
    return {"counts": store.counts(), "languages": store.languages()}


@router.get("/articles", summary="Articles (failed ones too, with their reason)", responses=LIST)
def api_articles(
    listing: ListDep, status: Annotated[Literal["ok", "failed"] | None, Query()] = None
) -> Any:
    return listing.respond(
        lambda s, after, n: s.articles(status=status, after=after, limit=n),
        views.article_summary,
    )


@router.get("/articles/{article_id}", summary="One article with its text, mentions and quotes")
def api_article(article_id: str, store: StoreDep, show_all: AllQuotes = False) -> dict[str, Any]:
    article = store.get_article(article_id)
    if article is None:
        raise not_found("article", article_id)
    return {
        **views.article_summary(article),
        "text": article.text,
        "mentions": [views.record(m) for m in store.mentions(article=article_id)],
        "quotes": [views.record(q) for q in store.quotes(article=article_id, speech=not show_all)],
        "story": store.story_of(article_id),
    }


@router.get("/actors", summary="Actors (canonical identities), by id", responses=LIST_NAMED)
def api_actors(
    listing: ListDep,
    type: Annotated[str | None, Query(description="person, party, organization, …")] = None,
    article: ArticleId = None,
) -> Any:
    article = resolve_article(listing.store, article) if article else None
    return listing.respond(
        lambda s, after, n: s.actors(type=type, article=article, after=after, limit=n),
        section="actors",
    )


@router.get("/actors/{actor_id}", summary="One actor: aliases, roles, quotes, ties, timeline")
def api_actor(actor_id: str, store: StoreDep, shown: FloorsDep) -> dict[str, Any]:
    page = views.actor_page(store, actor_id, shown)
    return {
        **views.record(page["actor"]),
        "roles": [{**views.record(t), "other": other} for t, other in page["roles"]],
        "quotes": [views.record(q) for q in page["quotes"]],
        "ties": [views.record(t) for t in page["ties"]],
        "stances": [{**views.record(r.stance), "via": r.via} for r in page["stances"]],
        "events": [views.record(e) for e in page["events"]],
        "timeline": [
            {"date": x["date"], "kind": x["kind"], "id": x["item"].id} for x in page["timeline"]
        ],
    }


@router.get("/quotes", summary="Quotes with their speakers and evidence", responses=LIST_NAMED)
def api_quotes(
    listing: ListDep,
    speaker: ActorName = None,
    article: ArticleId = None,
    contains: Annotated[
        str | None, Query(description="Only quotes whose text contains this (any case).")
    ] = None,
    show_all: AllQuotes = False,
) -> Any:
    speaker = resolve_actor(listing.store, speaker) if speaker else None
    article = resolve_article(listing.store, article) if article else None
    return listing.respond(
        lambda s, after, n: s.quotes(
            article=article,
            speakers=[speaker] if speaker else (),
            contains=contains,
            after=after,
            limit=n,
            speech=not show_all,
        ),
        section="quotes",
    )


@router.get(
    "/ties", summary="Typed ties between actors (denials have negated=true)", responses=LIST_NAMED
)
def api_ties(
    listing: ListDep,
    shown: FloorsDep,
    actor: Annotated[
        str | None, Query(description="An actor at either end: name, alias or id.")
    ] = None,
    kind: Annotated[
        str | None, Query(description="visit, agreement, funding, member_of, …")
    ] = None,
) -> Any:
    actor = resolve_actor(listing.store, actor) if actor else None
    least = shown.ties
    return listing.respond(
        lambda s, after, n: s.ties(
            actor=actor, kind=kind, after=after, limit=n, min_confidence=least
        ),
        section="ties",
    )


@router.get("/stances", summary="Stances of actors toward targets", responses=LIST_NAMED)
def api_stances(
    listing: ListDep,
    request: Request,
    shown: FloorsDep,
    actor: ActorName = None,
    target: Annotated[
        str | None,
        Query(description='A target or an alias of one ("NATO", "Russia sanctions").'),
    ] = None,
) -> Any:
    from ..relations.lexicon import lexicon_for

    actor = resolve_actor(listing.store, actor) if actor else None
    if target:
        target = lexicon_for(config_of(request).settings.relations).canonical_target(target)
    least = shown.stances
    return listing.respond(
        lambda s, after, n: s.stances(
            actor=actor, target=target, after=after, limit=n, min_confidence=least
        ),
        section="stances",
    )


@router.get("/events", summary="Dated events reported by articles", responses=LIST_NAMED)
def api_events(listing: ListDep, shown: FloorsDep, actor: ActorName = None) -> Any:
    actor = resolve_actor(listing.store, actor) if actor else None
    least = shown.events
    return listing.respond(
        lambda s, after, n: s.events(actor=actor, after=after, limit=n, min_confidence=least),
        section="events",
    )


@router.get(
    "/timeline",
    summary="One actor's dated events and ties in date order, with evidence",
    responses=LIST_NAMED,
)
def api_timeline(
    listing: ListDep,
    shown: FloorsDep,
    actor: Annotated[str, Query(min_length=1, description="The actor: name, alias or id.")],
) -> Any:
    from ..relations.views import timeline

    who = resolve_actor(listing.store, actor)
    return listing.respond(
        lambda s, offset, n: timeline(s, who, shown)[offset : offset + n],
        views.record,
        key=None,
        section="timeline",
    )


@router.get(
    "/stories",
    summary="Stories: articles about one event, with their relations",
    responses=LIST,
)
def api_stories(listing: ListDep) -> Any:
    return listing.respond(lambda s, after, n: s.stories(after=after, limit=n), section="stories")


@router.get(
    "/reposts",
    summary="Translations and republications, each with its source article and evidence",
    responses=LIST_NAMED,
)
def api_reposts(
    listing: ListDep,
    of: Annotated[
        str | None, Query(description="Only relations of this article (id or prefix).")
    ] = None,
    all: Annotated[
        bool, Query(description="Include independent reports, not only copies.")
    ] = False,
) -> Any:
    from ..stories import repost_relations

    of = resolve_article(listing.store, of) if of else None
    return listing.respond(
        lambda s, offset, n: repost_relations(s, of, independent=all)[offset : offset + n],
        lambda pair: {"story": pair[0].id, **views.record(pair[1])},
        key=None,
        section="reposts",
    )


@router.get(
    "/articles/{article_id}/similar",
    summary="The articles nearest to one, in any language, with their similarity",
    responses=NAMED,
)
def api_similar(
    article_id: str,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="How many.")] = 10,
) -> dict[str, Any]:
    found = resolve_article(store, article_id)
    hits = store.similar(found, limit)
    articles = {a.id: a for a in store.articles(ids=[i for i, _ in hits])}
    return {
        "items": [
            {**views.article_summary(articles[i]), "similarity": score}
            for i, score in hits
            if i in articles
        ],
        "next": None,
    }


@router.get("/stories/{story_id}", summary="One story with its outlet comparison")
def api_story(story_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    page = views.story_page(store, config_of(request).settings, story_id)
    return {**views.record(page["story"]), "comparison": page["comparison"]}


@router.get("/network", summary="Actors and ties as graph data, with evidence on each edge")
def api_network(
    store: StoreDep,
    shown: FloorsDep,
    kind: Annotated[list[str] | None, Query()] = None,
    since: Annotated[str | None, Query(description="ISO date or prefix (2015, 2015-03).")] = None,
    until: Annotated[str | None, Query(description="ISO date or prefix, inclusive.")] = None,
    type: Annotated[list[str] | None, Query(description="Actor types to keep.")] = None,
) -> dict[str, Any]:
    return views.network(store, kinds=kind, since=since, until=until, types=type, least=shown.ties)


@router.get(
    "/search", summary="Full-text search with facets and highlighted snippets", responses=LIST_NAMED
)
def api_search(
    listing: ListDep,
    q: Annotated[str, Query(min_length=1, description='words, "a phrase", OR, -word')],
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: ActorName = None,
) -> Any:
    from ..store.base import SearchFilters

    actor = resolve_actor(listing.store, actor) if actor else None
    filters = SearchFilters(outlet, language, since, until, actor)

    def dump(hit: Any) -> dict[str, Any]:
        article, snippet = hit
        return {**views.article_summary(article), "snippet": views.snippet_text(snippet)}

    out = listing.respond(
        lambda s, offset, n: s.search(
            q, limit=n, offset=offset, marks=views.MARKS, filters=filters
        ),
        dump,
        key=None,
    )
    if isinstance(out, dict):
        out["facets"] = listing.store.search_facets(q, filters)
    return out


# ---- writes ---------------------------------------------------------------------------------


class PastedIn(BaseModel):
    text: str = Field(min_length=1, description="The article text.")
    title: str | None = None
    outlet: str | None = None
    url: str | None = Field(None, description="Where it was copied from (metadata only).")


class IngestIn(BaseModel):
    articles: list[PastedIn] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list, description="Fetched with the SSRF limits.")


@router.post("/ingest", status_code=202, summary="Ingest and analyse pasted texts and URLs")
def api_ingest(
    body: IngestIn, request: Request, _: Annotated[None, Depends(write_access)]
) -> dict[str, Any]:
    if not body.articles and not body.urls:
        raise ApiError(400, "nothing_to_ingest", "give articles or urls")
    jobs = request.app.state.jobs
    job = jobs.submit(
        "api",
        pasted=[Pasted(a.text, a.title, a.outlet, a.url) for a in body.articles],
        urls=body.urls,
    )
    return job.as_dict()


@router.post("/ingest/files", status_code=202, summary="Ingest and analyse uploaded files")
async def api_ingest_files(
    request: Request, files: list[UploadFile], _: Annotated[None, Depends(write_access)]
) -> dict[str, Any]:
    settings = config_of(request).settings
    folder, failures = await save_uploads(files, settings.ingest.max_bytes)
    job = request.app.state.jobs.submit("api upload", folder=folder, failures=failures)
    return dict(job.as_dict())


@router.get("/jobs/{job_id}", summary="Progress and failures of an ingest job")
def api_job(job_id: str, request: Request) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise not_found("job", job_id)
    return dict(job.as_dict())


class MergeIn(BaseModel):
    a: str = Field(description="Actor id or name; the merged actor keeps this one's name.")
    b: str


class AliasIn(BaseModel):
    alias: str = Field(min_length=1)


@router.post("/actors/merge", summary="Merge two actors (a correction that survives re-runs)")
def api_merge(
    body: MergeIn, request: Request, store: StoreDep, _: Annotated[None, Depends(write_access)]
) -> dict[str, Any]:
    from ..actors.manage import merge

    return views.record(merge(store, config_of(request).settings, body.a, body.b))


@router.post("/actors/{actor_id}/aliases", summary="Add an alias to an actor")
def api_alias(
    actor_id: str,
    body: AliasIn,
    request: Request,
    store: StoreDep,
    _: Annotated[None, Depends(write_access)],
) -> dict[str, Any]:
    from ..actors.manage import add_alias

    actor = views.actor_or_404(store, actor_id)
    return views.record(add_alias(store, config_of(request).settings, actor.id, body.alias))


class CorrectionIn(BaseModel):
    """One of an actor's corrections: ``split`` (needs ``alias``), ``rename`` (needs
    ``name``), ``retype`` (needs ``type``) or ``delete`` (a false actor)."""

    kind: Literal["split", "rename", "retype", "delete"]
    alias: str | None = Field(default=None, min_length=1)
    name: str | None = Field(default=None, min_length=1)
    type: str | None = Field(default=None, min_length=1)


@router.post(
    "/actors/{actor_id}/corrections",
    summary="Split, rename, retype or delete an actor (corrections that survive re-runs)",
)
def api_correct(
    actor_id: str,
    body: CorrectionIn,
    request: Request,
    store: StoreDep,
    _: Annotated[None, Depends(write_access)],
) -> dict[str, Any]:
    """The actor after the correction; after ``delete``, the actor as it was, with
    ``deleted: true``."""
    from ..actors import manage

    actor = views.actor_or_404(store, actor_id)
    settings = config_of(request).settings
    needed = {"split": body.alias, "rename": body.name, "retype": body.type, "delete": ""}
    value = needed[body.kind]
    if value is None:
        field = {"split": "alias", "rename": "name", "retype": "type"}[body.kind]
        raise ApiError(422, "invalid_request", f"a {body.kind} needs {field!r}")
    if body.kind == "delete":
        return {**views.record(manage.delete(store, settings, actor.id)), "deleted": True}
    change = {"split": manage.split, "rename": manage.rename, "retype": manage.retype}[body.kind]
    return views.record(change(store, settings, actor.id, value))


@router.get("/{rest:path}", include_in_schema=False)
def api_unknown(rest: str) -> None:
    raise ApiError(404, "not_found", f"no API endpoint /api/{rest}")
