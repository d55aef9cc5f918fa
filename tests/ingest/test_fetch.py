"""The fetch policy: private addresses refused (also after a redirect), limits on size and
redirects, a clear User-Agent. Runs against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newstrace.errors import FetchRefused, IngestError
from newstrace.ingest.fetch import Fetcher, address_allowed
from newstrace.settings import shipped

FETCH = shipped().fetch


def test_address_policy() -> None:
    closed = FETCH
    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "100.64.0.1",
    ):
        assert not address_allowed(address, closed), address
    assert address_allowed("93.184.216.34", closed)
    assert address_allowed("2606:4700::1111", closed)
    assert address_allowed("10.1.2.3", replace(FETCH, allow_private=True))
    assert address_allowed("10.1.2.3", replace(FETCH, allowed_networks=("10.0.0.0/8",)))


def test_loopback_refused_by_default(http_server) -> None:
    base, routes = http_server
    routes.add("/a", b"hello")
    with Fetcher(FETCH, 10_000) as fetcher, pytest.raises(FetchRefused, match="private"):
        fetcher.fetch(f"{base}/a")
    assert routes.seen_agents == []  # refused before any connection


def test_public_name_resolving_to_private_address_is_refused() -> None:
    fetcher = Fetcher(FETCH, 10_000, resolver=lambda host, port: ["10.0.0.7"])
    with fetcher, pytest.raises(FetchRefused, match=r"10\.0\.0\.7"):
        fetcher.fetch("http://news.example.com/story")


def test_redirect_to_private_address_refused(http_server) -> None:
    base, routes = http_server
    port = base.rsplit(":", 1)[1]
    routes.add("/hop", status=302, location=f"http://127.0.0.2:{port}/secret")
    routes.add("/secret", b"internal")
    only_first = replace(FETCH, allowed_networks=("127.0.0.1/32",))
    with Fetcher(only_first, 10_000) as fetcher, pytest.raises(FetchRefused, match=r"127\.0\.0\.2"):
        fetcher.fetch(f"{base}/hop")


def test_redirects_followed_then_limited(http_server) -> None:
    base, routes = http_server
    routes.add("/one", status=301, location="/two")
    routes.add("/two", b"<html><body>arrived</body></html>", content_type="text/html")
    routes.add("/loop", status=302, location="/loop")
    settings = replace(FETCH, allow_private=True, max_redirects=3)
    with Fetcher(settings, 10_000) as fetcher:
        result = fetcher.fetch(f"{base}/one")
        assert result.url == f"{base}/two" and b"arrived" in result.content
        with pytest.raises(FetchRefused, match="more than 3 redirects"):
            fetcher.fetch(f"{base}/loop")


def test_body_size_cap(http_server) -> None:
    base, routes = http_server
    routes.add("/big", b"x" * 50_000)
    with (
        Fetcher(replace(FETCH, allow_private=True), 10_000) as fetcher,
        pytest.raises(IngestError, match="too large"),
    ):
        fetcher.fetch(f"{base}/big")


def test_other_schemes_refused() -> None:
    with Fetcher(replace(FETCH, allow_private=True), 10_000) as fetcher:
        for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://x"):
            with pytest.raises(FetchRefused, match="scheme"):
                fetcher.fetch(url)
