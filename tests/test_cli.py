"""The command line, run as a user runs it: a real process, exit codes and files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newstrace.export import validate_analysis

from .conftest import SEEDS


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSTRACE_")}
    env["COLUMNS"] = "250"  # rich wraps tables to the terminal width; a wide one keeps lines whole
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_analyze_seeds_writes_json_and_report(tmp_path: Path) -> None:
    result = run("analyze", str(SEEDS), "--db", "s.db", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Ingest: 2 ok, 0 duplicate, 0 failed" in result.stdout
    assert "Most mentioned actors" in result.stdout and "Russia" in result.stdout
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))
    validate_analysis(analysis)
    assert len(analysis["articles"]) == 2
    report = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "<h1>newstrace report</h1>" in report
    # the untitled seed is listed by its lead sentence, as the CLI lists it, not by its path
    lead = "ROME — Italy’s Parliament convened Friday for the first time since"
    untitled = next(a for a in analysis["articles"] if a["title"] is None)
    assert untitled["heading"].startswith(lead) and lead in report
    assert "004_06f02ca1d58e7db8.txt" not in report
    # Again: duplicates only, still a success, nothing re-analysed.
    again = run("analyze", str(SEEDS), "--db", "s.db", cwd=tmp_path)
    assert (
        again.returncode == 0
        and "0 ok, 2 duplicate" in again.stdout
        and "Analysed 0 article(s)" in again.stdout
    )
    # --redo re-runs a stage on what the store holds, with no change at all.
    redo = run("analyze", "--db", "s.db", "--redo", "quotes", cwd=tmp_path)
    assert redo.returncode == 0 and "Analysed 2 article(s)" in redo.stdout, redo.stderr
    # a changed setting re-runs the stage it shapes by itself, once
    (tmp_path / "step.toml").write_text("[quotes]\ntagger_step = 192\n", "utf-8")
    changed = run("analyze", "--db", "s.db", "--config", "step.toml", cwd=tmp_path)
    assert "Analysed 2 article(s)" in changed.stdout, changed.stderr
    assert "articles per stage: entities.v4 2, quotes.v2 2, relations.v1 2" in changed.stdout
    again = run("analyze", "--db", "s.db", "--config", "step.toml", cwd=tmp_path)
    assert "Analysed 0 article(s)" in again.stdout, again.stderr


def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", "utf-8")
    failed = run("analyze", str(tmp_path / "empty.txt"), "--db", "e.db", cwd=tmp_path)
    assert failed.returncode == 1 and "empty" in failed.stdout
    assert run("analyze", "--workers", "many", cwd=tmp_path).returncode == 2
    assert run("export", "--format", "xml", cwd=tmp_path).returncode == 2
    # an unknown eval task is a usage error that lists the tasks, before any data is read
    unknown = run("eval", "actor", cwd=tmp_path)
    assert unknown.returncode == 2 and "extraction, ner, quotes" in unknown.stderr
    # a stage that cannot be redone is refused before anything is ingested
    misspelt = run("analyze", str(SEEDS), "--db", "m.db", "--redo", "quote", cwd=tmp_path)
    assert misspelt.returncode == 3 and "cannot redo 'quote'" in misspelt.stderr
    assert not (tmp_path / "m.db").exists()
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[ingest]\nmax_byte = 3\n", "utf-8")
    result = run("ingest", str(SEEDS), "--config", str(bad_config), cwd=tmp_path)
    assert result.returncode == 3 and "unknown setting(s) in [ingest]: max_byte" in result.stderr


def test_stdin_export_formats_and_search(tmp_path: Path) -> None:
    text = (SEEDS / "004_06f02ca1d58e7db8.txt").read_text("utf-8")
    assert run("ingest", "-", "--db", "x.db", cwd=tmp_path, stdin=text).returncode == 0
    assert run("analyze", "--db", "x.db", cwd=tmp_path).returncode == 0
    jsonl = run("export", "--format", "jsonl", "--db", "x.db", cwd=tmp_path)
    assert jsonl.returncode == 0 and json.loads(jsonl.stdout.splitlines()[0])["record"] == "article"
    assert (
        run("export", "--format", "csv", "--out", "csv", "--db", "x.db", cwd=tmp_path).returncode
        == 0
    )
    assert (tmp_path / "csv" / "actors.csv").stat().st_size > 100
    found = run("search", "Salvini", "--db", "x.db", cwd=tmp_path)
    assert found.returncode == 0 and "[Salvini]" in found.stdout
    # the article has no title: listings call it by its lead sentence
    assert "ROME — Italy’s Parliament convened Friday" in found.stdout
    # a word to exclude is a query word, not an option, wherever it stands
    for args in (
        ["Salvini", "--db", "x.db", "-Putin"],
        ["-Putin", "Salvini", "--db", "x.db"],
        ["--db", "x.db", "--", "Salvini", "-Putin"],
    ):
        excluded = run("search", *args, cwd=tmp_path)
        assert excluded.returncode == 0 and "No match." in excluded.stdout, excluded
    kept = run("search", "Salvini", "-Trudeau", "--db", "x.db", cwd=tmp_path)
    assert kept.returncode == 0 and "[Salvini]" in kept.stdout
    only = run("search", "-Putin", "--db", "x.db", cwd=tmp_path)
    assert only.returncode == 2 and "only excludes" in only.stderr


def test_env_selects_the_database(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSTRACE_")},
        "NEWSTRACE_DB": str(tmp_path / "env.db"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "newstrace", "ingest", str(SEEDS)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0 and (tmp_path / "env.db").exists()


def test_stories_story_and_reposts(tmp_path: Path) -> None:
    assert run("analyze", str(SEEDS), "--db", "s.db", "--out", "out", cwd=tmp_path).returncode == 0
    listing = run("stories", "--db", "s.db", cwd=tmp_path)
    assert listing.returncode == 0 and "The success of Kremlin-connected" in listing.stdout
    story_id = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))["stories"][0][
        "id"
    ]
    shown = run("story", story_id[:8], "--db", "s.db", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert (
        "independent" in shown.stdout
        and "Claims in several outlets" in shown.stdout
        and "Only in" in shown.stdout
    )
    # the seeds are undated (no dangling dash), and the untitled seed is named by its lead
    # sentence beside its claims, as in the article table, not by its file path
    assert "2 article(s), undated\n" in shown.stdout
    assert "[ROME — Italy’s Parliament" in shown.stdout
    assert "[examples/seeds/004" not in shown.stdout
    as_json = json.loads(run("story", story_id, "--json", "--db", "s.db", cwd=tmp_path).stdout)
    assert as_json["comparison"]["shared"]
    assert (
        "No translations or republications found."
        in run("reposts", "--db", "s.db", cwd=tmp_path).stdout
    )
    everything = run("reposts", "--all", "--db", "s.db", cwd=tmp_path)
    # Independent reports: 000's machine-translation artefacts are no evidence of copying.
    assert "independent" in everything.stdout and "Movement five stars" not in everything.stdout
    report = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "Claims carried by several outlets" in report and "Movement five stars" in report
    assert run("story", "nope", "--db", "s.db", cwd=tmp_path).returncode == 1
    first = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))["articles"][0]["id"]
    near = run("similar", first[:6], "--db", "s.db", cwd=tmp_path)
    assert near.returncode == 0 and "similarity" in near.stdout


def test_every_command_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    result = run("analyze", str(SEEDS), "--db", postgres_url, "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))
    validate_analysis(analysis)
    assert len(analysis["articles"]) == 2 and len(analysis["stories"]) == 1
    assert (
        "0 ok, 2 duplicate" in run("ingest", str(SEEDS), "--db", postgres_url, cwd=tmp_path).stdout
    )
    assert "[Salvini]" in run("search", "Salvini", "--db", postgres_url, cwd=tmp_path).stdout
    assert "Kremlin" in run("stories", "--db", postgres_url, cwd=tmp_path).stdout
    story_id = analysis["stories"][0]["id"]
    assert "independent" in run("story", story_id, "--db", postgres_url, cwd=tmp_path).stdout
    assert run("reposts", "--all", "--db", postgres_url, cwd=tmp_path).returncode == 0
    near = run("similar", analysis["articles"][0]["id"][:6], "--db", postgres_url, cwd=tmp_path)
    assert near.returncode == 0 and analysis["articles"][1]["id"][:8] in near.stdout
    jsonl = run("export", "--format", "jsonl", "--db", postgres_url, cwd=tmp_path)
    assert jsonl.returncode == 0 and len(jsonl.stdout.splitlines()) >= 2 + len(analysis["actors"])
    # The same export as the embedded store gives for the same input.
    local = run("analyze", str(SEEDS), "--db", "local.db", "--out", "local", cwd=tmp_path)
    assert local.returncode == 0
    mine = json.loads((tmp_path / "local" / "analysis.json").read_text("utf-8"))
    for key in ("articles", "actors", "stories"):
        assert len(mine[key]) == len(analysis[key])
    assert sorted(a["name"] for a in mine["actors"]) == sorted(
        a["name"] for a in analysis["actors"]
    )
    bad = run("stories", "--db", "postgresql://nobody:secret@127.0.0.1:1/none", cwd=tmp_path)
    assert bad.returncode == 3 and "secret" not in bad.stderr and "NT302" in bad.stderr


def test_actors_rename_retype_and_delete(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Matteo Salvini, the leader of the League, met Vladimir Putin in Moscow on Tuesday."
        " NATO said nothing. Salvini left.",
        "utf-8",
    )
    assert run("analyze", "a.txt", "--db", "s.db", cwd=tmp_path).returncode == 0
    renamed = run(
        "actors", "rename", "Salvini", "Matteo Salvini (League)", "--db", "s.db", cwd=tmp_path
    )
    assert renamed.returncode == 0, renamed.stderr
    assert "Matteo Salvini (League)" in renamed.stdout
    retyped = run("actors", "retype", "NATO", "party", "--db", "s.db", cwd=tmp_path)
    assert retyped.returncode == 0 and "party" in retyped.stdout
    bad = run("actors", "retype", "NATO", "galaxy", "--db", "s.db", cwd=tmp_path)
    assert bad.returncode != 0 and "NT321" in bad.stderr

    def ties() -> list[dict[str, str]]:
        listed = run("ties", "--all", "--json", "--db", "s.db", cwd=tmp_path)
        return [json.loads(line) for line in listed.stdout.splitlines()]

    assert any("Vladimir Putin" in (t["source_name"], t["target_name"]) for t in ties())
    deleted = run("actors", "delete", "Vladimir Putin", "--db", "s.db", cwd=tmp_path)
    assert deleted.returncode == 0 and "deleted Vladimir Putin" in deleted.stdout
    # a tie whose end made no actor any more is left out, not shown with a bare id
    left = ties()
    assert all(t["source_name"] != t["source"] and t["target_name"] != t["target"] for t in left)
    assert not any("Vladimir Putin" in (t["source_name"], t["target_name"]) for t in left)
    listed = run("actors", "list", "--db", "s.db", cwd=tmp_path).stdout
    assert "Matteo Salvini (League)" in listed and "Vladimir Putin" not in listed
    missing = run("actors", "delete", "Nobody Atall", "--db", "s.db", cwd=tmp_path)
    assert missing.returncode != 0 and "no actor named" in missing.stderr


def test_a_read_command_on_a_missing_store_says_so(tmp_path: Path) -> None:
    """A mistyped --db is an error that names the path, and makes no empty store there."""
    for command in (["stories"], ["ties"], ["quotes", "--contains", "x"]):
        result = run(*command, "--db", "typo.db", cwd=tmp_path)
        assert result.returncode == 3, result.stderr
        assert "no store at typo.db" in result.stderr and "NT010" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_ties_of_a_kind_the_store_lacks_name_the_kinds_it_has(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Matteo Salvini, the leader of the League, met Vladimir Putin in Moscow on Tuesday.",
        "utf-8",
    )
    assert run("analyze", "a.txt", "--db", "s.db", cwd=tmp_path).returncode == 0
    result = run("ties", "--kind", "roles", "--db", "s.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no ties of kind 'roles'; the store has:" in result.stdout
    assert "meeting" in result.stdout.split("the store has:")[1]
