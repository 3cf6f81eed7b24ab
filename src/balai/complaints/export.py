"""XLSX export of the complaint dashboard (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook

from balai.complaints import dashboards
from balai.complaints.models import Complaint
from balai.regions.models import Area

ROW_HEADER = [
    "kode",
    "wilayah",
    "jumlah",
    "diverifikasi",
    "diverifikasi tepat waktu",
    "selesai",
    "selesai tepat waktu",
    "dieskalasi",
    "terlambat",
    "jumlah nilai",
    "jumlah penilai",
]


def _safe(value: object) -> object:
    """Keep user text from being read as a formula by spreadsheet programs."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def dashboard_workbook(*, area: Area, year: int, overdue: Iterable[Complaint]) -> bytes:
    """Return an XLSX file with the figures of *area* for *year*."""
    figures = dashboards.complaint_figures(area=area, year=year)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 -- a new workbook has one sheet
    sheet.title = "Ringkasan"
    sheet.append(ROW_HEADER)
    for row in [*figures.children, figures.total]:
        sheet.append([row.code, row.name, *(row.counts[k] for k in dashboards.COUNTS)])
    for title, data in (
        ("Status", figures.by_status),
        ("Kategori", figures.by_category),
        ("Kanal", figures.by_channel),
    ):
        part = book.create_sheet(title)
        part.append([title.lower(), "jumlah"])
        for key, n in data.items():
            part.append([_safe(key), n])
    months = book.create_sheet("Bulanan")
    months.append(["bulan", "diterima", "selesai"])
    for month, received, resolved in figures.by_month:
        months.append([month, received, resolved])
    late = book.create_sheet("Terlambat")
    late.append(["nomor", "judul", "wilayah", "status", "batas"])
    for c in overdue:
        late.append(
            [
                c.number,
                _safe(c.title),
                c.area_id,
                c.status,
                c.due_at.replace(tzinfo=None) if c.due_at else None,
            ]
        )
    skm_total, skm_rows = dashboards.survey_index(area=area, year=year)
    skm = book.create_sheet("SKM")
    skm.append(["kode", "wilayah", "responden", "jumlah skor", "jumlah jawaban", "IKM"])
    for r in [*skm_rows, skm_total]:
        skm.append([r.code, r.name, r.responses, r.numerator, r.denominator, r.ikm])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
