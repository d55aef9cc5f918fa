"""The FastAPI application: routes, static files, security headers and the one error shape."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..actors.manage import AmbiguousActor
from ..errors import NewstraceError, NotFound
from . import lookup
from .deps import WebConfig
from .errors import ApiError
from .jobs import Jobs
from .security import HEADERS

__all__ = ["WebConfig", "create_app"]

STATUS_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}


def _error_response(
    request: Request, status: int, code: str, message: str, extra: dict[str, Any] | None = None
) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        body = {"error": {"code": code, "message": message, **(extra or {})}}
        return JSONResponse(body, status_code=status)
    from .pages import render

    return render(
        request,
        "error.html.j2",
        status_code=status,
        page="",
        status=status,
        code=code,
        message=message,
    )


def create_app(config: WebConfig) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.shutdown()

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="Evidence-backed news intelligence: the JSON API of `newstrace serve`. "
        'Errors: `{"error": {"code", "message"}}`. Lists: cursor-paged (`next`), or every '
        "item as JSONL with `format=jsonl`.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the OpenAPI document is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.jobs = Jobs(config.settings)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc.status, exc.code, exc.message, exc.extra)

    @app.exception_handler(NewstraceError)
    async def newstrace_error(request: Request, exc: NewstraceError) -> Response:
        if isinstance(exc, AmbiguousActor):  # a name several actors answer to, as in filters
            ambiguous = lookup.ambiguous_actor(str(exc), exc.candidates)
            return _error_response(request, 409, ambiguous.code, str(exc), ambiguous.extra)
        status = 404 if isinstance(exc, NotFound) else 400
        return _error_response(request, status, getattr(exc, "code", "error"), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "http_error")
        return _error_response(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = list(exc.errors())
        message = "; ".join(
            f"{'.'.join(str(x) for x in p.get('loc', ()))}: {p.get('msg')}" for p in problems
        )
        return _error_response(request, 422, "invalid_request", message or "invalid request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error_response(request, 500, "internal", f"{type(exc).__name__}: {exc}")

    from . import alerts, api, pages

    app.include_router(alerts.api)  # before api.router, whose catch-all answers unknown paths
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(alerts.router)
    static = resources.files("newstrace.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
