"""End to end in a real browser: Debian's chromium driven by Playwright, against
``newstrace serve``'s app on a real socket. Screenshots go to tests/artifacts/ (and to
docs/screenshots/ when NEWSTRACE_SCREENSHOTS=docs/screenshots, for the README)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from newstrace.settings import Settings
from newstrace.store import open_store
from newstrace.web import WebConfig, create_app

from ..conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "tests" / "artifacts"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if target := os.environ.get("NEWSTRACE_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


@pytest.fixture(scope="module")
def server(seeded_sqlite: Settings) -> Iterator[str]:
    yield from serve(seeded_sqlite)


def serve(settings: Settings) -> Iterator[str]:
    """``newstrace serve``'s app over ``settings`` on a real socket, until the caller is done."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(WebConfig(settings))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium; `make test` does)"
        if os.environ.get("NEWSTRACE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """What must never happen on a page: a dialog, an error, a CSP violation from our code."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def test_story_to_actor_to_quote_to_evidence(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(server + "/")
    page.get_by_role(
        "link", name="The success of Kremlin-connected Italian populists alarmed USA"
    ).first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator(".col").count() == 2
    assert page.get_by_role("heading", name="Claims by outlet").is_visible()
    shot(page, "story")
    # story -> actor
    page.locator("table.matrix").get_by_role("link", name="Matteo Salvini", exact=True).click()
    page.wait_for_url("**/actors/*")
    assert page.get_by_role("heading", name="Matteo Salvini").is_visible()
    quote = page.locator("blockquote.q").filter(has_text="madness").first
    quote_text = quote.locator("p").inner_text().strip("“” ")
    # actor -> quote -> its highlighted evidence in the article
    quote.get_by_role("link", name="in the article").click()
    page.wait_for_url("**/articles/*?ev=*#ev")
    marked = page.locator("#ev")
    assert marked.is_visible() and "hl" in (marked.get_attribute("class") or "")
    highlighted = page.evaluate(
        "() => [...document.querySelectorAll('.hl')].map(e => e.textContent).join('')"
    )
    # the whole quote, across the mentions inside it; a quote in fragments (a quotation that
    # goes on after its cue) shows them joined by an ellipsis, each highlighted where it is
    assert all(part in highlighted for part in quote_text.split(" … "))
    assert marked.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    box = marked.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    shot(page, "evidence")
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    page.close()


# A point on an edge of ``kind`` where cytoscape's own hit test (the one a tap uses) finds that
# edge, there and one pixel around it, inside the canvas and the viewport; null if none. The
# layout starts from random positions, so another edge or a node may cross the midpoint: the
# point is searched along the curve (a quadratic Bezier through the endpoints and the midpoint,
# straight for a lone edge) instead.
CLEAR_POINT = """(kind) => {
  const cy = window.newstraceGraph, r = cy.renderer(), zoom = cy.zoom(), pan = cy.pan();
  const box = document.getElementById('graph').getBoundingClientRect();
  const around = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]];
  for (const e of cy.edges().filter((e) => e.data('edge').kind === kind)) {
    const a = e.sourceEndpoint(), m = e.midpoint(), b = e.targetEndpoint();
    const c = {x: 2 * m.x - (a.x + b.x) / 2, y: 2 * m.y - (a.y + b.y) / 2};
    for (let i = 0; i < 19; i++) {
      const t = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.05, u = 1 - t;  // from the middle out
      const p = {x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y};
      const x = box.left + p.x * zoom + pan.x, y = box.top + p.y * zoom + pan.y;
      const inside = x > box.left + 2 && x < box.right - 2 && y > box.top + 2
        && y < Math.min(box.bottom, window.innerHeight) - 2;
      const clear = around.every(([dx, dy]) => {
        const hit = r.findNearestElement(p.x + dx / zoom, p.y + dy / zoom, true, false);
        return hit && hit.id() === e.id();
      });
      if (inside && clear) return {x: x, y: y};
    }
  }
  return null;
}"""


def test_network_edge_click_shows_evidence(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(server + "/network")
    page.wait_for_selector("#graph[data-ready]")
    edges = page.evaluate("() => window.newstraceGraph.edges().length")
    assert edges == page.locator("#tie-table tbody tr").count() > 0
    # a real click on the canvas, at a point of the edge that no other element covers
    point = page.evaluate(CLEAR_POINT, "leader_of")
    assert point is not None, "every leader_of edge is covered by another element"
    page.mouse.click(point["x"], point["y"])
    panel = page.locator("#edge-panel")
    panel.locator(".evidence-sentence").first.wait_for()
    assert "leader of" in panel.locator("h3").inner_text()
    assert panel.get_by_role("link", name="in the article").count() >= 1
    shot(page, "network")
    page.goto(server + "/network?kind=member_of")
    page.wait_for_selector("#graph[data-ready]")
    kinds = page.evaluate("() => window.newstraceGraph.edges().map(e => e.data('edge').kind)")
    assert kinds and set(kinds) == {"member_of"}
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    page.close()


def test_hostile_article_renders_inert(server: str, browser: Any, seeded_sqlite: Settings) -> None:
    with open_store(seeded_sqlite.db) as store:
        hostile = next(a for a in store.articles() if a.source.endswith("hostile.txt"))
    page = browser.new_page(viewport={"width": 360, "height": 740})
    watch = Watch(page)
    page.goto(f"{server}/articles/{hostile.id}")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
    assert (
        page.evaluate("() => document.querySelectorAll('[onerror], [onload], img, svg').length")
        == 0
    )
    assert page.evaluate("() => document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
    assert "<script>alert(document.cookie)</script>" in page.locator(".article-text").inner_text()
    # the 12,000-character line wraps inside a 360 px screen
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 361, width
    page.goto(server + "/")  # the hostile title on the overview
    page.wait_for_timeout(300)
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    page.close()


def test_small_screen_and_keyboard(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in ("/", "/stories", "/actors", "/network", "/search?q=sanctions", "/ingest"):
        page.goto(server + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 361, (path, width)
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused, "the skip link leads into the main content"
    page.close()


def test_ingest_form_shows_progress_and_failures(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    watch = Watch(page)
    page.goto(server + "/ingest")
    page.get_by_label("Title").fill("Pasted in the browser")
    page.get_by_label("Text").fill(
        "Giorgia Meloni, the leader of Brothers of Italy, said on Monday that Italy would keep "
        "supporting Ukraine. Matteo Salvini disagreed with her in Milan."
    )
    page.get_by_label("URLs").fill("http://127.0.0.1:9/private-address")
    page.get_by_role("button", name="Ingest and analyse").click()
    page.wait_for_url("**/ingest/jobs/*")
    page.locator(".job.state-done").wait_for(timeout=120_000)  # htmx polls until the job ends
    text = page.locator("#job").inner_text()
    assert "1 new article(s)" in text and "1 failed" in text and "private" in text
    page.get_by_role("link", name=page.locator("#job li a").first.inner_text()).click()
    assert page.get_by_role("heading", name="Pasted in the browser").is_visible()
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    page.close()


@pytest.fixture
def own_server(seeded_sqlite: Settings, tmp_path: Path) -> Iterator[str]:
    """A server over a copy of the seeded store, for tests that correct actors."""
    copy = tmp_path / "corrected.db"
    with sqlite3.connect(seeded_sqlite.db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    yield from serve(dataclasses.replace(seeded_sqlite, db=str(copy)))


def test_actor_corrections_in_the_workbench(own_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(own_server + "/actors?q=Silvio+Berlusconi")
    page.get_by_role("link", name="Silvio Berlusconi", exact=True).click()
    page.wait_for_url("**/actors/*")
    url = page.url
    # split: the mentions written "Berlusconi" leave the actor
    page.get_by_label("Mentions written as").select_option("Berlusconi")
    page.get_by_role("button", name="Split").click()
    page.wait_for_load_state()
    assert page.url == url
    assert "Berlusconi" not in page.locator("span.pill").all_inner_texts()
    # rename: same actor, same page, the new name
    page.get_by_label("New name").fill("Silvio Berlusconi (Forza Italia)")
    page.get_by_role("button", name="Rename").click()
    page.wait_for_load_state()
    assert page.url == url
    assert page.get_by_role("heading", name="Silvio Berlusconi (Forza Italia)").is_visible()
    # retype
    page.locator("form[action$='/retype'] select").select_option("organization")
    page.get_by_role("button", name="Change type").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().endswith("organization")
    shot(page, "actor-corrections")
    # delete a false actor: back on the list, which says so and no longer has it
    page.goto(own_server + "/actors?q=Ministers")
    page.get_by_role("link", name="Ministers", exact=True).click()
    page.wait_for_url("**/actors/*")
    page.get_by_role("button", name="Delete actor").click()
    page.wait_for_url("**/actors?deleted=*")
    assert "Deleted “Ministers”" in page.get_by_role("status").inner_text()
    page.goto(own_server + "/actors?q=Ministers")
    assert page.get_by_role("link", name="Ministers", exact=True).count() == 0
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    page.close()
