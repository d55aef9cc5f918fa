"""The store: ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .sqlite import SQLiteStore

Store = SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path or ``sqlite:///``
    URL. PostgreSQL URLs are reserved for the team backend."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not part of this build yet", code="NT301")
    if loc.startswith("sqlite:///"):
        loc = loc.removeprefix("sqlite:///")
    return SQLiteStore(loc)
