"""The workbench's alerts page: what ``newstrace watch`` raised, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..watch.state import alerts as stored_alerts
from .pages import StoreDep, render

router = APIRouter(include_in_schema=False)


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "alerts.html.j2", page="alerts", alerts=stored_alerts(store))
