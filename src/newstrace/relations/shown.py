"""Which ties, stances and events are shown by default: those whose confidence reaches the
``[relations]`` thresholds (chosen for precision on newsrel dev, docs/quality.md). Items read
before confidences existed (None) are shown. ``everything`` shows them all, as ``--all`` in the
CLI and ``?all=1`` in the workbench ask."""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import RelationsSettings


@dataclass(frozen=True, slots=True)
class Floors:
    """The least confidence shown, per kind (0 shows every item of it); ``everything`` when
    every item of every kind is asked for (``--all``, ``?all=1``), which also lists every
    attribution among the quotes, not only speech with a speaker."""

    ties: float = 0.0
    stances: float = 0.0
    events: float = 0.0
    everything: bool = False


EVERYTHING = Floors(everything=True)


def floors(settings: RelationsSettings, everything: bool = False) -> Floors:
    if everything:
        return EVERYTHING
    return Floors(settings.tie_threshold, settings.stance_threshold, settings.event_threshold)


def clears(confidence: float | None, floor: float) -> bool:
    return confidence is None or confidence >= floor
