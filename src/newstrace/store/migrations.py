"""Named migrations, one list per dialect with the same names: SQLite's are ``schema.sql``
(0001_initial) and ``migrations/NNNN_*.sql``; PostgreSQL's live in ``postgres/``. Each is
applied once, in name order, inside a transaction, and recorded in schema_migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import StoreError

if TYPE_CHECKING:
    from .base import SQLStore

FOLDERS = {"sqlite": "", "postgresql": "postgres"}


def migration_scripts(dialect: str = "sqlite") -> list[tuple[str, str]]:
    package = resources.files("newstrace.store")
    if FOLDERS[dialect]:
        package = package.joinpath(FOLDERS[dialect])
    scripts = [("0001_initial", package.joinpath("schema.sql").read_text("utf-8"))]
    folder = package.joinpath("migrations")
    later = sorted(
        (entry.name.removesuffix(".sql"), entry.read_text("utf-8"))
        for entry in (folder.iterdir() if folder.is_dir() else ())
        if entry.name.endswith(".sql")
    )
    return scripts + later


def apply_migrations(store: SQLStore) -> list[str]:
    """Apply what is missing; returns the names applied now."""
    store.x("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in store.x("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for name, script in migration_scripts(store.dialect):
        if name in done:
            continue
        try:
            store.run_migration(name, script, datetime.now(UTC).isoformat(timespec="seconds"))
        except Exception as e:
            raise StoreError(f"migration {name} failed on {store.dialect}: {e}") from e
        applied.append(name)
    return applied
