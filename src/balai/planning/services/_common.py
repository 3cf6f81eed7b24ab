"""Helpers shared by the planning services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.regions.models import Area, Level


def clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run ``full_clean`` on *obj*, turning a ``ValidationError`` into a ``DomainError``."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        first = next(iter(fields.values()), [_("Data belum benar.")])[0]
        raise DomainError(first, field_errors=fields) from exc


def require_village(area: Area) -> None:
    """Refuse *area* unless it is a desa/kelurahan."""
    if area.level != Level.DESA_KELURAHAN:
        raise DomainError(_("%(a)s bukan desa/kelurahan.") % {"a": str(area)})
