"""The exports that the field's tools open: FollowTheMoney entities (checked with the
followthemoney package and its ``ftm`` command), GEXF and GraphML (read back with networkx),
and CSV for pandas (names beside ids, dates as strings, evidence in columns)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from followthemoney import model
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.export import build_analysis, iter_ftm, write_csv, write_graph
from newstrace.export.dates import date_span
from newstrace.ingest import ingest
from newstrace.pipeline import analyze
from newstrace.settings import load_settings
from newstrace.store import open_store

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("formats") / "seeds.db")
    settings = load_settings({"db": location}, environ={})
    with open_store(location) as store:
        ingest([str(SEEDS)], store, settings)
        analyze(store, settings)
    return location


@pytest.fixture(scope="module")
def exported(seeds_db: str) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    with open_store(seeds_db) as store:
        yield build_analysis(store), {a.id: a.text for a in store.articles()}


@pytest.fixture(scope="module")
def exported_all(seeds_db: str) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """Every item, also below the confidence thresholds, so every tie kind the seeds give is
    mapped."""
    with open_store(seeds_db) as store:
        yield build_analysis(store, everything=True), {a.id: a.text for a in store.articles()}


def test_ftm_entities_validate_with_followthemoney(exported_all) -> None:
    analysis, texts = exported_all
    entities = list(iter_ftm(analysis, texts))
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "entity ids are unique"
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert schema.validate(data) is None, data  # required properties are there
        proxy = model.get_proxy(data, cleaned=False)  # every value cleaned by its type again
        assert proxy.to_dict()["properties"] == data["properties"], data
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                for ref in proxy.get(prop):
                    assert ref in by_id, (data["id"], prop.name, ref)  # no dangling reference
                    assert model.get(by_id[ref]["schema"]).is_a(prop.range), (prop.name, ref)
    schemata = {e["schema"] for e in entities}
    assert schemata >= {
        "Article",
        "Person",
        "Organization",
        "PublicBody",
        "Address",
        "Documentation",
        "Membership",
        "Directorship",
        "Associate",
        "UnknownLink",
        "Event",
    }
    named = {e["properties"].get("name", [""])[0]: e for e in entities}
    salvini, league = named["Matteo Salvini"], named["League"]
    assert salvini["schema"] == "Person" and league["properties"]["topics"] == ["pol.party"]
    assert named["Russia"]["schema"] == "PublicBody"
    assert named["Russia"]["properties"]["jurisdiction"] == ["ru"]
    leads = [
        e
        for e in entities
        if e["schema"] == "Directorship"
        and e["properties"]["director"] == [salvini["id"]]
        and e["properties"]["organization"] == [league["id"]]
    ]
    assert leads and all(e["properties"]["proof"] for e in leads)
    # the denied funding is a denied link, never a Payment
    denied = [e for e in entities if e["properties"].get("status") == ["denied"]]
    assert denied and all(e["schema"] == "UnknownLink" for e in denied)
    assert {e["properties"]["role"][0] for e in denied} == {
        f"denied {t['kind']}" for t in analysis["ties"] if t["negated"]
    }
    # provenance: each actor is documented in the articles that name it, with the names as written
    article_ids = {e["id"]: e for e in entities if e["schema"] == "Article"}
    for doc in (e for e in entities if e["schema"] == "Documentation"):
        body = article_ids[doc["properties"]["document"][0]]["properties"]["bodyText"][0]
        assert all(name in body for name in doc["properties"]["namesMentioned"])
    assert not any(e["properties"].get("name") == ["a source"] for e in entities)
    # a decade is a start and an end year
    sixties = [e for e in entities if e["properties"].get("startDate") == ["1960"]]
    assert sixties and sixties[0]["properties"]["endDate"] == ["1969"]


def test_ftm_cli_output_passes_ftm_validate(seeds_db: str, tmp_path: Path) -> None:
    out = tmp_path / "entities.ftm.json"
    shown = CliRunner().invoke(app, ["export", "-f", "ftm", "--db", seeds_db, "-o", str(out)])
    assert shown.exit_code == 0, shown.output
    ftm = Path(sys.executable).parent / "ftm"
    checked = tmp_path / "checked.json"
    subprocess.run([str(ftm), "validate", "-i", str(out), "-o", str(checked)], check=True)
    mine = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    again = [json.loads(line) for line in checked.read_text("utf-8").splitlines()]
    assert len(mine) == len(again) > 100
    for a, b in zip(mine, again, strict=True):
        assert (a["id"], a["schema"], a["properties"]) == (b["id"], b["schema"], b["properties"])


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_files_read_back_with_networkx(exported, fmt: str, tmp_path: Path) -> None:
    analysis, _ = exported
    path = tmp_path / f"network.{fmt}"
    write_graph(analysis, fmt, path)
    graph = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == len(analysis["actors"])
    assert graph.number_of_edges() == len(analysis["ties"])
    for actor in analysis["actors"]:
        node = graph.nodes[actor["id"]]
        assert (node["name"], node["type"], int(node["mentions"])) == (
            actor["name"],
            actor["type"],
            actor["mentions"],
        )
    edges = {key: (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}
    for tie in analysis["ties"]:
        u, v, data = edges[tie["id"]]
        assert (u, v, data["kind"]) == (tie["source"], tie["target"], tie["kind"])
        assert data["negated"] in (tie["negated"], str(tie["negated"]).lower())
        assert data["date"] == (tie["date"] or "") and int(data["evidence"]) == len(tie["evidence"])
        assert data["sentence"] and data["sentence"] in {
            e.get("sentence") or e["text"] for e in tie["evidence"]
        }
    assert any(d["date"] for _, _, d in edges.values())


def test_graph_to_stdout_from_the_cli(seeds_db: str) -> None:
    shown = CliRunner().invoke(app, ["export", "-f", "graphml", "--db", seeds_db])
    assert shown.exit_code == 0
    graph = nx.read_graphml(io.BytesIO(shown.stdout_bytes))
    assert graph.number_of_edges() > 0


def test_csv_for_pandas(exported, tmp_path: Path) -> None:
    analysis, texts = exported
    folder = write_csv(analysis, tmp_path / "csv")
    ties = pd.read_csv(folder / "ties.csv")
    names = {a["id"]: a["name"] for a in analysis["actors"]}
    assert list(ties["source_name"]) == [names[t["source"]] for t in analysis["ties"]]
    assert list(ties["target_name"]) == [names[t["target"]] for t in analysis["ties"]]
    dated = ties.dropna(subset=["date_start"])
    assert len(dated) == sum(1 for t in analysis["ties"] if t["date"])
    assert ties["date_start"].dtype != float and ties["date_end"].dtype != float
    assert all(len(d) == 10 and d[4] == "-" for d in dated["date_start"])
    assert "2016.0" not in (folder / "ties.csv").read_text("utf-8")
    for row, tie in zip(ties.to_dict("records"), analysis["ties"], strict=True):
        assert row["evidence_count"] == len(tie["evidence"])
        text = texts[row["evidence_article"]]
        assert text[row["evidence_start"] : row["evidence_end"]] == row["evidence_text"]
        assert "evidence" not in row  # no JSON blob
        if tie["date"]:
            span = date_span(tie["date"])
            assert span and row["date_start"] == span.start
    events = pd.read_csv(folder / "events.csv")
    assert set(events["date_precision"]) <= {"day", "month", "year", "decade"}
    assert "1960-01-01" in set(events["date_start"])
    stances = pd.read_csv(folder / "stances.csv")
    assert list(stances["actor_name"]) == [names[s["actor"]] for s in analysis["stances"]]
    quotes = pd.read_csv(folder / "quotes.csv")
    named = quotes.dropna(subset=["speaker"])
    assert all(names[s] == n for s, n in zip(named["speaker"], named["speaker_name"], strict=True))
    spans = pd.read_csv(folder / "evidence.csv")
    total = sum(
        len(item.get("evidence") or [])
        for section in ("actors", "quotes", "ties", "stances", "events")
        for item in analysis[section]
    )
    assert len(spans) == total
    for row in spans.head(50).to_dict("records"):
        assert texts[row["article"]][row["start"] : row["end"]] == row["text"]


def test_date_span() -> None:
    assert date_span("2016") is not None and date_span("2016").end == "2016-12-31"  # type: ignore[union-attr]
    feb = date_span("2016-02")
    assert feb is not None and (feb.start, feb.end, feb.precision) == (
        "2016-02-01",
        "2016-02-29",
        "month",
    )
    assert date_span("2016-02-03") == date_span("2016-02-03")
    assert date_span("1960s") is not None and date_span("1960s").end == "1969-12-31"  # type: ignore[union-attr]
    assert date_span(None) is None and date_span("") is None
    assert date_span("2016-13") is None and date_span("soon") is None
