"""The Ray Data runner gives the same analysis as the local runner on the same input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.export import build_analysis
from newstrace.ingest import ingest
from newstrace.pipeline import analyze
from newstrace.settings import load_settings
from newstrace.store import open_store

from ..conftest import SEEDS
from ..ingest.test_inputs import write_warc

ray = pytest.importorskip(
    "ray", reason="the Ray extra is not installed (pip install 'newstrace[ray]')"
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    from newstrace.scale.ray_runner import RayOptions, start_ray

    start_ray(RayOptions(num_cpus=2))
    yield
    ray.shutdown()


def inputs(folder: Path, make_html) -> list[str]:
    texts = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    folder.mkdir()
    write_warc(
        folder / "shard.warc.gz",
        [
            (
                "https://www.example.com/italy",
                make_html("Italy and Moscow", texts["004_06f02ca1d58e7db8.txt"]),
            )
        ],
    )
    paragraphs = [p for p in texts["000_6bea74e761890eb2.txt"].split("\n\n") if len(p) > 200]
    (folder / "more.jsonl").write_text(
        "\n".join(json.dumps({"text": p, "outlet": "wire"}) for p in paragraphs) + "\n", "utf-8"
    )
    return [str(SEEDS), str(folder / "*.jsonl"), str(folder / "shard.warc.gz")]


def summary(location: str) -> dict[str, object]:
    with open_store(location) as store:
        analysis = build_analysis(store)
    return {
        "articles": sorted((a["id"], a["status"], a["language"]) for a in analysis["articles"]),
        "actors": sorted((a["name"], a["type"], a["mentions"]) for a in analysis["actors"]),
        "stories": sorted(sorted(s["articles"]) for s in analysis["stories"]),
        "relations": sorted(
            (r["article"], r["source_article"], r["kind"])
            for s in analysis["stories"]
            for r in s["relations"]
        ),
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ray_matches_local(
    local_ray, backend: str, tmp_path: Path, make_html, request: pytest.FixtureRequest
) -> None:
    from newstrace.scale.ray_runner import RayOptions, ray_analyze, ray_ingest

    paths = inputs(tmp_path / "in", make_html)
    ray_db = (
        str(tmp_path / "ray.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    )
    local_db = str(tmp_path / "local.db")
    settings = load_settings({"pipeline": {"batch_size": 4}}, environ={})
    with open_store(ray_db) as store:
        result = ray_ingest(paths, store, settings, RayOptions())
        report = ray_analyze(store, settings, RayOptions())
    assert len(result.ok) >= 5 and not result.failures and report.processed == len(result.ok)
    with open_store(local_db) as store:
        ingest(paths, store, settings)
        analyze(store, settings)
    assert summary(ray_db) == summary(local_db)
    # stored in input order, as locally: stories are built in order of arrival
    with open_store(ray_db) as ray_store, open_store(local_db) as local_store:
        assert [a.source for a in ray_store.articles()] == [
            a.source for a in local_store.articles()
        ]
    # Incremental under Ray too: nothing new, nothing processed.
    with open_store(ray_db) as store:
        assert ray_analyze(store, settings, RayOptions()).processed == 0


def test_files_finishing_out_of_order_are_stored_in_input_order() -> None:
    from newstrace.scale.ray_runner import InOrder

    order = InOrder()
    assert order.add(2, 0, 1, b"c") == []  # the third file finished first
    assert order.add(1, 1, 2, b"b2") == []
    assert order.add(0, 0, 0, None) == []  # the first file had nothing to store
    assert order.add(1, 0, 2, b"b1") == [b"b1", b"b2", b"c"]
    assert order.add(3, 0, 1, b"d") == [b"d"]
