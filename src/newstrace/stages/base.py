"""Stages and their registry. A stage is registered under a versioned name (``entities.v1``),
declares what it ``requires`` and what it ``assigns``, and does no database or network I/O:
the runner loads its inputs and writes its outputs.

An article stage may also say which settings shape its output (``config()``: values, and the
digests of the files it reads). The store records their digest with the stage's version, so a
changed setting, or a lexicon edited in place, re-runs the stage like a new version does.

Two scopes:
- ``article`` stages work on a batch of AnalysisDoc and set attributes on them;
- ``corpus`` stages see every article's stored outputs at once (actors across articles,
  story clustering) and return a CorpusResult for the runner to store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ..errors import PipelineError
from ..ids import make_id
from ..model import (
    Actor,
    AnalysisDoc,
    Article,
    Embedding,
    Mention,
    Sentence,
    StageRun,
    Story,
    Tie,
)

if TYPE_CHECKING:
    from ..settings import Settings

# Attributes every AnalysisDoc has before any stage runs.
INITIAL = frozenset({"article", "text"})
# Attributes that live only in memory during a batch (never stored, never sent to a worker
# and back): a stage that needs one makes the runner re-run the stage that sets it.
TRANSIENT = frozenset({"parse"})


@dataclass(slots=True)
class Corpus:
    """What a corpus stage reads: every ok article (in ingest order) and the stored outputs of
    the stages before it. ``sentences`` loads one article's sentences on demand."""

    articles: list[Article]
    mentions: list[Mention]
    embeddings: dict[str, Embedding] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)  # article -> its story, if any
    sentences: Callable[[str], list[Sentence]] | None = None
    corrections: list[tuple[str, str, str, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class CorpusResult:
    """What a corpus stage returns; the runner stores what is not None.

    ``actors`` replaces the automatic actors, with ``aliases`` (actor id, alias, key) and
    ``assignments`` (mention id, actor id). ``stories`` are the stories that changed (new
    members, new relations); stories not listed stay as stored."""

    actors: list[Actor] | None = None
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    assignments: list[tuple[str, str]] = field(default_factory=list)
    stories: list[Story] | None = None
    ties: list[tuple[str, Tie]] | None = None  # (article, tie), replacing the stage's own
    # (article, day ordinal, its (anchor, in headline and lead) pairs): what the corpus index
    # records of each article the stories stage placed (store/corpus_index.py)
    placed: list[tuple[str, int | None, tuple[tuple[str, bool], ...]]] | None = None
    # a pass over part of the corpus (the new articles): actors, aliases and assignments are
    # added to the stored ones, and ``ties`` to the stage's own, instead of replacing them
    partial: bool = False
    resolved: list[str] | None = None  # the articles whose mentions this pass resolved


class Stage(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def scope(self) -> Literal["article", "corpus"]: ...
    @property
    def requires(self) -> tuple[str, ...]: ...
    @property
    def assigns(self) -> tuple[str, ...]: ...


class ArticleStage(Stage, Protocol):
    def __call__(self, docs: list[AnalysisDoc]) -> None: ...


class CorpusStage(Stage, Protocol):
    def __call__(self, corpus: Corpus) -> CorpusResult: ...


StageFactory = Callable[["Settings"], Stage]
_REGISTRY: dict[str, StageFactory] = {}
# Keys no longer registered: what replaced each, and why, for settings that still name it.
RETIRED = {
    "quotes.v1": ("quotes.v2", "quotes are now read by the attribution tagger with the rules"),
}


def register(key: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name.vN``."""
    parse_key(key)

    def decorate(factory: StageFactory) -> StageFactory:
        _REGISTRY[key] = factory
        return factory

    return decorate


def stage_key(stage: Stage) -> str:
    """``name.vN``, the key a stage is registered and recorded under."""
    return f"{stage.name}.v{stage.version}"


def parse_key(key: str) -> tuple[str, int]:
    name, _, version = key.rpartition(".v")
    if not name or not version.isdigit():
        raise PipelineError(f"stage key {key!r} must look like 'name.v1'", code="NT401")
    return name, int(version)


def registered() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def _load_builtin() -> None:
    # Importing the modules registers their stages; kept lazy so `import newstrace` stays light.
    from . import actors, embed, entities, language, quotes, relations, stories  # noqa: F401


def build_stages(keys: Sequence[str], settings: Settings) -> list[Stage]:
    """Instantiate the named stages (models load lazily, on first use) and check their order."""
    _load_builtin()
    stages = []
    for key in keys:
        parse_key(key)
        if key in RETIRED:
            new, why = RETIRED[key]
            raise PipelineError(
                f"stage {key!r} was replaced by {new!r} ({why}); name {new!r} in [pipeline] stages",
                code="NT402",
            )
        if key not in _REGISTRY:
            raise PipelineError(
                f"unknown stage {key!r}; registered: {', '.join(sorted(_REGISTRY))}", code="NT402"
            )
        stage = _REGISTRY[key](settings)
        if (stage.name, stage.version) != parse_key(key):
            raise PipelineError(f"stage {key!r} reports itself as {stage_key(stage)}")
        stages.append(stage)
    check_order(stages)
    return stages


def check_order(stages: Sequence[Stage]) -> None:
    """Every requirement must be set by an earlier stage; corpus stages come last."""
    available = set(INITIAL)
    seen_corpus = False
    for stage in stages:
        missing = set(stage.requires) - available
        if missing:
            raise PipelineError(
                f"stage {stage_key(stage)} requires {', '.join(sorted(missing))},"
                " which no earlier stage assigns",
                code="NT403",
            )
        if stage.scope == "article" and seen_corpus:
            raise PipelineError(
                f"article stage {stage.name} comes after a corpus stage", code="NT404"
            )
        seen_corpus = seen_corpus or stage.scope == "corpus"
        available |= set(stage.assigns)


def file_digests(paths: Iterable[str]) -> dict[str, str]:
    """Each named file's content digest, so that a file edited in place counts as a change of
    setting (``"unreadable"`` where it cannot be read: the stage itself reports that)."""
    out = {}
    for path in paths:
        try:
            out[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
        except OSError:
            out[path] = "unreadable"
    return out


def settings_digest(stage: Stage) -> str:
    """A digest of what shapes ``stage``'s output besides its code (its ``config()``), ``""``
    for a stage that declares none."""
    config: Callable[[], dict[str, Any]] | None = getattr(stage, "config", None)
    if config is None:
        return ""
    return make_id("settings", json.dumps(config(), sort_keys=True, ensure_ascii=False))


def plan(
    stages: Sequence[Stage], done: dict[str, StageRun], digests: dict[str, str] | None = None
) -> list[Stage]:
    """The article stages one article needs: those not yet run at their current version and
    settings (``digests``: each stage's ``settings_digest``), those downstream of them, and the
    producers of transient attributes that these require. A run recorded without a digest
    counts as run with the current settings."""
    digests = digests or {}

    def current(stage: Stage) -> bool:
        run = done.get(stage.name)
        if run is None or run.version != stage.version:
            return False
        return not run.settings or run.settings == digests.get(stage.name, "")

    to_run: set[str] = set()
    dirty: set[str] = set()
    for stage in stages:
        if not current(stage) or set(stage.requires) & dirty:
            to_run.add(stage.name)
            dirty |= set(stage.assigns) - TRANSIENT
    changed = True
    while changed:
        changed = False
        needed = {r for s in stages if s.name in to_run for r in s.requires if r in TRANSIENT}
        for stage in stages:
            if stage.name not in to_run and needed & set(stage.assigns):
                to_run.add(stage.name)
                changed = True
    return [s for s in stages if s.name in to_run]
