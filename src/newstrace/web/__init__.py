"""``newstrace serve``: the analyst's workbench (HTML pages) and the JSON API under ``/api/``,
over the same store the CLI writes. FastAPI, Jinja2 templates (autoescaped), htmx and
cytoscape.js vendored in ``static/vendor`` (scripts/vendor-js.sh); nothing loads from a CDN."""

from .app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
