"""The store: ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

from pathlib import Path

from .base import SQLStore
from .sqlite import SQLiteStore

Store = SQLStore

__all__ = ["SQLStore", "SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path, a ``sqlite:///``
    URL, or a ``postgresql://`` URL (the team backend; psycopg 3)."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(loc)
    if loc.startswith("sqlite:///"):
        loc = loc.removeprefix("sqlite:///")
    return SQLiteStore(loc)
