"""Deterministic ids: a short sha1 over the parts that make a thing itself."""

from __future__ import annotations

import hashlib


def make_id(kind: str, *parts: object, length: int = 16) -> str:
    digest = hashlib.sha1(kind.encode("utf-8"))
    for part in parts:
        digest.update(b"\x1f")
        digest.update(str(part).encode("utf-8"))
    return digest.hexdigest()[:length]
