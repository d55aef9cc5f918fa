"""Fetching URLs with limits: time, body size, redirects, and no private addresses.

Each hop's host is resolved once, every address it resolves to is checked against the policy,
and the connection is pinned to a checked address (the Host header and TLS SNI keep the name),
so a DNS answer that changes between the check and the connection cannot reach a private
address. Redirects are followed by hand so that each hop goes through the same check.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import FetchRefused, IngestError
from ..settings import FetchSettings

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the final URL, after redirects
    content: bytes
    content_type: str
    status: int = 200  # 304: not modified since the validators sent (content is empty)
    etag: str | None = None
    last_modified: str | None = None


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise IngestError(f"dns: cannot resolve {host}: {e.strerror}") from e
    return sorted({str(info[4][0]) for info in infos})


def address_allowed(address: str, settings: FetchSettings) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if any(ip in ipaddress.ip_network(net, strict=False) for net in settings.allowed_networks):
        return True
    if settings.allow_private:
        return not ip.is_multicast
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


class Fetcher:
    """One HTTP client for a run; ``fetch`` applies the policy to every hop."""

    def __init__(
        self,
        settings: FetchSettings,
        max_bytes: int,
        *,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.settings = settings
        self.max_bytes = max_bytes
        self.resolver = resolver
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.5",
            },
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pin(self, url: str) -> tuple[str, dict[str, str], dict[str, object]]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"refused: scheme {parts.scheme or '(none)'!r} is not http(s)")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"refused: no host in URL {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self.resolver(host, port)
        if not addresses:
            raise IngestError(f"dns: {host} resolved to no address")
        refused = [a for a in addresses if not address_allowed(a, self.settings)]
        if refused:
            raise FetchRefused(
                f"refused: {host} resolves to a private or reserved address ({refused[0]});"
                " use --allow-private to fetch it"
            )
        address = addresses[0]
        literal = f"[{address}]" if ":" in address else address
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = host if not parts.port else f"{host}:{parts.port}"
        extensions: dict[str, object] = {}
        if parts.scheme == "https":
            extensions["sni_hostname"] = host
        return pinned, {"Host": host_header}, extensions

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        """GET ``url`` under the policy. ``headers`` are sent on every hop (a conditional GET's
        If-None-Match / If-Modified-Since); a 304 answer is a result with status 304."""
        deadline = time.monotonic() + self.settings.timeout * 3
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            pinned, host, extensions = self._pin(current)
            try:
                with self._client.stream(
                    "GET", pinned, headers={**(headers or {}), **host}, extensions=extensions
                ) as response:
                    if response.status_code == 304:
                        return FetchResult(
                            url=current,
                            content=b"",
                            content_type=response.headers.get("content-type", ""),
                            status=304,
                            etag=response.headers.get("etag"),
                            last_modified=response.headers.get("last-modified"),
                        )
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise IngestError(f"http: redirect without Location from {current}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise IngestError(f"http: status {response.status_code} for {current}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise IngestError(
                            f"too large: {declared} bytes declared, cap is {self.max_bytes}"
                        )
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in response.iter_bytes():
                        total += len(chunk)
                        if total > self.max_bytes:
                            raise IngestError(
                                f"too large: body exceeds the cap of {self.max_bytes} bytes"
                            )
                        if time.monotonic() > deadline:
                            raise IngestError(f"timeout: {current} took too long")
                        chunks.append(chunk)
                    return FetchResult(
                        url=current,
                        content=b"".join(chunks),
                        content_type=response.headers.get("content-type", ""),
                        status=response.status_code,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
            except httpx.TimeoutException as e:
                raise IngestError(f"timeout: {current}: {e}") from e
            except httpx.HTTPError as e:
                raise IngestError(f"http: {current}: {e}") from e
        raise FetchRefused(f"refused: more than {self.settings.max_redirects} redirects from {url}")
