"""Watch mode end to end: a loopback server (127.0.0.1) serves a feed that answers 304 to a
conditional GET and receives the webhook; a folder gains a file between rounds; alerts are
raised once, written to JSONL and POSTed; the store keeps the state across reopenings."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newstrace.errors import ConfigError
from newstrace.model import Actor
from newstrace.settings import Settings, load_settings
from newstrace.store import SQLStore, open_store
from newstrace.watch import (
    Alert,
    WatchLists,
    alerts,
    deliver,
    parse_every,
    state,
    watch,
    watch_round,
)
from newstrace.watch.alert import Candidate

from ..conftest import SEEDS

SEED_A, SEED_B = sorted(SEEDS.glob("*.txt"))


@dataclass
class Server:
    base: str
    pages: dict[str, tuple[bytes, dict[str, str]]] = field(default_factory=dict)
    gets: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    posts: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    """Serves ``pages`` with their headers, answers 304 when If-None-Match holds the page's
    ETag or If-Modified-Since its Last-Modified, and keeps every POSTed JSON body."""
    state = Server("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.gets.append((self.path, dict(self.headers)))
            if self.path not in state.pages:
                self.send_response(404)
                self.end_headers()
                return
            body, headers = state.pages[self.path]
            etag, modified = headers.get("ETag"), headers.get("Last-Modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.posts.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _settings(tmp_path: Path, **watch: object) -> Settings:
    return load_settings(
        {"db": str(tmp_path / "watch.db"), "fetch": {"allow_private": True}, "watch": watch},
        environ={},
    )


def _page(seed: Path) -> bytes:
    title, _, body = seed.read_text("utf-8").partition("\n")
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Item {p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<link>{base}/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def test_parse_every() -> None:
    assert parse_every("10m") == 600
    assert parse_every("30s") == 30
    assert parse_every("1h") == 3600
    assert parse_every("90") == 90
    for bad in ("", "0", "-5m", "10 minutes", "m"):
        with pytest.raises(ConfigError, match="--every"):
            parse_every(bad)


def test_watch_lists_match_names_aliases_targets_and_whole_words() -> None:
    lists = WatchLists(
        load_settings(
            {"watch": {"actors": ["Salvini"], "targets": ["NATO"], "words": ["sanction"]}},
            environ={},
        ).watch
    )
    names = {
        "a1": Actor("a1", "Matteo Salvini", "person"),
        "a2": Actor("a2", "Lega", "org", ("League",)),
    }
    tie = Candidate("tie", "t", None, ("a1", "a2"), None, "", "")
    assert lists.match(tie, names) == ("actor:Salvini",)
    stance = Candidate("stance", "s", None, ("a2",), "nato", "against sanctions", "")
    # the target in any case; "sanction" is not a whole word of "sanctions"
    assert lists.match(stance, names) == ("target:NATO",)
    quote = Candidate("quote", "q", None, (), None, "A Sanction, he said.", "")
    assert lists.match(quote, names) == ("word:sanction",)
    assert lists.match(Candidate("story", "x", None, ("zz",), None, "Salvinism", ""), names) == ()


def test_failed_webhook_is_reported_not_raised(tmp_path: Path) -> None:
    alert = Alert("i", "quote", "q", "a", ("word:x",), "s", "2026-01-01T00:00:00+00:00")
    # a loopback port nobody listens on: the connection is refused
    settings = _settings(
        tmp_path,
        webhook="http://127.0.0.1:9/hook",
        webhook_timeout=2.0,
        alerts_file=str(tmp_path / "out" / "alerts.jsonl"),
    )
    problems = deliver([alert], settings.watch)
    assert len(problems) == 1 and "webhook http://127.0.0.1:9/hook" in problems[0]
    lines = (tmp_path / "out" / "alerts.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["i"]


def test_feed_conditional_get_then_304(tmp_path: Path, server: Server) -> None:
    server.pages["/a.html"] = (_page(SEED_A), {"Content-Type": "text/html"})
    server.pages["/page.html"] = (
        _page(SEED_B),
        {"Content-Type": "text/html", "Last-Modified": "Wed, 02 Dec 2026 10:00:00 GMT"},
    )
    server.pages["/feed.xml"] = (
        _feed(server.base, ["/a.html"]),
        {"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    settings = load_settings(
        {
            "db": str(tmp_path / "watch.db"),
            "fetch": {"allow_private": True},
            "pipeline": {"stages": ["language.v1"]},  # this test is about fetching
        },
        environ={},
    )
    inputs = [f"{server.base}/feed.xml", f"{server.base}/page.html"]
    with open_store(settings.db) as store:
        first = watch_round(inputs, store, settings)
    assert len(first.ingest.ok) == 2 and not first.unchanged and not first.ingest.failures
    assert first.analysis is not None and first.analysis.processed == 2
    server.gets.clear()
    with open_store(settings.db) as store:  # a restart: the validators come from the store
        second = watch_round(inputs, store, settings)
        assert store.counts()["articles_ok"] == 2
    assert sorted(second.unchanged) == sorted(inputs)
    assert not second.ingest.ok and not second.ingest.duplicates and second.analysis is None
    sent = {path: headers for path, headers in server.gets}
    assert sent["/feed.xml"]["If-None-Match"] == '"v1"'
    assert sent["/page.html"]["If-Modified-Since"] == "Wed, 02 Dec 2026 10:00:00 GMT"
    assert "/a.html" not in sent  # the feed did not change: its items are not fetched again

    # the feed changes: only the new item is fetched, the known one is not
    server.pages["/b.html"] = (
        _page(SEED_B).replace(b"<article>", b"<article><p>Update.</p>"),
        {"Content-Type": "text/html"},
    )
    server.pages["/feed.xml"] = (
        _feed(server.base, ["/a.html", "/b.html"]),
        {"Content-Type": "application/rss+xml", "ETag": '"v2"'},
    )
    server.gets.clear()
    with open_store(settings.db) as store:
        third = watch_round(inputs[:1], store, settings)
    assert [path for path, _ in server.gets] == ["/feed.xml", "/b.html"]
    assert len(third.ingest.ok) == 1


def test_folder_rounds_alert_once_to_jsonl_and_webhook(tmp_path: Path, server: Server) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_A, folder / SEED_A.name)
    (folder / "notes.png").write_bytes(b"\x89PNG")  # not an input format: left alone
    jsonl = tmp_path / "alerts.jsonl"
    settings = _settings(
        tmp_path,
        actors=["Salvini"],
        words=["Kremlin"],
        alerts_file=str(jsonl),
        webhook=f"{server.base}/hook",
    )
    printed: list[Alert] = []
    with open_store(settings.db) as store:
        rounds = watch([str(folder)], store, settings, every=1, once=True, on_alert=printed.append)
        assert rounds == 1
        first = alerts(store)
    assert first and printed and {a.id for a in first} == {a.id for a in printed}
    kinds = {a.kind for a in first}
    assert {"quote", "tie"} <= kinds
    for alert in first:
        assert alert.matched and all(m in ("actor:Salvini", "word:Kremlin") for m in alert.matched)
    salvini_quotes = [a for a in first if a.kind == "quote" and "actor:Salvini" in a.matched]
    assert all("Salvini" in a.summary for a in salvini_quotes)

    # a new file between two rounds: only it is read, and only its items alert
    shutil.copy(SEED_B, folder / SEED_B.name)
    with open_store(settings.db) as store:
        second = watch_round([str(folder)], store, settings)
        assert store.counts()["articles_ok"] == 2
    assert len(second.ingest.ok) == 1 and not second.ingest.duplicates
    assert second.alerts and not second.problems
    first_ids = {a.id for a in first}
    assert not first_ids & {a.id for a in second.alerts}
    new_article = second.ingest.ok[0]
    assert {a.article for a in second.alerts if a.kind != "story"} == {new_article}

    # nothing new: no alert is repeated
    with open_store(settings.db) as store:
        third = watch_round([str(folder)], store, settings)
    assert not third.ingest.ok and not third.alerts and third.analysis is None

    sent = [a.id for a in first] + [a.id for a in second.alerts]
    lines = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(sent)
    assert sorted(str(post["id"]) for post in server.posts) == sorted(sent)
    assert all(post["kind"] in ("tie", "stance", "quote", "story") for post in server.posts)


def test_first_watch_of_a_filled_store_does_not_alert_on_what_it_holds(tmp_path: Path) -> None:
    from newstrace.ingest import ingest
    from newstrace.pipeline import analyze

    settings = _settings(tmp_path, words=["Kremlin"])
    with open_store(settings.db) as store:
        ingest([str(SEED_A)], store, settings)
        analyze(store, settings)
        report = watch_round([str(tmp_path / "empty")], store, settings)
        assert not report.alerts and not alerts(store)
        assert [f.reason.split(":")[0] for f in report.ingest.failures] == ["not found"]


def test_watch_state_on_every_backend(store: SQLStore) -> None:
    """Migration 0012 and the state queries hold on SQLite and PostgreSQL alike."""
    assert state.validators(store, "http://x/feed") == state.Validators()
    state.save_validators(store, "http://x/feed", state.Validators('"e1"', None))
    state.save_validators(store, "http://x/feed", state.Validators('"e2"', "Wed, 02 Dec 2026"))
    assert state.validators(store, "http://x/feed").headers() == {
        "If-None-Match": '"e2"',
        "If-Modified-Since": "Wed, 02 Dec 2026",
    }
    state.save_file(store, "/in/a.txt", 10, 5_000_000_000_000_000_000)
    state.save_file(store, "/in/a.txt", 12, 6_000_000_000_000_000_000)
    assert state.files_read(store) == {"/in/a.txt": (12, 6_000_000_000_000_000_000)}
    alert = Alert(
        "al1", "tie", "t1", None, ("actor:X", "word:y"), "X <b> Y", "2026-12-03T10:00:00+00:00"
    )
    state.record(store, [("tie", "t1"), ("quote", "q1")], [alert])
    state.record(store, [("tie", "t1")], [alert])  # again: no duplicate, no error
    assert state.seen(store) == {("tie", "t1"), ("quote", "q1")}
    assert alerts(store) == [alert]


def test_workbench_lists_alerts_escaped(tmp_path: Path) -> None:
    from newstrace.web import WebConfig

    from ..web.conftest import Client

    settings = _settings(tmp_path)
    hostile = Alert(
        "al1",
        "quote",
        "q1",
        "art1",
        ("word:<b>x</b>",),
        'Someone: "<script>alert(1)</script>"',
        "2026-12-03T10:00:00+00:00",
    )
    with open_store(settings.db) as store:
        empty = Client(WebConfig(settings))
        assert "No alerts yet" in empty.get("/alerts").text
        empty.close()
        state.record(store, [("quote", "q1")], [hostile])
    client = Client(WebConfig(settings))
    try:
        response = client.get("/alerts")
        listed = client.get("/api/alerts?limit=1").json()
        as_csv = client.get("/api/alerts?format=csv").text
    finally:
        client.close()
    assert listed == {"items": [hostile.as_json()], "next": None}
    assert as_csv.splitlines()[0].startswith("id,kind,item,article,matched,summary")
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert "word:&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="/articles/art1"' in html and 'aria-current="page"' in html


def test_cli_watch_once_and_ctrl_c(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newstrace.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["watch", str(tmp_path), "--every", "soon"])
    assert bad.exit_code == 2 and "--every" in bad.output
    folder = tmp_path / "in"
    folder.mkdir()
    db = str(tmp_path / "cli.db")
    once = runner.invoke(app, ["watch", str(folder), "--once", "--db", db])
    assert once.exit_code == 0, once.output
    assert "watch: 0 new, 0 duplicate, 0 failed, 0 unchanged; 0 analysed; 0 alert(s)" in once.output

    # the loop runs a round, waits, and a Ctrl-C in the wait ends it with what was stored kept
    waits: list[float] = []

    def interrupted(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    settings = _settings(tmp_path)
    with open_store(settings.db) as store, pytest.raises(KeyboardInterrupt):
        watch([str(folder)], store, settings, every=600, sleep=interrupted)
    assert waits == [600, 600]
