"""The monthly by-name report a puskesmas needs (e-PPGBM style), as .xlsx."""

from __future__ import annotations

from typing import Any

from balai.core.exports import XlsxWriter
from balai.posyandu.assessment import months_of
from balai.posyandu.growth import status_label
from balai.posyandu.periods import Period
from balai.posyandu.prevalence import latest_visits
from balai.posyandu.selectors import child_visit_list
from balai.registry.selectors import mask_number, may_see_identity

HEADER = (
    "No",
    "NIK",
    "Nama",
    "JK",
    "Tanggal lahir",
    "Nama ibu",
    "Wilayah",
    "Posyandu",
    "Tanggal ukur",
    "Umur (bulan)",
    "BB (kg)",
    "PB/TB (cm)",
    "Cara ukur",
    "Edema",
    "LiLA (cm)",
    "ZS TB/U",
    "ZS BB/U",
    "ZS BB/TB",
    "ZS IMT/U",
    "Status TB/U",
    "Status BB/U",
    "Status BB/TB",
    "N/T",
)


def monthly_rows(*, user: Any, within: str, period: Period) -> list[list[Any]]:
    """Return one row per child: their latest measurement in *period* (visit date)."""
    visits = child_visit_list(user=user).filter(
        area__within=within, visit_date__gte=period.start, visit_date__lte=period.end
    )
    latest = (
        latest_visits(visits)
        .select_related("resident", "posyandu")
        .order_by("posyandu__name", "resident__name", "id")
    )
    identity = may_see_identity(user, within)
    rows = []
    for i, v in enumerate(latest, start=1):
        child = v.resident
        rows.append(
            [
                i,
                child.nik if identity else mask_number(child.nik),
                child.name,
                "L" if v.sex == 1 else "P",
                child.birth_date,
                child.mother_name,
                v.area_id,
                v.posyandu.name,
                v.visit_date,
                round(months_of(v.age_days), 1),
                None if v.weight_kg is None else float(v.weight_kg),
                None if v.lenhei_cm is None else float(v.lenhei_cm),
                v.measure,
                "y" if v.oedema else "n",
                None if v.muac_cm is None else float(v.muac_cm),
                v.zlen,
                v.zwei,
                v.zwfl,
                v.zbmi,
                status_label(v.status_tbu),
                status_label(v.status_bbu),
                status_label(v.status_bbtb),
                v.growth,
            ]
        )
    return rows


def monthly_xlsx(book: XlsxWriter, *, user: Any, within: str, period: Period) -> None:
    """Write the report into *book* (names and other text never become formulas)."""
    sheet = book.sheet(period.key)
    sheet.append(
        [f"Laporan penimbangan dan status gizi balita {period.label} — wilayah {within}"],
        bold=True,
    )
    sheet.append(list(HEADER), bold=True)
    for row in monthly_rows(user=user, within=within, period=period):
        sheet.append(row)
