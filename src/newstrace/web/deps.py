"""The server's configuration and the dependencies every route shares: an open store per
request, and the write check."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from starlette.requests import Request

from ..settings import Settings
from ..store import Store, open_store
from .security import check_write, write_mode


@dataclass(frozen=True, slots=True)
class WebConfig:
    settings: Settings
    host: str = "127.0.0.1"
    token: str | None = None  # NEWSTRACE_TOKEN
    allowed_hosts: tuple[str, ...] = ()  # Host names writes may name besides the bound one

    @property
    def writes(self) -> str:
        return write_mode(self.host, self.token)


def config_of(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


def get_store(request: Request) -> Iterator[Store]:
    """One connection per request (SQLite file or PostgreSQL), closed after it."""
    with open_store(config_of(request).settings.db) as store:
        yield store


async def write_access(request: Request) -> None:
    """Ingest, merge and alias: refused cross-origin, and without the token when one is
    needed. HTML forms send the token as a ``token`` field, API clients as a bearer token."""
    config = config_of(request)
    given = None
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("token")
        given = value if isinstance(value, str) else None
    check_write(
        request,
        config.writes,
        config.token,
        given,
        bound=config.host,
        allowed_hosts=config.allowed_hosts,
    )
