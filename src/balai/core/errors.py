"""Business-rule errors raised by services and shown to users in Indonesian."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A request broke a business rule; *message* is safe to show to the user."""

    code = "domain_error"
    status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
        self.field_errors = field_errors or {}


class ConflictError(DomainError):
    """The request clashes with the current state (status 409)."""

    code = "conflict"
    status = 409
