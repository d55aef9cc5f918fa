"""The workbench's fixtures: the seeds (and one hostile article) analysed into a real store of
each backend, the app over it, and an in-process client (httpx.ASGITransport)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newstrace.ingest import ingest
from newstrace.pipeline import analyze
from newstrace.settings import Settings, load_settings
from newstrace.store import open_store
from newstrace.web import WebConfig, create_app

from ..conftest import SEEDS

LONG_LINE = "X" * 12000
HOSTILE = f"""<script>window.__pwned = 1; alert('title')</script> Hostile headline

A reader in Rome wrote <script>alert(document.cookie)</script> into a comment, Matteo Salvini said on Monday.

"<img src=x onerror=alert(2)> is what the attacker sent," the source added, pointing to <a href="javascript:alert(3)">this link</a> and to <svg onload=alert(4)></svg>.

{LONG_LINE}

The League and the Five Star Movement did not answer questions about the message.
"""


def analysed_store(location: str, folder: Path) -> Settings:
    """Ingest the seeds and the hostile article into ``location`` and run every stage."""
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, "utf-8")
    settings = load_settings({"db": location}, environ={})
    with open_store(location) as store:
        ingest([str(SEEDS), str(hostile)], store, settings)
        analyze(store, settings)
    return settings


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("web")
    if request.param == "sqlite":
        location = str(folder / "seeds.db")
    else:
        server = request.getfixturevalue("postgres")
        location = server.create_database(f"web{abs(hash(folder)) % 10**8}")
    return analysed_store(location, folder)


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("web-sqlite")
    return analysed_store(str(folder / "seeds.db"), folder)


class Client:
    """A synchronous face on httpx.AsyncClient over the ASGI app (no server, no socket)."""

    def __init__(self, config: WebConfig) -> None:
        self.app = create_app(config)
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://127.0.0.1:8000"
        )

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.app.state.jobs.shutdown()
        self.loop.close()


@pytest.fixture
def client(seeded: Settings) -> Iterator[Client]:
    c = Client(WebConfig(seeded))
    yield c
    c.close()


def make_client(settings: Settings, **config: Any) -> Client:
    return Client(WebConfig(settings, **config))
