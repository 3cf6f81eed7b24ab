"""Load the shipped kegiatan reference list (``data/kegiatan_desa.csv``).

Used by the data migration (with the historical model) and by the
``planning_load_kegiatan`` command after the file is updated.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

KEGIATAN_FILE = Path(__file__).resolve().parent / "data" / "kegiatan_desa.csv"


def read_kegiatan(path: Path = KEGIATAN_FILE) -> list[dict[str, str]]:
    """Return the rows of the kegiatan file, comments skipped, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load_kegiatan(model: Any, path: Path = KEGIATAN_FILE) -> int:
    """Create or update every kegiatan of *path* in *model*; return how many rows."""
    rows = read_kegiatan(path)
    existing = set(model.objects.values_list("code", flat=True))
    fields = ["bidang", "sub_bidang", "sub_bidang_name", "name", "order"]
    objs = [
        model(
            code=row["code"],
            bidang=row["bidang"],
            sub_bidang=row["sub_bidang"],
            sub_bidang_name=row["sub_bidang_name"],
            name=row["name"],
            order=index,
        )
        for index, row in enumerate(rows, start=1)
    ]
    model.objects.bulk_create([o for o in objs if o.code not in existing])
    model.objects.bulk_update([o for o in objs if o.code in existing], fields)
    return len(objs)
