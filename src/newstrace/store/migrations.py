"""Named migrations: ``schema.sql`` is 0001_initial; later ones are ``migrations/NNNN_*.sql``.
Each is applied once, in name order, inside a transaction, and recorded."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources

from ..errors import StoreError


def migration_scripts() -> list[tuple[str, str]]:
    package = resources.files("newstrace.store")
    scripts = [("0001_initial", package.joinpath("schema.sql").read_text("utf-8"))]
    folder = package.joinpath("migrations")
    later = sorted(
        (entry.name.removesuffix(".sql"), entry.read_text("utf-8"))
        for entry in (folder.iterdir() if folder.is_dir() else ())
        if entry.name.endswith(".sql")
    )
    return scripts + later


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply what is missing; returns the names applied now."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    for name, script in migration_scripts():
        if name in done:
            continue
        try:
            conn.executescript("BEGIN;\n" + script)
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {e}") from e
        applied.append(name)
    return applied
