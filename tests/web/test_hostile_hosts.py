"""Writes only for whom they are meant (issue #31): the Host header is checked against the bound
address (DNS rebinding), an empty or wildcard bind address is public, and odd cursors are a
400, never a 500."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from newstrace.settings import Settings, load_settings
from newstrace.web.security import host_allowed, is_loopback, write_mode

from .conftest import make_client

ALIAS = {"alias": "Capitano"}


@pytest.fixture
def empty(tmp_path: Path) -> Settings:
    return load_settings({"db": str(tmp_path / "w.db")}, environ={})


def post_alias(client, host: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post("/api/actors/nobody/aliases", json=ALIAS, headers={"host": host, **headers})


def test_dns_rebinding_write_is_refused(empty: Settings) -> None:
    """evil.example re-pointed at 127.0.0.1: the browser sends Host and Origin evil.example."""
    client = make_client(empty)
    try:
        rebound = post_alias(client, "evil.example:8000", origin="http://evil.example:8000")
        assert rebound.status_code == 403
        assert rebound.json()["error"]["code"] == "host_refused"
        # this server's own names pass the check (and reach the handler: no such actor)
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
            assert post_alias(client, host).status_code == 404, host
        assert client.get("/api/actors", headers={"host": "evil.example"}).status_code == 200
    finally:
        client.close()


def test_allowed_hosts_let_a_named_proxy_write(empty: Settings) -> None:
    client = make_client(empty, allowed_hosts=("news.example.org",))
    try:
        assert post_alias(client, "news.example.org").status_code == 404
        assert post_alias(client, "other.example.org").status_code == 403
    finally:
        client.close()


@pytest.mark.parametrize("host", ["", "0.0.0.0", "::", "*"])
def test_empty_or_wildcard_host_is_public(empty: Settings, host: str) -> None:
    assert not is_loopback(host) and write_mode(host, None) == "closed"
    assert write_mode(host, "t0ken") == "token"
    closed = make_client(empty, host=host)
    try:
        refused = post_alias(closed, "127.0.0.1:8000")
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "writes_disabled"
    finally:
        closed.close()
    guarded = make_client(empty, host=host, token="t0ken")
    try:
        assert post_alias(guarded, "192.0.2.7:8000").status_code == 401
        with_token = post_alias(guarded, "192.0.2.7:8000", authorization="Bearer t0ken")
        assert with_token.status_code == 404  # past the check: no such actor
    finally:
        guarded.close()


def test_host_allowed_rules() -> None:
    assert host_allowed("127.0.0.1:8000", "127.0.0.1")
    assert host_allowed("localhost", "127.0.0.1")
    assert not host_allowed("evil.example", "127.0.0.1")
    assert not host_allowed("", "127.0.0.1")
    assert host_allowed("10.0.0.5:8000", "10.0.0.5")
    assert not host_allowed("127.0.0.1:8000", "10.0.0.5")
    assert host_allowed("anything.example", "0.0.0.0")
    assert not host_allowed("anything.example", "0.0.0.0", ("news.example",))
    assert host_allowed("NEWS.example:443", "0.0.0.0", ("news.example",))


def cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [10**30, -1, True, 1.5, "\ud800", "a\x00b", [[[[]]]], {"a": 1}],
)
def test_odd_cursors_are_a_400(empty: Settings, value: object) -> None:
    client = make_client(empty)
    try:
        for path in ("/api/search?q=putin", "/api/articles", "/api/actors"):
            response = client.get(f"{path}{'&' if '?' in path else '?'}cursor={cursor(value)}")
            assert response.status_code == 400, (path, value, response.text)
            assert response.json()["error"]["code"] == "bad_cursor"
        page = client.get(f"/search?q=putin&cursor={cursor(value)}")
        assert page.status_code == 400, (value, page.text[:200])
    finally:
        client.close()


def test_deeply_nested_cursor_is_a_400(empty: Settings) -> None:
    client = make_client(empty)
    try:
        deep = "[" * 20_000 + "]" * 20_000  # past the JSON parser's recursion limit
        raw = base64.urlsafe_b64encode(deep.encode()).decode()
        assert client.get(f"/api/articles?cursor={raw}").status_code == 400
    finally:
        client.close()


@pytest.mark.parametrize("query", ["pu\x00tin", "\ud800", '"unclosed -', "OR OR -"])
def test_odd_search_queries_on_each_backend(store, query: str) -> None:  # type: ignore[no-untyped-def]
    from newstrace.errors import StoreError

    try:
        store.search(query)
    except StoreError as e:
        assert "bad search query" in str(e)


def test_serve_on_an_empty_host_is_public(empty: Settings) -> None:
    """``serve --host ""`` listens on every interface: writes are off without the token."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "newstrace", "serve", "--db", empty.db, "--host", ""]
    proc = subprocess.Popen([*cmd, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/api/actors/x/aliases", json=ALIAS, timeout=2
                )
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "writes_disabled"
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert "writes: closed" in stderr and "NEWSTRACE_TOKEN" in stderr
