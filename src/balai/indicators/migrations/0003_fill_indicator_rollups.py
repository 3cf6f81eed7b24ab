"""Fill the roll-ups (kecamatan, kabupaten/kota, province sums) from the facts already stored."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM indicators_indicatorrollup")
        for length in (2, 5, 8):
            cursor.execute(
                "INSERT INTO indicators_indicatorrollup (indicator, area_code, level, "
                "period_type, period_start, numerator, denominator) "
                f"SELECT indicator, substr(area_id, 1, {length}), {length}, period_type, "
                "period_start, SUM(numerator), SUM(denominator) FROM indicators_indicatorfact "
                f"GROUP BY indicator, substr(area_id, 1, {length}), period_type, period_start"
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_indicator_rollups")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
