"""The public surface: __all__ is what it says, and importing newstrace stays light."""

from __future__ import annotations

import subprocess
import sys

import newstrace


def test_all_names_exist() -> None:
    for name in newstrace.__all__:
        assert hasattr(newstrace, name), name
    assert newstrace.__all__ == sorted(newstrace.__all__)


def test_import_loads_no_model() -> None:
    code = "import sys, newstrace, newstrace.store, newstrace.pipeline; print(sorted(m for m in ('spacy', 'trafilatura', 'py3langid', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
