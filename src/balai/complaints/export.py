"""XLSX export of the complaint dashboard (core.exports: text is never a formula)."""

from __future__ import annotations

from collections.abc import Iterable

from balai.complaints import dashboards
from balai.complaints.models import Complaint
from balai.core.exports import XlsxWriter
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


def dashboard_workbook(
    book: XlsxWriter, *, area: Area, year: int, overdue: Iterable[Complaint]
) -> None:
    """Write the figures of *area* for *year* into *book*."""
    figures = dashboards.complaint_figures(area=area, year=year)
    sheet = book.sheet("Ringkasan")
    sheet.append(ROW_HEADER, bold=True)
    for row in [*figures.children, figures.total]:
        sheet.append([row.code, row.name, *(row.counts[k] for k in dashboards.COUNTS)])
    for title, data in (
        ("Status", figures.by_status),
        ("Kategori", figures.by_category),
        ("Kanal", figures.by_channel),
    ):
        part = book.sheet(title)
        part.append([title.lower(), "jumlah"], bold=True)
        for key, n in data.items():
            part.append([key, n])
    months = book.sheet("Bulanan")
    months.append(["bulan", "diterima", "selesai"], bold=True)
    for month, received, resolved in figures.by_month:
        months.append([month, received, resolved])
    late = book.sheet("Terlambat")
    late.append(["nomor", "judul", "wilayah", "status", "batas"], bold=True)
    for c in overdue:
        late.append(
            [
                c.number,
                c.title,
                c.area_id,
                c.status,
                c.due_at,  # local time, naive (as Excel stores it)
            ]
        )
    skm_total, skm_rows = dashboards.survey_index(area=area, year=year)
    skm = book.sheet("SKM")
    skm.append(["kode", "wilayah", "responden", "jumlah skor", "jumlah jawaban", "IKM"], bold=True)
    for r in [*skm_rows, skm_total]:
        skm.append([r.code, r.name, r.responses, r.numerator, r.denominator, r.ikm])
