"""The stage contract: registry, order check, and the incremental plan."""

from __future__ import annotations

from typing import Literal

import pytest

from newstrace.errors import PipelineError
from newstrace.model import StageRun
from newstrace.settings import load_settings
from newstrace.stages import build_stages, check_order, plan, registered
from newstrace.stages.base import settings_digest


class Fake:
    scope: Literal["article", "corpus"] = "article"

    def __init__(
        self,
        name: str,
        requires: tuple[str, ...],
        assigns: tuple[str, ...],
        version: int = 1,
        scope: Literal["article", "corpus"] = "article",
    ) -> None:
        self.name, self.version, self.requires, self.assigns, self.scope = (
            name,
            version,
            requires,
            assigns,
            scope,
        )


LANG = Fake("language", ("text",), ("language",))
ENTS = Fake("entities", ("text", "language"), ("sentences", "mentions", "parse"))
QUOTES = Fake("quotes", ("parse", "mentions"), ("quotes",))
ACTORS = Fake("actors", ("mentions",), ("actors",), scope="corpus")


def test_registry_lists_the_foundation_stages() -> None:
    assert {"language.v1", "entities.v2", "actors.v1"} <= set(registered())


def test_build_checks_names_and_order() -> None:
    settings = load_settings(environ={})
    assert [
        s.name for s in build_stages(["language.v1", "entities.v2", "actors.v1"], settings)
    ] == ["language", "entities", "actors"]
    with pytest.raises(PipelineError, match="requires language"):
        build_stages(["entities.v2", "language.v1"], settings)
    with pytest.raises(PipelineError, match=r"unknown stage 'quotes\.v9'"):
        build_stages(["language.v1", "quotes.v9"], settings)
    with pytest.raises(PipelineError, match=r"name\.v1"):
        build_stages(["language"], settings)


def test_a_retired_stage_names_its_replacement() -> None:
    settings = load_settings(environ={})
    with pytest.raises(PipelineError, match=r"'quotes\.v1' was replaced by 'quotes\.v2'") as e:
        build_stages(["language.v1", "entities.v4", "quotes.v1"], settings)
    assert e.value.code == "NT402"


def test_a_store_analysed_by_quotes_v1_reads_its_quotes_again() -> None:
    # the shipped pipeline over an article whose stored versions predate the tagger: quotes
    # re-runs with the parse it needs (entities) and relations, which reads quotes
    settings = load_settings(environ={})
    stages = [s for s in build_stages(settings.pipeline.stages, settings) if s.scope == "article"]
    digests = {s.name: settings_digest(s) for s in stages}
    done = {s.name: StageRun(s.version, digests[s.name]) for s in stages}
    assert plan(stages, done, digests) == []
    assert [s.name for s in plan(stages, done | {"quotes": StageRun(1)}, digests)] == [
        "entities",
        "quotes",
        "relations",
    ]


def test_article_stage_after_corpus_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="after a corpus stage"):
        check_order([LANG, ENTS, ACTORS, QUOTES])


def test_plan_runs_what_is_new_outdated_or_downstream() -> None:
    stages = [LANG, ENTS, QUOTES]
    assert [s.name for s in plan(stages, {})] == ["language", "entities", "quotes"]
    ran = {"language": StageRun(1), "entities": StageRun(1), "quotes": StageRun(1)}
    assert plan(stages, ran) == []
    # A new quotes version needs the transient parse: entities runs again, language does not.
    newer_quotes = Fake("quotes", ("parse", "mentions"), ("quotes",), version=2)
    assert [s.name for s in plan([LANG, ENTS, newer_quotes], ran)] == ["entities", "quotes"]
    # A new language version invalidates everything downstream of it.
    newer_lang = Fake("language", ("text",), ("language",), version=2)
    assert [s.name for s in plan([newer_lang, ENTS, QUOTES], ran)] == [
        "language",
        "entities",
        "quotes",
    ]


def test_plan_reruns_a_stage_whose_settings_changed() -> None:
    stages = [LANG, ENTS, QUOTES]
    digests = {"language": "l1", "entities": "e1", "quotes": "q1"}
    ran = {name: StageRun(1, digest) for name, digest in digests.items()}
    assert plan(stages, ran, digests) == []
    # quotes ran with other settings: it re-runs, with the parse it needs
    assert [s.name for s in plan(stages, ran, digests | {"quotes": "q2"})] == [
        "entities",
        "quotes",
    ]
    # changed language settings reach everything downstream
    assert [s.name for s in plan(stages, ran, digests | {"language": "l2"})] == [
        "language",
        "entities",
        "quotes",
    ]
    # a run recorded before settings were (no digest) counts as run with the current ones
    legacy = {name: StageRun(1) for name in digests}
    assert plan(stages, legacy, digests | {"quotes": "q2"}) == []


def test_the_settings_digest_follows_the_settings_and_the_files_they_name(tmp_path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("en\tverb\tgrumble\n", "utf-8")

    def digests(**quotes: object) -> dict[str, str]:
        environ = {f"NEWSTRACE_QUOTES__{k.upper()}": str(v) for k, v in quotes.items()}
        settings = load_settings(environ=environ)
        return {
            s.name: settings_digest(s) for s in build_stages(settings.pipeline.stages, settings)
        }

    default = digests()
    # corpus stages run on every analyze and declare no settings
    assert default["actors"] == default["stories"] == ""
    assert all(default[n] for n in ("language", "entities", "quotes", "relations", "embed"))
    assert digests() == default
    step = digests(tagger_step=192)
    assert step["quotes"] != default["quotes"]
    assert {n: d for n, d in step.items() if n != "quotes"} == {
        n: d for n, d in default.items() if n != "quotes"
    }
    # a cue file is read by quotes and relations; editing it in place changes both
    with_file = digests(cue_files=f'["{cues}"]')
    assert with_file["quotes"] != default["quotes"]
    assert with_file["relations"] != default["relations"]
    cues.write_text("en\tverb\tmutter\n", "utf-8")
    edited = digests(cue_files=f'["{cues}"]')
    assert edited["quotes"] != with_file["quotes"]
    assert edited["relations"] != with_file["relations"]
    assert edited["entities"] == default["entities"]
