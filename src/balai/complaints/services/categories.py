"""Complaint categories: the bundled defaults and a kabupaten's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.complaints.models import LEGAL_MAX_DAYS, Category, UnitLevel
from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area, Level

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "default_categories.json"


def default_categories() -> list[dict[str, Any]]:
    """Return the bundled default categories (also loaded by a data migration)."""
    rows: list[dict[str, Any]] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return rows


def category_defaults_ensure() -> int:
    """Create the missing default categories; return how many were added."""
    existing = set(Category.objects.filter(kabupaten=None).values_list("code", flat=True))
    rows = [Category(**row) for row in default_categories() if row["code"] not in existing]
    Category.objects.bulk_create(rows)
    return len(rows)


def category_save(
    *,
    actor: Any,
    kabupaten: Area,
    code: str,
    name: str,
    unit_level: str,
    office: str = "",
    verify_days: int,
    response_days: int,
    resolve_days: int,
    reopen_days: int,
    is_active: bool = True,
    order: int = 100,
) -> Category:
    """Add or change *kabupaten*'s category *code* (overriding a default of that code)."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Kategori diatur per kabupaten/kota."))
    if unit_level == UnitLevel.KABUPATEN and not office:
        raise DomainError(_("Pilih kantor kabupaten yang bertanggung jawab."))
    if max(verify_days, response_days, resolve_days) > LEGAL_MAX_DAYS:
        raise DomainError(
            _("Batas waktu tidak boleh melebihi %(n)s hari kerja (Perpres 76/2013).")
            % {"n": LEGAL_MAX_DAYS}
        )
    with transaction.atomic():
        category = Category.objects.filter(kabupaten=kabupaten, code=code).first() or Category(
            kabupaten=kabupaten, code=code
        )
        category.name = name
        category.unit_level = unit_level
        category.office = office if unit_level == UnitLevel.KABUPATEN else ""
        category.verify_days = verify_days
        category.response_days = response_days
        category.resolve_days = resolve_days
        category.reopen_days = reopen_days
        category.is_active = is_active
        category.order = order
        category.full_clean()
        category.save()
        audit.record(
            actor=actor,
            action="complaints.category_saved",
            obj=category,
            data={"kabupaten": kabupaten.code, "code": code},
        )
    return category
