"""Load the reference kegiatan list shipped in planning/data/kegiatan_desa.csv."""

import csv
from pathlib import Path

from django.db import migrations

KEGIATAN_FILE = Path(__file__).resolve().parent.parent / "data" / "kegiatan_desa.csv"


def load(apps, schema_editor):
    Kegiatan = apps.get_model("planning", "Kegiatan")
    with KEGIATAN_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    Kegiatan.objects.bulk_create(
        [
            Kegiatan(
                code=row["code"],
                bidang=row["bidang"],
                sub_bidang=row["sub_bidang"],
                sub_bidang_name=row["sub_bidang_name"],
                name=row["name"],
                order=index,
            )
            for index, row in enumerate(rows, start=1)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_kegiatan_plans_and_rkpdes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
