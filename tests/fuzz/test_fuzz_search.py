"""Property tests over what the web side reads from strangers (issue #31): the portable search
syntax translated for FTS5 is always a query FTS5 accepts, and any cursor is a page or a 400,
never a 500. On a real SQLite store, through the ASGI app."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstrace.model import Article
from newstrace.settings import Settings, load_settings
from newstrace.store import open_store
from newstrace.store.query import to_fts5
from newstrace.web import paging
from newstrace.web.errors import ApiError

from ..web.conftest import Client, make_client
from .profile import fuzz

QUERY_CHARS = st.sampled_from(list("abc xyz\"-()*:^+OR AND NOT NEAR{}[]'\\\x00é日"))
queries = st.one_of(st.text(max_size=60), st.text(alphabet=QUERY_CHARS, max_size=40))


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text)")
    conn.execute("INSERT INTO t VALUES ('Putin', 'Salvini met Putin in Moscow about sanctions')")
    yield conn
    conn.close()


@fuzz()
@given(queries)
def test_fts5_translation_is_always_a_valid_query(fts: sqlite3.Connection, query: str) -> None:
    translated = to_fts5(query)
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (translated,)).fetchall()


@fuzz()
@given(st.text(max_size=80))
def test_any_cursor_string_decodes_or_is_refused(cursor: str) -> None:
    try:
        paging.decode(cursor)
    except ApiError as e:
        assert e.status == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder: Path = tmp_path_factory.mktemp("fuzz-web")
    settings = load_settings({"db": str(folder / "f.db")}, environ={})
    with open_store(settings.db) as store:
        for i in range(3):
            text = f"Salvini met Putin in Moscow about sanctions, report number {i}."
            store.add_article(Article(id=f"a{i}", source=f"s{i}", status="ok", text=text))
    return settings


@pytest.fixture(scope="module")
def web(small_store: Settings) -> Iterator[Client]:
    client = make_client(small_store)
    yield client
    client.close()


def encoded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@fuzz()
@given(st.one_of(json_values.map(encoded), st.text(max_size=40)), queries)
def test_api_lists_and_search_answer_any_cursor_and_query(
    web: Client, cursor: str, query: str
) -> None:
    for path, params in (
        ("/api/articles", {"cursor": cursor}),
        ("/api/search", {"q": query or "putin", "cursor": cursor}),
        ("/api/search", {"q": query}),
        ("/search", {"q": query, "cursor": cursor}),
    ):
        response = web.get(path, params=params)
        assert response.status_code in (200, 400, 422), (path, params, response.text[:300])
