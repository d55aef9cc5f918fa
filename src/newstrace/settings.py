"""Settings: shipped defaults < user file < environment < CLI flags.

The defaults live in ``defaults.toml`` inside the package, and only there: the dataclasses below
name each setting and its type, ``defaults.toml`` gives its value and says what it does. A user file (``./newstrace.toml``
or the path in ``NEWSTRACE_CONFIG``) overrides them, then ``NEWSTRACE_*`` variables
(``NEWSTRACE_DB``, ``NEWSTRACE_INGEST__MAX_BYTES``: a double underscore descends into a
table), then the CLI flags a command passes as ``overrides``.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError

ENV_PREFIX = "NEWSTRACE_"


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int
    min_chars: int
    title_max_chars: int


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float
    max_redirects: int
    user_agent: str
    allow_private: bool
    allowed_networks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoriesSettings:
    embedder: str
    threshold: float
    anchor_weight: float
    key_weight: float
    actor_weight: float
    min_evidence: float
    window_days: int
    min_acts: int
    merge_threshold: float
    copy_cosine: float
    align_threshold: float
    loose_align_threshold: float
    surface_weight: float
    translation_share: float
    republication_share: float
    minhash_threshold: float
    claim_threshold: float
    claim_coverage: float


@dataclass(frozen=True, slots=True)
class ActorsSettings:
    kb_files: tuple[str, ...]
    ner_en: str
    ner_it: str
    ner_ru: str


@dataclass(frozen=True, slots=True)
class QuotesSettings:
    cue_files: tuple[str, ...]
    tagger_languages: tuple[str, ...]
    tagger_min_score: float
    rule_min_tagged: float
    reported_min_tagged: float
    tagger_step: int
    reported_phrase_min_tagged: float
    continued_reach: int
    tagger_model: str


@dataclass(frozen=True, slots=True)
class RelationsSettings:
    kind_files: tuple[str, ...]
    target_files: tuple[str, ...]
    stance_cue_files: tuple[str, ...]
    sentiment_threshold: float
    tie_threshold: float
    stance_threshold: float
    event_threshold: float
    tie_model_threshold: float


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    stages: tuple[str, ...]
    batch_size: int
    workers: int
    max_chars: int
    progress_seconds: float
    progress_articles: int


@dataclass(frozen=True, slots=True)
class WatchSettings:
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    words: tuple[str, ...]
    alerts_file: str
    webhook: str
    webhook_timeout: float


@dataclass(frozen=True, slots=True)
class Settings:
    db: str
    languages: tuple[str, ...]
    spacy_models: Mapping[str, str]
    ingest: IngestSettings
    fetch: FetchSettings
    pipeline: PipelineSettings
    stories: StoriesSettings
    actors: ActorsSettings
    quotes: QuotesSettings
    relations: RelationsSettings
    watch: WatchSettings

    def ner_for(self, lang: str | None) -> str | None:
        return getattr(self.actors, f"ner_{lang}", None) if lang else None


@dataclass(frozen=True, slots=True)
class _Top:
    db: str
    languages: tuple[str, ...]


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
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{where}]: {', '.join(sorted(unknown))}")
    missing = known - set(table)
    if missing:
        raise ConfigError(f"setting(s) with no value in [{where}]: {', '.join(sorted(missing))}")
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        kind = hints[key]
        base = getattr(kind, "__origin__", kind)
        try:
            if base is bool:
                if isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on")
                kwargs[key] = bool(value)
            elif base is int:
                kwargs[key] = int(value)
            elif base is float:
                kwargs[key] = float(value)
            elif base is tuple:
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


# An empty user file: shipped() reads the defaults and nothing over them.
_SHIPPED = os.devnull


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
    models = table.pop("spacy_models", {})
    if not isinstance(models, Mapping):
        raise ConfigError("spacy_models must be a table of language = model name")
    top = _coerce(_Top, table, "")
    return Settings(db=top.db, languages=top.languages, spacy_models=dict(models), **sections)


def shipped() -> Settings:
    """The shipped defaults alone (no user file, no environment)."""
    return load_settings(config_file=_SHIPPED, environ={})


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
