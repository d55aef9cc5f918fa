"""The alerts ``newstrace watch`` raised: the workbench page (newest first) and the API list
(in id order, paged like every list, also as JSONL or CSV)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..watch.alert import Alert
from ..watch.state import alerts as stored_alerts
from .api import ERRORS, LIST, ListDep
from .pages import StoreDep, render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "alerts.html.j2", page="alerts", alerts=stored_alerts(store))


@api.get("/alerts", summary="Alerts raised by newstrace watch, by id", responses=LIST)
def api_alerts(listing: ListDep) -> Any:
    return listing.respond(
        lambda s, after, n: stored_alerts(s, n, after=after or ""), Alert.as_json, section="alerts"
    )
