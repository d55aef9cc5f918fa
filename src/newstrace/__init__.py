"""newstrace: evidence-backed news intelligence.

Importing this package loads no model: spaCy and the other heavy libraries load when a stage
first runs.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import NewstraceError
from .model import (
    Actor,
    AnalysisDoc,
    Article,
    Event,
    Evidence,
    Failure,
    IngestSummary,
    Mention,
    Quote,
    RawDocument,
    Stance,
    Story,
    StoryRelation,
    Tie,
)
from .settings import Settings, load_settings

__all__ = [
    "Actor",
    "AnalysisDoc",
    "Article",
    "Event",
    "Evidence",
    "Failure",
    "IngestSummary",
    "Mention",
    "NewstraceError",
    "Quote",
    "RawDocument",
    "Settings",
    "Stance",
    "Story",
    "StoryRelation",
    "Tie",
    "__version__",
    "load_settings",
]
