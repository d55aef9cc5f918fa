"""The API at par with the CLI: the same filters, names taken as the CLI takes them (an
unknown name a 404, an ambiguous one a 409 listing the candidates), the timeline, reposts and
similar articles, and every list as CSV too. Over a real store of each backend."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import typer

from newstrace.actors.manage import AmbiguousActor, find_actor
from newstrace.cli import app as cli
from newstrace.relations.shown import floors
from newstrace.relations.views import timeline
from newstrace.settings import Settings
from newstrace.store import open_store

from .conftest import Client
from .test_api import walk

# CLI command -> (API path, CLI option -> API parameter where the names differ); --all
# (``everything``) is ?all=1 everywhere
PARITY: dict[tuple[str, ...], tuple[str, dict[str, str]]] = {
    ("quotes",): ("/api/quotes", {}),
    ("ties",): ("/api/ties", {}),
    ("stances",): ("/api/stances", {}),
    ("timeline",): ("/api/timeline", {"name": "actor"}),
    ("actors", "list"): ("/api/actors", {}),
    ("reposts",): ("/api/reposts", {"all_kinds": "all"}),
    ("search",): ("/api/search", {"query": "q"}),
    ("similar",): ("/api/articles/{article_id}/similar", {}),
}
NOT_FILTERS = {"db", "config", "as_json"}


def test_every_cli_filter_is_an_api_parameter(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    root: Any = typer.main.get_command(cli)
    for words, (path, renamed) in PARITY.items():
        command = root
        for word in words:
            command = command.commands[word]
        renamed = {"everything": "all", "show_all": "all", **renamed}
        wanted = {renamed.get(p.name, p.name) for p in command.params} - NOT_FILTERS
        given = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert wanted <= given, (words, wanted - given)


def test_names_as_the_cli_takes_them(client: Client, seeded: Settings) -> None:
    with open_store(seeded.db) as store:
        salvini = find_actor(store, "Salvini")
        league = find_actor(store, "League")
        article = store.articles(status="ok")[0].id
    by_id = walk(client, f"/api/ties?actor={salvini.id}")
    assert by_id and walk(client, "/api/ties?actor=Salvini") == by_id
    assert walk(client, "/api/ties?actor=matteo%20salvini") == by_id  # any case, as the CLI
    quotes = walk(client, "/api/quotes?speaker=Salvini")
    assert quotes and {q["speaker"] for q in quotes} == {salvini.id}
    stances = walk(client, "/api/stances?actor=League")
    assert stances and {s["actor"] for s in stances} == {league.id}
    in_article = walk(client, f"/api/quotes?article={article[:6]}")
    assert in_article and {q["article"] for q in in_article} == {article}
    assert walk(client, f"/api/actors?article={article[:6]}") == walk(
        client, f"/api/actors?article={article}"
    )


def test_unknown_is_404_and_ambiguous_is_409(client: Client, seeded: Settings) -> None:
    for path in ("/api/ties", "/api/quotes", "/api/stances", "/api/timeline", "/api/events"):
        param = "speaker" if path == "/api/quotes" else "actor"
        unknown = client.get(path, params={param: "Nobody Atall Zzyzx"})
        assert unknown.status_code == 404, (path, unknown.text)
        assert unknown.json()["error"]["code"] == "not_found"
    # several people are called Stefano in the seeds: the CLI refuses the name, listing them
    with open_store(seeded.db) as store, pytest.raises(AmbiguousActor) as refused:
        find_actor(store, "Stefano")
    expected = {a.id for a in refused.value.candidates}
    assert len(expected) >= 2
    ambiguous = client.get("/api/ties", params={"actor": "Stefano"})
    assert ambiguous.status_code == 409
    error = ambiguous.json()["error"]
    assert error["code"] == "ambiguous" and {c["id"] for c in error["candidates"]} == expected
    assert all(c["name"] and c["type"] for c in error["candidates"])
    # a write that names an actor answers the same way, and changes nothing
    merge = client.post("/api/actors/merge", json={"a": "Stefano", "b": "Matteo Salvini"})
    assert merge.status_code == 409 and merge.json()["error"]["code"] == "ambiguous"
    assert {c["id"] for c in merge.json()["error"]["candidates"]} == expected
    assert client.get("/api/quotes", params={"article": "zz"}).status_code == 404


def test_stances_by_target_as_the_cli(client: Client) -> None:
    nato = walk(client, "/api/stances?target=NATO")
    assert nato and {s["target"] for s in nato} == {"NATO"}
    # an alias of a target names it, as `newstrace stances --target` does
    aliased = walk(client, "/api/stances?target=Russia%20sanctions")
    assert aliased and {s["target"] for s in aliased} == {"sanctions against Russia"}
    assert walk(client, "/api/stances?target=sanctions%20against%20Russia") == aliased


def test_timeline_endpoint(client: Client, seeded: Settings) -> None:
    with open_store(seeded.db) as store:
        salvini = find_actor(store, "Salvini")
        # what the API shows by default: the items at the [relations] thresholds
        expected = timeline(store, salvini.id, floors(seeded.relations))
    assert expected, "the seeds date some of Salvini's ties and events"
    items = walk(client, "/api/timeline?actor=Salvini")
    assert [(i["date"], i["kind"], i["text"]) for i in items] == [
        (x.date, x.kind, x.text) for x in expected
    ]
    assert all(i["evidence"] for i in items)
    lines = client.get("/api/timeline?actor=Salvini&format=jsonl").text.splitlines()
    assert [json.loads(line) for line in lines] == items
    assert client.get("/api/timeline").status_code == 422  # the actor is required


def _csv(client: Client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_every_list_as_csv(client: Client) -> None:
    for name in ("articles", "actors", "quotes", "ties", "stances", "events", "stories"):
        rows = _csv(client, f"/api/{name}?format=csv")
        assert [r["id"] for r in rows] == [x["id"] for x in walk(client, f"/api/{name}")], name
    ties = _csv(client, "/api/ties?format=csv&actor=Salvini")
    assert ties and all("Matteo Salvini" in (t["source_name"], t["target_name"]) for t in ties)
    assert all(t["evidence_text"] and int(t["evidence_count"]) >= 1 for t in ties)
    assert "evidence" not in ties[0]
    dated = _csv(client, "/api/timeline?actor=Salvini&format=csv")
    assert dated and all(len(r["date_start"]) == 10 for r in dated)
    hits = _csv(client, "/api/search?q=sanctions&format=csv")
    assert hits and all(h["snippet"] for h in hits)


def test_reposts_and_similar(client: Client, seeded: Settings) -> None:
    with open_store(seeded.db) as store:
        relations = [r for s in store.stories() for r in s.relations]
        first = store.articles(status="ok")[0].id
    everything = walk(client, "/api/reposts?all=true")
    assert len(everything) == len(relations) >= 1
    copies = walk(client, "/api/reposts")
    assert copies == [r for r in everything if r["kind"] != "independent"]
    mine = walk(client, f"/api/reposts?of={first[:6]}")
    assert mine and all(first in (r["article"], r["source_article"]) for r in mine)
    near = client.get(f"/api/articles/{first[:6]}/similar", params={"limit": 3}).json()
    assert near["items"] and all(i["id"] != first for i in near["items"])
    assert all(0 < i["similarity"] <= 1 for i in near["items"])
