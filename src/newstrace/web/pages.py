"""The workbench's HTML pages. Templates are autoescaped; the only markup built in Python is
the highlighted article text and search snippets, escaped piece by piece in ``views``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import ACTOR_TYPES
from ..store import Store
from ..store.query import looks_for_something
from . import paging, views
from .deps import config_of, get_store, write_access
from .errors import ApiError, not_found
from .jobs import Pasted
from .shown import FloorsDep
from .uploads import save_uploads

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(
        loader=PackageLoader("newstrace.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
templates.env.globals["label"] = views.article_label
templates.env.globals["aliases"] = views.actor_aliases
StoreDep = Annotated[Store, Depends(get_store)]
PAGE = 50


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    config = config_of(request)
    context.setdefault("writes", config.writes)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "overview.html.j2", page="overview", **views.overview(store))


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, store: StoreDep) -> HTMLResponse:
    items = sorted(store.stories(), key=lambda s: s.last_date or "", reverse=True)
    ids = [a for s in items for a in s.articles]
    articles = {a.id: a for a in store.articles(ids=ids)}
    return render(request, "stories.html.j2", page="stories", stories=items, articles=articles)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(story_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    data = views.story_page(store, config_of(request).settings, story_id)
    return render(request, "story.html.j2", page="stories", **data)


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    store: StoreDep,
    status: Annotated[str | None, Query()] = None,
    cursor: str | None = None,
) -> HTMLResponse:
    status = status if status in ("ok", "failed") else None
    page = paging.keyset_page(
        lambda after, n: store.articles(status=status, after=after, limit=n),
        lambda a: a.id,
        cursor,
        PAGE,
    )
    return render(
        request,
        "articles.html.j2",
        page="articles",
        items=page.items,
        next=page.next,
        status=status,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    article_id: str,
    request: Request,
    store: StoreDep,
    ev: str | None = None,
    show_all: Annotated[bool, Query(alias="all")] = False,
) -> HTMLResponse:
    return render(
        request,
        "article.html.j2",
        page="articles",
        **views.article_page(store, article_id, ev, show_all),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors(
    request: Request,
    store: StoreDep,
    type: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
    deleted: str | None = None,
) -> HTMLResponse:
    type = type if type in ACTOR_TYPES else None
    if q:
        items = [a for a, _ in store.find_actors(q, limit=PAGE) if not type or a.type == type]
        nxt = None
    else:
        page = paging.keyset_page(
            lambda after, n: store.actors(type=type, after=after, limit=n),
            lambda a: a.id,
            cursor,
            PAGE,
        )
        items, nxt = page.items, page.next
    return render(
        request,
        "actors.html.j2",
        page="actors",
        items=items,
        next=nxt,
        type=type,
        q=q or "",
        types=ACTOR_TYPES,
        deleted=deleted,
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(actor_id: str, request: Request, store: StoreDep, shown: FloorsDep) -> HTMLResponse:
    from ..actors.resolve import ACTOR_TYPES as CORRECTABLE

    return render(
        request,
        "actor.html.j2",
        page="actors",
        correctable_types=sorted(CORRECTABLE),
        **views.actor_page(store, actor_id, shown),
    )


@router.post("/actors/{actor_id}/merge")
def actor_merge(
    actor_id: str,
    request: Request,
    store: StoreDep,
    other: Annotated[str, Form(min_length=1)],
    _: Annotated[None, Depends(write_access)],
) -> Response:
    from ..actors.manage import merge

    actor = views.actor_or_404(store, actor_id)
    merged = merge(store, config_of(request).settings, actor.id, other)
    return RedirectResponse(f"/actors/{merged.id}", status_code=303)


@router.post("/actors/{actor_id}/alias")
def actor_alias(
    actor_id: str,
    request: Request,
    store: StoreDep,
    alias: Annotated[str, Form(min_length=1)],
    _: Annotated[None, Depends(write_access)],
) -> Response:
    from ..actors.manage import add_alias

    actor = views.actor_or_404(store, actor_id)
    updated = add_alias(store, config_of(request).settings, actor.id, alias)
    return RedirectResponse(f"/actors/{updated.id}", status_code=303)


@router.post("/actors/{actor_id}/delete")
def actor_delete(
    actor_id: str,
    request: Request,
    store: StoreDep,
    _: Annotated[None, Depends(write_access)],
) -> Response:
    from ..actors.manage import delete

    actor = views.actor_or_404(store, actor_id)
    gone = delete(store, config_of(request).settings, actor.id)
    return RedirectResponse(f"/actors?{urlencode({'deleted': gone.name})}", status_code=303)


# after the merge, alias and delete routes, which the same path shape would catch
@router.post("/actors/{actor_id}/{kind}")
def actor_correct(
    actor_id: str,
    kind: Literal["split", "rename", "retype"],
    request: Request,
    store: StoreDep,
    value: Annotated[str, Form(min_length=1)],
    _: Annotated[None, Depends(write_access)],
) -> Response:
    """Split off an alias, rename or retype: the actor page's forms (``value`` is the alias,
    the new name or the type)."""
    from ..actors import manage

    change = {"split": manage.split, "rename": manage.rename, "retype": manage.retype}[kind]
    actor = views.actor_or_404(store, actor_id)
    updated = change(store, config_of(request).settings, actor.id, value)
    return RedirectResponse(f"/actors/{updated.id}", status_code=303)


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request,
    store: StoreDep,
    shown: FloorsDep,
    kind: Annotated[list[str] | None, Query()] = None,
    since: str | None = None,
    until: str | None = None,
    type: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    data = views.network(store, kinds=kind, since=since, until=until, types=type, least=shown.ties)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    query = str(request.url.query)
    return render(
        request,
        "network.html.j2",
        page="network",
        data=data,
        names=names,
        kind=kind or [],
        since=since or "",
        until=until or "",
        type=type or [],
        types=ACTOR_TYPES,
        api=f"/api/network?{query}" if query else "/api/network",
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    store: StoreDep,
    q: str = "",
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    from ..store.base import SearchFilters

    filters = SearchFilters(
        outlet or None, language or None, since or None, until or None, actor or None
    )
    hits: list[Any] = []
    nxt = None
    facets: dict[str, Any] = {}
    actor_names: dict[str, str] = {}
    if q.strip():
        page = paging.offset_page(
            lambda offset, n: store.search(
                q, limit=n, offset=offset, marks=views.MARKS, filters=filters
            ),
            cursor,
            PAGE,
        )
        hits = [(a, views.snippet_html(s)) for a, s in page.items]
        nxt = page.next
        facets = store.search_facets(q, filters)
        ids = [a for a, _ in facets["actor"]] + ([actor] if actor else [])
        actor_names = {a.id: a.name for a in store.actors(ids=ids)}
    current = {"q": q, **asdict(filters)}

    def link(**change: str) -> str:
        params = {k: v for k, v in {**current, **change}.items() if v}
        return "/search?" + urlencode(params)

    template = "search_results.html.j2" if request.headers.get("hx-request") else "search.html.j2"
    return render(
        request,
        template,
        page="search",
        q=q,
        hits=hits,
        next=nxt,
        facets=facets,
        filters=filters,
        actor_names=actor_names,
        link=link,
        only_excludes=bool(q.strip()) and not looks_for_something(q),
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    return render(request, "ingest.html.j2", page="ingest", jobs=request.app.state.jobs.recent())


@router.post("/ingest")
async def ingest_submit(
    request: Request,
    _: Annotated[None, Depends(write_access)],
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    urls: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, Form()] = None,
) -> Response:
    settings = config_of(request).settings
    pasted = [Pasted(text, title or None, outlet or None)] if text.strip() else []
    url_list = [u.strip() for u in urls.splitlines() if u.strip()]
    uploads = [f for f in files or [] if f.filename]
    folder, failures = (
        (await save_uploads(uploads, settings.ingest.max_bytes)) if uploads else (None, [])
    )
    if not pasted and not url_list and not uploads:
        raise ApiError(400, "nothing_to_ingest", "paste a text, give a URL or choose files")
    label = ", ".join(
        x
        for x in (
            f"{len(pasted)} pasted" if pasted else "",
            f"{len(url_list)} URL(s)" if url_list else "",
            f"{len(uploads)} file(s)" if uploads else "",
        )
        if x
    )
    job = request.app.state.jobs.submit(
        label, pasted=pasted, urls=url_list, folder=folder, failures=failures
    )
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse)
def ingest_job(job_id: str, request: Request) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise not_found("job", job_id)
    partial = bool(request.headers.get("hx-request"))
    return render(
        request, "job.html.j2" if not partial else "job_status.html.j2", page="ingest", job=job
    )
