"""From a RawDocument to an Article: decode, check, extract, and fill the metadata."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..ids import make_id
from ..model import Article, Failure, RawDocument
from ..settings import IngestSettings
from ..text import clean_text, content_hash
from .encoding import decode

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def failed_article(failure: Failure) -> Article:
    return Article(
        id=make_id("failed", failure.source),
        source=failure.source,
        status="failed",
        url=failure.url,
        error=failure.reason,
    )


def lone_surrogate_field(raw: RawDocument) -> str | None:
    """The first text field that UTF-8 cannot hold (a JSON escape such as \\ud800 decodes to
    a lone surrogate), or None."""
    fields = ("content", "url", "title", "published", "outlet", "language", "author")
    for name in fields:
        value = getattr(raw, name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return raw.kind if name == "content" else name
    return None


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(8, len(sample) // 20)


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 (date or date-time) from the usual forms; None when it cannot be read."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        has_time = "T" in value or " " in value
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = _DATE_PREFIX.match(value)
    if match:
        return "-".join(part for part in match.groups() if part)
    return _parse_free_date(value)


def _parse_free_date(value: str) -> str | None:
    """Dates written out ("May 03, 2013", "3 marzo 2018", "5 марта 2018"), by dateparser."""
    if not any(ch.isdigit() for ch in value) or len(value) > 64:
        return None
    import dateparser

    parsed = dateparser.parse(
        value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date().isoformat() if parsed else None


def outlet_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def split_title(text: str, max_chars: int) -> str | None:
    """The first line is a title when it is short, is followed by more text, and does not
    end like a sentence (a question mark is allowed: headlines ask)."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > max_chars:
        return None
    if first[-1] in ".,;:!—–-" or len(first.split()) < 2:
        return None
    return first


def extract_html(raw: RawDocument) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata with trafilatura. Raises ValueError with a reason."""
    import trafilatura

    content = raw.content
    nul = b"\x00" if isinstance(content, bytes) else "\x00"
    if nul in content:  # type: ignore[operator]
        raise ValueError("binary: the content holds NUL bytes; not an HTML page")
    try:
        doc = trafilatura.bare_extraction(
            content, url=raw.url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as e:  # lxml and trafilatura raise many types on broken markup
        raise ValueError(f"malformed HTML: {type(e).__name__}: {e}") from e
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        raise ValueError("malformed HTML: no main text found in the page")
    meta = {
        "title": doc.title,
        "author": doc.author,
        "published": doc.date,
        "site": doc.sitename or doc.hostname,
        "url": doc.url,
        "language": doc.language,
    }
    return doc.text or "", meta


def prepare(
    raw: RawDocument, settings: IngestSettings, *, outlet: str | None = None
) -> Article | Failure:
    """Check and convert one document. Never raises for bad content: returns a Failure."""
    field = lone_surrogate_field(raw)
    if field is not None:
        return Failure(
            raw.source, f"bad record: field {field!r} holds a lone surrogate, not text", None
        )
    size = len(raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content)
    if size > settings.max_bytes:
        return Failure(raw.source, f"too large: {size} bytes, cap is {settings.max_bytes}", raw.url)
    if size == 0:
        return Failure(raw.source, "empty: the document has no content", raw.url)
    meta: dict[str, str | None] = {}
    try:
        if raw.kind == "html":
            text, meta = extract_html(raw)
        else:
            text = raw.content if isinstance(raw.content, str) else decode(raw.content)
            if "\x00" in text:
                raise ValueError("binary: the text holds NUL characters; not a text document")
            if looks_binary(text):
                raise ValueError("binary: mostly control characters; not a text document")
    except ValueError as e:
        return Failure(raw.source, str(e), raw.url)
    text = clean_text(text)
    if len(text) < settings.min_chars:
        what = "no text" if not text else f"only {len(text)} characters of text"
        return Failure(raw.source, f"empty: {what} after extraction", raw.url)
    title = raw.title or meta.get("title")
    if title is None and raw.first_line_title:
        title = split_title(text, settings.title_max_chars)
    url = raw.url or meta.get("url")
    digest = content_hash(text)
    return Article(
        id=make_id("article", digest),
        source=raw.source,
        status="ok",
        text=text,
        url=url,
        outlet=outlet or raw.outlet or outlet_of(url) or meta.get("site"),
        title=clean_text(title) if title else None,
        published=normalise_date(raw.published or meta.get("published")),
        language=raw.language,
        author=raw.author or meta.get("author"),
        content_hash=digest,
    )
