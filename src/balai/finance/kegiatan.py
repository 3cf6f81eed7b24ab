"""The link from APBDes spending to the planning module's reference kegiatan list.

Until ``planning.Kegiatan`` is available (the planning issue), a kegiatan
code is checked for its form only (``chart.clean_kegiatan``).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

from balai.core.errors import DomainError

PLANNING_KEGIATAN: str = "planning.Kegiatan"


def _reference() -> type | None:
    try:
        return apps.get_model(PLANNING_KEGIATAN)
    except LookupError:
        return None


def check_kegiatan(code: str) -> str:
    """Return *code* when it is in the reference kegiatan list (or none is loaded yet), else raise."""
    model = _reference()
    if model is None or not model.objects.exists():  # type: ignore[attr-defined]
        return code
    if not model.objects.filter(pk=code).exists():  # type: ignore[attr-defined]
        message = _("Kode kegiatan %(c)s tidak ada di daftar kegiatan Permendagri 20/2018.") % {
            "c": code
        }
        raise DomainError(message, field_errors={"kegiatan_code": [message]})
    return code
