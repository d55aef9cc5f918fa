"""The stage contract: registry, order check, and the incremental plan."""

from __future__ import annotations

from typing import Literal

import pytest

from newstrace.errors import PipelineError
from newstrace.settings import load_settings
from newstrace.stages import build_stages, check_order, plan, registered


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
    done = {s.name: s.version for s in stages}
    assert plan(stages, done) == []
    assert [s.name for s in plan(stages, done | {"quotes": 1})] == [
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
    assert plan(stages, {"language": 1, "entities": 1, "quotes": 1}) == []
    # A new quotes version needs the transient parse: entities runs again, language does not.
    newer_quotes = Fake("quotes", ("parse", "mentions"), ("quotes",), version=2)
    assert [
        s.name
        for s in plan([LANG, ENTS, newer_quotes], {"language": 1, "entities": 1, "quotes": 1})
    ] == ["entities", "quotes"]
    # A new language version invalidates everything downstream of it.
    newer_lang = Fake("language", ("text",), ("language",), version=2)
    assert [
        s.name
        for s in plan([newer_lang, ENTS, QUOTES], {"language": 1, "entities": 1, "quotes": 1})
    ] == ["language", "entities", "quotes"]
