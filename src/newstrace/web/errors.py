"""One error shape for the API, ``{"error": {"code", "message"}}`` (an ambiguous name adds
``candidates``), and the same message on an HTML page for the workbench."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra  # more fields of the error object (candidates)


def not_found(what: str, key: str) -> ApiError:
    return ApiError(404, "not_found", f"no {what} {key!r}")


class ErrorDetail(BaseModel):
    code: str
    message: str
    candidates: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """What every API error answers (documented in the OpenAPI responses)."""

    error: ErrorDetail
