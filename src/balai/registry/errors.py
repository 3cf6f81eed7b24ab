"""Registry-specific business-rule errors."""

from collections.abc import Sequence
from typing import Any

from balai.core.errors import ConflictError, DomainError


class InvalidIdentityError(DomainError):
    code = "invalid_identity"


class DuplicateNikError(ConflictError):
    code = "duplicate_nik"


class InvalidEventError(DomainError):
    code = "invalid_event"


class PossibleDuplicateBirthError(ConflictError):
    """The birth looks recorded already; the user must confirm a different one."""

    code = "possible_duplicate_birth"

    def __init__(self, message: str, *, candidates: Sequence[Any]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)
