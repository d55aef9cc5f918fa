"""Bytes to text in any encoding: a BOM decides; then UTF-8, strictly; then the encoding that
charset-normalizer finds (Latin-1, Windows-1251, Shift JIS ...). Content with a NUL byte
anywhere is binary, and input no encoding reads as text is undecodable."""

from __future__ import annotations

import codecs

# Guesses refused without a BOM: any byte string reads as UTF-16/32, so the guess says nothing.
_BOM_ONLY = ("utf_16", "utf_32")
# The most common legacy encoding of news text (a superset of Latin-1's letters).
WESTERN = "cp1252"
# Above this mess ratio (charset-normalizer's "chaos", 0..1) a guess is not text.
MAX_CHAOS = 0.3


def decode(content: bytes) -> str:
    """The text of ``content``. Raises ValueError with a reason (``binary: ...`` or
    ``undecodable: ...``)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            try:
                text = content.decode(codec)
            except UnicodeDecodeError as e:
                raise ValueError(f"undecodable: bad {codec} ({e.reason} at byte {e.start})") from e
            if "\x00" in text:
                raise ValueError("binary: the content holds NUL characters; not a text document")
            return text
    if b"\x00" in content:
        raise ValueError("binary: the content holds NUL bytes; not a text document")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"{e.reason} at byte {e.start}"
    return detect(content, utf8_error)


def detect(content: bytes, utf8_error: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is None or best.encoding != WESTERN:
        # Western European bytes read alike in several code pages (cp1250's "Città" is
        # "Cittŕ"): Windows-1252 wins when it reads the text as cleanly.
        western = from_bytes(content, cp_isolation=[WESTERN]).best()
        if western is not None and (
            best is None
            or (western.chaos <= best.chaos and western.coherence >= best.coherence - 0.05)
        ):
            best = western
    if best is None or best.encoding.startswith(_BOM_ONLY) or best.chaos > MAX_CHAOS:
        raise ValueError(
            f"undecodable: not UTF-8 ({utf8_error}) and no other encoding reads it as text"
        )
    return str(best)
