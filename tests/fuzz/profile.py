"""The fuzz tests' Hypothesis settings: a few dozen examples a property in the suite; thousands
with HYPOTHESIS_PROFILE=fuzz (``make fuzz``, for before a release). The deadline bounds each
example's time, loosely, for a busy machine. Applied per test (``@fuzz``), so other tests'
Hypothesis settings are left alone."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

EXAMPLES = {"default": 30, "fuzz": 3000}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")


def fuzz(scale: float = 1.0) -> settings:
    """Settings for a property; ``scale`` < 1 for the slow ones (HTML extraction)."""
    return settings(
        max_examples=max(5, int(EXAMPLES.get(PROFILE, EXAMPLES["default"]) * scale)),
        deadline=timedelta(seconds=10),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=PROFILE == "default",  # the suite is repeatable; a fuzz run explores
    )
