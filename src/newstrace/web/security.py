"""What guards the workbench: response headers (a Content-Security-Policy with no inline
script), and the write check (token, same origin, own host name) for ingest and actor
corrections.

The Host header of a write must name this server: the bound address, a loopback name when it
binds to loopback, or a name in ``allowed_hosts`` (``serve --allowed-host``). A page on
another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name, and
is refused. An empty or wildcard bind address (``""``, ``0.0.0.0``, ``::``) listens on every
interface: it counts as public, so writes need NEWSTRACE_TOKEN."""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from starlette.requests import Request

from .errors import ApiError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
    " frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make form posts send Origin: null
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


WILDCARDS = ("", "*", "0.0.0.0", "::", "[::]")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses; an empty or wildcard host is not."""
    host = host.strip().lower()
    if host in ("localhost", "localhost.") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def write_mode(host: str, token: str | None) -> str:
    """``token`` (writes need NEWSTRACE_TOKEN), ``open`` (loopback, no token set) or
    ``closed`` (another address, an empty or wildcard one included, and no token: no writes
    at all)."""
    if token:
        return "token"
    return "open" if is_loopback(host) else "closed"


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def host_allowed(header: str, bound: str, allowed: tuple[str, ...] = ()) -> bool:
    """May a write arrive under this Host header, on a server bound to ``bound``?"""
    name = host_name(header)
    if not name:
        return False
    if name in (a.strip().lower().strip("[]") for a in allowed):
        return True
    bound = bound.strip().lower().strip("[]")
    if bound in {w.strip("[]") for w in WILDCARDS}:
        return not allowed  # every interface: any name, unless a list was given
    if is_loopback(bound):
        return is_loopback(name)
    return name == bound


def check_write(
    request: Request,
    mode: str,
    token: str | None,
    given: str | None,
    *,
    bound: str = "127.0.0.1",
    allowed_hosts: tuple[str, ...] = (),
) -> None:
    """Raise unless this request may write. Cross-origin writes are refused in every mode, so a
    web page elsewhere cannot post to a workbench on localhost, nor can one that reaches it
    under another host name."""
    if not host_allowed(request.headers.get("host", ""), bound, allowed_hosts):
        raise ApiError(
            403,
            "host_refused",
            "a write must name this server in its Host header (see serve --allowed-host)",
        )
    if mode == "closed":
        raise ApiError(
            403,
            "writes_disabled",
            "this server binds to a non-loopback or wildcard address without NEWSTRACE_TOKEN:"
            " writes are off",
        )
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):  # "null" too
        raise ApiError(403, "cross_origin", "a write must come from this server's own pages")
    if mode == "token":
        auth = request.headers.get("authorization", "")
        offered = auth[7:] if auth.lower().startswith("bearer ") else given
        if not offered or not token or not hmac.compare_digest(offered.encode(), token.encode()):
            raise ApiError(401, "token_required", "this write needs the server's NEWSTRACE_TOKEN")
