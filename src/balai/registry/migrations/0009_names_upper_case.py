"""Bring every stored person name to the register's form (registry.names.person_name).

Names typed in the posyandu newborn form, or imported from files in mixed case,
were stored as typed; the register keeps them in upper case with single spaces.
Only rows that differ are touched, in batches.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import F, Q
from django.db.models.functions import Upper

FIELDS = ("name", "father_name", "mother_name")
BATCH = 2000


def _form(value: str) -> str:
    # The same rule as registry.names.person_name (migrations do not import app code).
    return " ".join((value or "").split()).upper()


def forwards(apps: Any, schema_editor: Any) -> None:
    Resident = apps.get_model("registry", "Resident")
    differs = Q()
    for field in FIELDS:
        differs |= ~Q(**{field: Upper(F(field))})
        differs |= Q(**{f"{field}__contains": "  "})
        differs |= Q(**{f"{field}__startswith": " "}) | Q(**{f"{field}__endswith": " "})
    changed = []
    for person in Resident.objects.filter(differs).only("pk", *FIELDS).iterator(chunk_size=BATCH):
        for field in FIELDS:
            setattr(person, field, _form(getattr(person, field)))
        changed.append(person)
        if len(changed) == BATCH:
            Resident.objects.bulk_update(changed, FIELDS)
            changed = []
    if changed:
        Resident.objects.bulk_update(changed, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_lean_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
