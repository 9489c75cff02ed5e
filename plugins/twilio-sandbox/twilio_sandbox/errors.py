"""Twilio-shaped API errors: the exception the handlers raise and the JSON body it becomes."""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError", "error_body", "not_found", "invalid_parameter", "SandboxError"]


class SandboxError(Exception):
    """A misuse of the sandbox's Python API (bad argument, not started, timed out waiting)."""


class ApiError(Exception):
    """An error answered to a REST request: HTTP ``status``, Twilio ``code`` and ``message``.

    ``detail`` is the extra sentence some Twilio errors (20003) carry.
    """

    def __init__(self, status: int, code: int, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail

    def body(self) -> dict[str, Any]:
        """The JSON body Twilio sends for this error."""
        return error_body(self.status, self.code, self.message, self.detail)


def error_body(status: int, code: int, message: str, detail: str | None = None) -> dict[str, Any]:
    """``{"code", "message", "more_info", "status"}`` (plus ``detail`` when given), as Twilio writes it."""
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    if detail:
        body["detail"] = detail
    return body


def not_found(path: str) -> ApiError:
    """20404 for a path with no resource behind it."""
    return ApiError(404, 20404, f"The requested resource {path} was not found")


def invalid_parameter(name: str, problem: str) -> ApiError:
    """20001 (400) for a parameter the sandbox cannot use, naming it and the problem."""
    return ApiError(400, 20001, f"Invalid parameter {name}: {problem}")
