"""XLSX downloads of the statistics tables and of the monthly report (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from balai.registry.stats.monthly import MonthlyReport
from balai.registry.stats.tables import AreaStats, Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def _cell(row: Row, column: str) -> int | str:
    mark = row.marks.get(column)
    return mark if mark else int(getattr(row, column))


def _heading(sheet: Worksheet, lines: list[str]) -> None:
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = BOLD
    sheet.append([])


def stats_xlsx(stats: AreaStats) -> bytes:
    """Return one sheet per table: counts by sex, with the denominator row."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in stats.tables:
        sheet = book.create_sheet(title=table.key[:31])
        _heading(
            sheet,
            [
                f"{table.label} · {stats.area} ({stats.area.code})",
                _("Penduduk hidup per %(day)s") % {"day": stats.as_of.strftime("%d-%m-%Y")},
            ],
        )
        sheet.append(
            [_("Kode"), table.label, _("Laki-laki"), _("Perempuan"), _("Jumlah"), _("Persen")]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for row in table.rows:
            share = table.share(row)
            sheet.append(
                [
                    row.value,
                    row.label,
                    _cell(row, "male"),
                    _cell(row, "female"),
                    _cell(row, "total"),
                    round(share, 2) if share is not None else "",
                ]
            )
        den = table.denominator
        sheet.append(
            ["", den.label, _cell(den, "male"), _cell(den, "female"), _cell(den, "total"), 100]
        )
        if stats.public:
            sheet.append([])
            sheet.append([_("<5: 1-4 orang; *: disembunyikan agar sel kecil tidak terhitung.")])
        sheet.column_dimensions["B"].width = 40
    return _save(book)


def monthly_xlsx(report: MonthlyReport) -> bytes:
    """Return the report sheet (stating its date basis) and the late registrations."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 -- a new workbook has one sheet
    sheet.title = _("Laporan bulanan")
    _heading(
        sheet,
        [
            _("Laporan bulanan penduduk %(month)s · %(area)s (%(code)s)")
            % {
                "month": report.first_day.strftime("%m-%Y"),
                "area": report.area,
                "code": report.area.code,
            },
            _("Dihitung menurut %(basis)s.") % {"basis": report.basis_label},
            _("Terlambat dilaporkan dan dihitung bulan ini: %(n)s (L %(l)s, P %(p)s).")
            % {
                "n": report.late_counted.total,
                "l": report.late_counted.male,
                "p": report.late_counted.female,
            },
        ],
    )
    sheet.append([_("Rincian"), _("Laki-laki"), _("Perempuan"), _("Jumlah")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for _key, label, figure in report.columns():
        sheet.append([label, figure.male, figure.female, figure.total])
    sheet.column_dimensions["A"].width = 50
    late = book.create_sheet(_("Terlambat"))
    late.append(
        [
            _("Peristiwa"),
            _("Tanggal peristiwa"),
            _("Tanggal lapor"),
            _("Wilayah"),
            _("Jenis kelamin"),
            _("Dihitung bulan ini"),
        ]
    )
    for e in report.late:
        late.append(
            [
                e.kind_label,
                e.event_date,
                e.report_date,
                e.area,
                _("L") if e.sex == 1 else _("P"),
                _("ya") if e.counted else _("tidak"),
            ]
        )
    return _save(book)


def _save(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()
