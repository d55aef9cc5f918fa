"""One root error and a subclass per layer. Every error carries a stable code (``NT1xx``...)."""

from __future__ import annotations


class NewstraceError(Exception):
    """Root of every error newstrace raises on purpose."""

    code = "NT000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class NotFound(NewstraceError):
    """What was asked for (an actor, an article) does not exist."""

    code = "NT010"


class ConfigError(NewstraceError):
    """Bad settings: unknown key, wrong type, unreadable settings file."""

    code = "NT100"


class IngestError(NewstraceError):
    """A document could not be read, fetched, decoded or extracted."""

    code = "NT200"


class FetchRefused(IngestError):
    """A URL was refused by the fetch policy (private address, scheme, redirect limit)."""

    code = "NT210"


class StoreError(NewstraceError):
    """The store could not be opened, migrated or written."""

    code = "NT300"


class PipelineError(NewstraceError):
    """Stages are unknown, mis-ordered, or a model could not be loaded."""

    code = "NT400"


class EvalError(NewstraceError):
    """Evaluation data is missing or in the wrong format."""

    code = "NT500"
