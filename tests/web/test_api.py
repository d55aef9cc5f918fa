"""The JSON API over a real store of each backend, in process (httpx.ASGITransport)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newstrace.settings import Settings, load_settings
from newstrace.store import open_store

from .conftest import Client, make_client


def walk(client: Client, path: str) -> list[dict]:
    """Every item of a list, page by page, following ``next``."""
    items, cursor = [], None
    while True:
        sep = "&" if "?" in path else "?"
        url = f"{path}{sep}limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        items.extend(body["items"])
        cursor = body["next"]
        if cursor is None:
            return items


@pytest.mark.parametrize("name", ["articles", "actors", "quotes", "ties", "stories"])
def test_cursor_pages_and_jsonl_export_cover_the_whole_list(
    client: Client, seeded: Settings, name: str
) -> None:
    # ties: those the API shows by default, at [relations] tie_threshold (tests/web/test_shown.py)
    shown = {"min_confidence": seeded.relations.tie_threshold} if name == "ties" else {}
    with open_store(seeded.db) as store:
        # quotes: the lists show speech with a speaker unless asked for every attribution
        listed = store.quotes(speech=True) if name == "quotes" else getattr(store, name)(**shown)
        expected = {x.id for x in listed}
    assert expected, f"the seeds give {name}"
    paged = walk(client, f"/api/{name}")
    assert [x["id"] for x in paged] == sorted(expected)  # id order, no duplicate, none lost
    response = client.get(f"/api/{name}?format=jsonl")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert {x["id"] for x in lines} == expected and len(lines) == len(expected)


def test_filters_and_detail(client: Client, seeded: Settings) -> None:
    with open_store(seeded.db) as store:
        salvini = next(a for a in store.actors() if a.name == "Matteo Salvini")
    quotes = walk(client, f"/api/quotes?speaker={salvini.id}")
    assert quotes and all(q["speaker"] == salvini.id for q in quotes)
    assert {q["kind"] for q in quotes} <= {"direct", "reported"}
    with open_store(seeded.db) as store:
        every = {q.id for q in store.quotes()}
    assert {q["id"] for q in walk(client, "/api/quotes?all=1")} == every
    assert any("sanctions" in q["text"].lower() for q in quotes)
    ties = walk(client, f"/api/ties?actor={salvini.id}&kind=leader_of")
    assert ties and all(t["kind"] == "leader_of" for t in ties)
    detail = client.get(f"/api/actors/{salvini.id}").json()
    assert detail["name"] == "Matteo Salvini" and "Salvini" in detail["aliases"]
    assert {r["other"] for r in detail["roles"]} == {"League"}
    parties = walk(client, "/api/actors?type=party")
    assert parties and {a["type"] for a in parties} == {"party"}
    story = walk(client, "/api/stories")[0]
    full = client.get(f"/api/stories/{story['id']}").json()
    assert full["comparison"]["shared"], "the seed articles share claims"
    article = client.get(f"/api/articles/{story['articles'][0]}").json()
    assert article["text"] and article["mentions"] and article["story"] == story["id"]
    for m in article["mentions"]:
        assert article["text"][m["start"] : m["end"]] == m["text"]


def test_search_pages_facets_and_snippets(client: Client) -> None:
    body = client.get("/api/search", params={"q": "sanctions", "limit": 1}).json()
    assert body["facets"]["total"] >= 2 and body["next"]
    assert "[sanctions]" in body["items"][0]["snippet"].lower()
    second = client.get(
        "/api/search", params={"q": "sanctions", "limit": 1, "cursor": body["next"]}
    )
    assert second.json()["items"][0]["id"] != body["items"][0]["id"]
    actor = body["facets"]["actor"][0][0]
    filtered = client.get("/api/search", params={"q": "sanctions", "actor": actor}).json()
    assert filtered["facets"]["total"] <= body["facets"]["total"] and filtered["items"]
    language = client.get("/api/search", params={"q": "sanctions", "language": "ru"}).json()
    assert language["items"] == [] and language["facets"]["total"] == 0


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/nothing-here", 404, "not_found"),
        ("/api/articles/0000", 404, "not_found"),
        ("/api/actors?cursor=%%%", 400, "bad_cursor"),
        ("/api/actors?limit=0", 400, "bad_limit"),
        ("/api/actors?limit=many", 422, "invalid_request"),
        ("/api/search", 422, "invalid_request"),
    ],
)
def test_every_error_has_one_shape(client: Client, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_openapi_document_and_security_headers(client: Client) -> None:
    response = client.get("/api/openapi.json")
    doc = response.json()
    for path in ("/api/articles", "/api/actors", "/api/quotes", "/api/search", "/api/ingest"):
        assert path in doc["paths"]
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/docs").status_code == 404  # no Swagger UI from a CDN


def wait_for(client: Client, job_id: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish")


PASTED = (
    "Matteo Salvini, the leader of the League, met Vladimir Putin in Moscow on Tuesday. "
    '"We want the sanctions lifted," Salvini told reporters after the meeting. '
    "Luigi Di Maio said the Five Star Movement would stay in NATO."
)


@pytest.fixture
def empty(tmp_path: Path) -> Settings:
    return load_settings({"db": str(tmp_path / "w.db")}, environ={})


def test_ingest_paste_url_and_files_with_failures_recorded(empty: Settings, tmp_path: Path) -> None:
    client = make_client(empty)
    try:
        job = client.post(
            "/api/ingest",
            json={
                "articles": [{"text": PASTED, "title": "Salvini in Moscow", "outlet": "Paste"}],
                "urls": ["http://127.0.0.1:9/private", "file:///etc/passwd"],
            },
        )
        assert job.status_code == 202
        done = wait_for(client, job.json()["id"])
        assert done["state"] == "done" and len(done["ok"]) == 1
        reasons = " ".join(f["reason"] for f in done["failures"])
        assert len(done["failures"]) == 2 and "private" in reasons
        article = client.get(f"/api/articles/{done['ok'][0]}").json()
        assert article["title"] == "Salvini in Moscow" and article["mentions"]
        names = {a["name"] for a in client.get("/api/actors?limit=100").json()["items"]}
        assert {"Matteo Salvini", "Vladimir Putin"} <= names
        files = [
            (
                "files",
                (
                    "good.txt",
                    "Angela Merkel met Emmanuel Macron in Berlin on Monday to talk about sanctions against Russia and the future of NATO.",
                    "text/plain",
                ),
            ),
            ("files", ("binary.txt", b"\x00\x01\x02" * 100, "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
        ]
        upload = client.post("/api/ingest/files", files=files)
        assert upload.status_code == 202
        done = wait_for(client, upload.json()["id"])
        assert done["state"] == "done" and len(done["ok"]) == 1
        assert len(done["failures"]) == 2
        reasons = " ".join(f["reason"] for f in done["failures"])
        assert "binary" in reasons and "empty" in reasons
        failed = client.get("/api/articles?status=failed&limit=50").json()["items"]
        assert len(failed) == 4 and all(a["error"] for a in failed)
    finally:
        client.close()


def test_corrections_through_the_api_survive_a_rerun(empty: Settings) -> None:
    client = make_client(empty)
    try:
        wait_for(
            client, client.post("/api/ingest", json={"articles": [{"text": PASTED}]}).json()["id"]
        )
        actors = {a["name"]: a for a in client.get("/api/actors?limit=100").json()["items"]}
        salvini = actors["Matteo Salvini"]
        added = client.post(f"/api/actors/{salvini['id']}/aliases", json={"alias": "Capitano"})
        assert added.status_code == 200 and "Capitano" in added.json()["aliases"]
        # mechanics, not semantics, under test (the merged actor keeps the first one's name and
        # id even when the other is in the knowledge base)
        merged = client.post(
            "/api/actors/merge", json={"a": "Matteo Salvini", "b": "Vladimir Putin"}
        )
        assert merged.status_code == 200 and "Vladimir Putin" in merged.json()["aliases"]
        assert (merged.json()["name"], merged.json()["id"]) == ("Matteo Salvini", salvini["id"])
        unknown = client.post(
            "/api/actors/merge", json={"a": "Matteo Salvini", "b": "Nobody Atall"}
        )
        assert unknown.status_code == 404 and unknown.json()["error"]["message"]
        # a new article makes the actors stage run again: the corrections hold
        wait_for(
            client,
            client.post(
                "/api/ingest", json={"articles": [{"text": PASTED + " Salvini left."}]}
            ).json()["id"],
        )
        after = {a["name"]: a for a in client.get("/api/actors?limit=100").json()["items"]}
        assert "Vladimir Putin" not in after
        assert {"Capitano", "Vladimir Putin"} <= set(after["Matteo Salvini"]["aliases"])
    finally:
        client.close()


def test_writes_need_the_token_off_loopback_and_same_origin_always(empty: Settings) -> None:
    body = {"articles": [{"text": PASTED}]}
    local = make_client(empty)
    try:
        cross = local.post("/api/ingest", json=body, headers={"origin": "http://evil.example"})
        assert cross.status_code == 403 and cross.json()["error"]["code"] == "cross_origin"
    finally:
        local.close()
    closed = make_client(empty, host="0.0.0.0")
    try:
        refused = closed.post("/api/ingest", json=body)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "writes_disabled"
        assert closed.get("/api/actors").status_code == 200  # reads stay open
    finally:
        closed.close()
    guarded = make_client(empty, host="0.0.0.0", token="s3cret-token")
    try:
        assert guarded.post("/api/ingest", json=body).json()["error"]["code"] == "token_required"
        wrong = guarded.post("/api/ingest", json=body, headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = guarded.post(
            "/api/ingest", json=body, headers={"authorization": "Bearer s3cret-token"}
        )
        assert ok.status_code == 202
        assert wait_for(guarded, ok.json()["id"])["state"] == "done"
        form = guarded.post("/actors/0/alias", data={"alias": "x"})
        assert form.status_code == 401
    finally:
        guarded.close()


def test_the_serve_command_serves_the_store(empty: Settings) -> None:
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "newstrace", "serve", "--db", empty.db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        assert response.status_code == 200 and response.json()["counts"]["actors"] == 0
        assert "script-src 'self'" in response.headers["content-security-policy"]
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in stderr and "writes: open" in stderr


def test_split_rename_retype_and_delete_through_the_api_survive_a_rerun(empty: Settings) -> None:
    client = make_client(empty)
    try:
        wait_for(
            client, client.post("/api/ingest", json={"articles": [{"text": PASTED}]}).json()["id"]
        )
        actors = {a["name"]: a for a in client.get("/api/actors?limit=100").json()["items"]}
        salvini, nato = actors["Matteo Salvini"], actors["NATO"]
        url = f"/api/actors/{salvini['id']}/corrections"
        split = client.post(url, json={"kind": "split", "alias": "Salvini"})
        assert split.status_code == 200 and "Salvini" not in split.json()["aliases"]
        renamed = client.post(url, json={"kind": "rename", "name": "Matteo Salvini (League)"})
        assert renamed.json()["name"] == "Matteo Salvini (League)"
        assert renamed.json()["id"] == salvini["id"]
        retyped = client.post(url, json={"kind": "retype", "type": "organization"})
        assert retyped.json()["type"] == "organization"
        gone = client.post(f"/api/actors/{nato['id']}/corrections", json={"kind": "delete"})
        assert gone.status_code == 200 and gone.json()["deleted"] is True
        missing = client.post(url, json={"kind": "rename"})
        assert missing.status_code == 422 and missing.json()["error"]["code"] == "invalid_request"
        bad = client.post(url, json={"kind": "retype", "type": "galaxy"})
        assert bad.status_code == 400 and "NT321" in bad.json()["error"]["message"]
        # a new article makes the actors stage run again: the corrections hold
        wait_for(
            client,
            client.post(
                "/api/ingest", json={"articles": [{"text": PASTED + " NATO agreed."}]}
            ).json()["id"],
        )
        after = {a["name"]: a for a in client.get("/api/actors?limit=100").json()["items"]}
        assert "NATO" not in after
        kept = after["Matteo Salvini (League)"]
        assert kept["type"] == "organization" and "Salvini" not in kept["aliases"]
    finally:
        client.close()
