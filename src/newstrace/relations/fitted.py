"""The weights of a fitted scorer shipped in ``newstrace/models/relations`` (an .npz with
``weights`` and the ``features`` they were fitted on), read once per process by each scorer
(relations.event_scorer, relations.stance_scorer)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np


def fitted_weights(model: str, features: Sequence[str]) -> np.ndarray | None:
    """The weights in ``models/relations/<model>``, or None when the file is missing or holds
    weights for another feature set (the scorer's hand-set fallback then stands)."""
    path = resources.files("newstrace") / "models" / "relations" / model
    try:
        with resources.as_file(path) as file, np.load(file) as data:
            names = tuple(str(n) for n in data["features"])
            if names != tuple(features):
                return None
            return np.asarray(data["weights"], dtype=np.float64)
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None


def probability(x: np.ndarray, w: np.ndarray) -> float:
    """The logistic regression's probability for features ``x``."""
    return float(1.0 / (1.0 + np.exp(-float(x @ w))))
