"""Sending alerts where the settings say: a JSON-lines file and a webhook. A failure is
returned as a message for the caller to report; it never stops the watch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import httpx

from ..settings import WatchSettings
from .alert import Alert


def append_jsonl(alerts: Sequence[Alert], path: str) -> str | None:
    """Append one JSON line per alert to ``path``; a message if it cannot be written."""
    try:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            for alert in alerts:
                out.write(json.dumps(alert.as_json(), ensure_ascii=False) + "\n")
    except OSError as e:
        return f"alerts file {path}: {e}"
    return None


def post_webhook(alerts: Sequence[Alert], url: str, timeout: float) -> list[str]:
    """POST each alert as a JSON object to ``url``; a message for each that failed."""
    problems: list[str] = []
    with httpx.Client(timeout=timeout, trust_env=False) as client:
        for alert in alerts:
            try:
                response = client.post(url, json=alert.as_json())
                if response.status_code >= 400:
                    problems.append(f"webhook {url}: status {response.status_code}")
            except httpx.HTTPError as e:
                problems.append(f"webhook {url}: {type(e).__name__}: {e}")
    return problems


def deliver(alerts: Sequence[Alert], watch: WatchSettings) -> list[str]:
    """Write and send ``alerts``; returns what went wrong (nothing: an empty list)."""
    if not alerts:
        return []
    problems: list[str] = []
    if watch.alerts_file:
        problem = append_jsonl(alerts, watch.alerts_file)
        if problem:
            problems.append(problem)
    if watch.webhook:
        problems += post_webhook(alerts, watch.webhook, watch.webhook_timeout)
    return problems
