"""Load the bundled default complaint categories (data only)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "default_categories.json"


def load(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    existing = set(Category.objects.filter(kabupaten=None).values_list("code", flat=True))
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    Category.objects.bulk_create(Category(**r) for r in rows if r["code"] not in existing)


def unload(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    codes = [r["code"] for r in json.loads(DATA.read_text(encoding="utf-8"))]
    Category.objects.filter(kabupaten=None, code__in=codes, complaints__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
