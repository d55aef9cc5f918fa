"""What guards the workbench: response headers (a Content-Security-Policy with no inline
script), and the write check (token, same origin) for ingest and actor corrections."""

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


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def write_mode(host: str, token: str | None) -> str:
    """``token`` (writes need NEWSTRACE_TOKEN), ``open`` (loopback, no token set) or
    ``closed`` (another address and no token: no writes at all)."""
    if token:
        return "token"
    return "open" if is_loopback(host) else "closed"


def check_write(request: Request, mode: str, token: str | None, given: str | None) -> None:
    """Raise unless this request may write. Cross-origin writes are refused in every mode, so a
    web page elsewhere cannot post to a workbench on localhost."""
    if mode == "closed":
        raise ApiError(
            403,
            "writes_disabled",
            "this server binds to a non-loopback address without NEWSTRACE_TOKEN: writes are off",
        )
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):  # "null" too
        raise ApiError(403, "cross_origin", "a write must come from this server's own pages")
    if mode == "token":
        auth = request.headers.get("authorization", "")
        offered = auth[7:] if auth.lower().startswith("bearer ") else given
        if not offered or not token or not hmac.compare_digest(offered.encode(), token.encode()):
            raise ApiError(401, "token_required", "this write needs the server's NEWSTRACE_TOKEN")
