"""Rendering the analysis as HTML. Jinja2 autoescaping is on, so every string that came from an
article (titles, names, quotes, evidence) is escaped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("newstrace.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def heading(article: dict[str, Any]) -> str:
    """What the report calls an article: the heading the export gives it (``Article.heading``:
    its title, else its lead sentence, else its source), as the CLI's listings do."""
    return str(article.get("heading") or article.get("title") or article.get("source") or "")


def render_report(analysis: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in analysis["articles"]}
    actors = {a["id"]: a for a in analysis["actors"]}
    ok = [a for a in analysis["articles"] if a["status"] == "ok"]
    failed = [a for a in analysis["articles"] if a["status"] == "failed"]
    quotes_by_speaker: dict[str, list[dict[str, Any]]] = {}
    for quote in analysis["quotes"]:
        speaker = actors.get(quote["speaker"] or "", {}).get("name") or quote["speaker_text"]
        quotes_by_speaker.setdefault(speaker or "unattributed", []).append(quote)
    template = _environment().get_template("report.html.j2")
    return template.render(
        a=analysis,
        ok=ok,
        failed=failed,
        articles=articles,
        actors=actors,
        languages=Counter(a["language"] or "unknown" for a in ok).most_common(),
        actor_types=Counter(a["type"] for a in analysis["actors"]).most_common(),
        quotes_by_speaker=sorted(quotes_by_speaker.items(), key=lambda kv: -len(kv[1])),
        heading=heading,
    )


def write_report(analysis: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(analysis), "utf-8")
    return path
