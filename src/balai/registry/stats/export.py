"""XLSX downloads of the statistics tables and of the monthly report (core.exports)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from balai.core.exports import XLSX_TYPE, XlsxSheet, XlsxWriter
from balai.registry.stats.monthly import MonthlyReport
from balai.registry.stats.tables import AreaStats, Row

__all__ = ["XLSX_TYPE", "monthly_xlsx", "stats_xlsx"]


def _cell(row: Row, column: str) -> int | str:
    mark = row.marks.get(column)
    return mark if mark else int(getattr(row, column))


def _heading(sheet: XlsxSheet, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        sheet.append([line], bold=i == 0)
    sheet.append([])


def stats_xlsx(book: XlsxWriter, stats: AreaStats) -> None:
    """Write one sheet per table: counts by sex, with the denominator row."""
    for table in stats.tables:
        sheet = book.sheet(table.key, widths={2: 40})
        _heading(
            sheet,
            [
                f"{table.label} · {stats.area} ({stats.area.code})",
                _("Penduduk hidup per %(day)s") % {"day": stats.as_of.strftime("%d-%m-%Y")},
            ],
        )
        sheet.append(
            [_("Kode"), table.label, _("Laki-laki"), _("Perempuan"), _("Jumlah"), _("Persen")],
            bold=True,
        )
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


def monthly_xlsx(book: XlsxWriter, report: MonthlyReport) -> None:
    """Write the report sheet (stating its date basis) and the late registrations."""
    sheet = book.sheet(_("Laporan bulanan"), widths={1: 50})
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
    sheet.append([_("Rincian"), _("Laki-laki"), _("Perempuan"), _("Jumlah")], bold=True)
    for _key, label, figure in report.columns():
        sheet.append([label, figure.male, figure.female, figure.total])
    late = book.sheet(_("Terlambat"))
    late.append(
        [
            _("Peristiwa"),
            _("Tanggal peristiwa"),
            _("Tanggal lapor"),
            _("Wilayah"),
            _("Jenis kelamin"),
            _("Dihitung bulan ini"),
        ],
        bold=True,
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
