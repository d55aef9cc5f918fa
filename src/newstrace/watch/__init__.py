"""Watch mode: keep ingesting and analysing what is new in feeds, URLs and folders, and alert
on new items that name something on the watch lists ([watch] settings, docs/watch.md)."""

from __future__ import annotations

from .alert import Alert, WatchLists, find_alerts
from .deliver import deliver
from .rounds import RoundReport, parse_every, watch, watch_round
from .state import alerts

__all__ = [
    "Alert",
    "RoundReport",
    "WatchLists",
    "alerts",
    "deliver",
    "find_alerts",
    "parse_every",
    "watch",
    "watch_round",
]
