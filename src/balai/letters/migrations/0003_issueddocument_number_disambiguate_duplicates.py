"""Make printed letter numbers unique per village before the constraint is added.

Before numbering kept printed numbers unique, switching the sequence scope
mid-year (or a format without [tahun]/[kode]) could print one number on two
letters. The earliest letter keeps the number; each later one is recorded in
the register with a suffix " (2)", " (3)", … so the register stays readable
and the unique constraint of the next migration can be added.
"""

from django.db import migrations
from django.db.models import Count

MAX_LENGTH = 120


def disambiguate(apps, schema_editor):
    IssuedDocument = apps.get_model("letters", "IssuedDocument")
    clashes = (
        IssuedDocument.objects.values("area_id", "number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by()
    )
    for clash in clashes:
        area_id, number = clash["area_id"], clash["number"]
        used = set(IssuedDocument.objects.filter(area_id=area_id).values_list("number", flat=True))
        docs = IssuedDocument.objects.filter(area_id=area_id, number=number).order_by(
            "issued_at", "id"
        )
        for doc in list(docs)[1:]:
            n = 2
            while True:
                suffix = f" ({n})"
                candidate = number[: MAX_LENGTH - len(suffix)] + suffix
                if candidate not in used:
                    break
                n += 1
            used.add(candidate)
            doc.number = candidate
            doc.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_resident_account_lock_moves_to_axes"),
    ]

    operations = [migrations.RunPython(disambiguate, migrations.RunPython.noop)]
