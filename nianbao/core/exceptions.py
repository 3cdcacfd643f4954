"""The one domain exception type. Services raise it with a Chinese, user-facing message; the
middleware, the API exception handler and the CLI map it to a form error, a 4xx or an exit code."""

from __future__ import annotations

__all__ = ["ApplicationError"]


class ApplicationError(Exception):
    def __init__(self, message: str, *, reasons: list[str] | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.reasons = list(reasons or [])
        self.status = status

    def __str__(self) -> str:
        if not self.reasons:
            return self.message
        return self.message + "：" + "；".join(self.reasons)
