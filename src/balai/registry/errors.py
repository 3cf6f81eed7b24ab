"""Registry-specific business-rule errors."""

from balai.core.errors import ConflictError, DomainError


class InvalidIdentityError(DomainError):
    code = "invalid_identity"


class DuplicateNikError(ConflictError):
    code = "duplicate_nik"


class InvalidEventError(DomainError):
    code = "invalid_event"
