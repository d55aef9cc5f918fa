"""One error shape for the API, ``{"error": {"code", "message"}}``, and the same message on an
HTML page for the workbench."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def not_found(what: str, key: str) -> ApiError:
    return ApiError(404, "not_found", f"no {what} {key!r}")
