"""Downloads of the performance pages (XLSX and CSV, through ``core.exports``).

The files hold counts and times per unit, service and counter, no names of
residents: they are not personal data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from balai.core import exports
from balai.onestop.models import Location
from balai.onestop.selectors import TimeRow, UnitSkm

FORMATS = ("xlsx", "csv")


def _times_header() -> list[str]:
    return [
        _("Unit"),
        _("Per"),
        _("Nama"),
        _("Standar waktu tunggu (menit)"),
        _("Dipanggil"),
        _("Tunggu rata-rata (menit)"),
        _("Dalam standar tunggu"),
        _("Dalam standar tunggu (%)"),
        _("Standar waktu layanan (menit)"),
        _("Selesai"),
        _("Layanan rata-rata (menit)"),
        _("Dalam standar layanan"),
        _("Dalam standar layanan (%)"),
        _("Tidak hadir"),
    ]


def _times_line(location: Location, per: str, r: TimeRow) -> list[Any]:
    return [
        location.code,
        per,
        r.label,
        r.wait_standard,
        r.called,
        r.wait_avg_min,
        r.wait_met,
        r.wait_pct,
        r.serve_standard,
        r.done,
        r.serve_avg_min,
        r.serve_met,
        r.serve_pct,
        r.no_show,
    ]


def times_download(
    location: Location,
    by_service: list[TimeRow],
    by_counter: list[TimeRow],
    *,
    start: date,
    end: date,
    fmt: str,
) -> FileResponse:
    """Send the measured times of *location* in [start, end] per service and per counter."""
    groups = [(_("Layanan"), by_service), (_("Loket"), by_counter)]
    name = f"waktu-pelayanan-{location.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    if fmt == "csv":

        def build_csv(writer: exports.CsvWriter) -> None:
            writer.writerow(_times_header())
            for per, rows in groups:
                writer.writerows(_times_line(location, per, r) for r in rows)

        return exports.csv_download(build_csv, name, personal=False)

    def build_xlsx(book: exports.XlsxWriter) -> None:
        for per, rows in groups:
            sheet = book.sheet(_("Per %(what)s") % {"what": per.lower()}, widths={3: 40})
            sheet.append([location.name, f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"], bold=True)
            sheet.append(_times_header(), bold=True)
            for r in rows:
                sheet.append(_times_line(location, per, r))

    return exports.xlsx_download(build_xlsx, name, personal=False)


def _skm_lines(units: list[UnitSkm]) -> Iterator[list[Any]]:
    for u in units:
        band = u.skm.band
        yield [
            u.location.code,
            u.location.name,
            u.location.get_kind_display(),
            u.population,
            u.skm.responses,
            u.minimum,
            u.skm.ikm,
            band[0] if band else None,
            _("ya") if u.below_minimum else _("tidak"),
        ]


def skm_download(units: list[UnitSkm], *, year: int, fmt: str) -> FileResponse:
    """Send each unit's SKM of *year*: finished services, answers, minimum sample, IKM."""
    header = [
        _("Kode unit"),
        _("Unit"),
        _("Jenis unit"),
        _("Layanan selesai"),
        _("Responden"),
        _("Sampel minimum"),
        "IKM",
        _("Mutu"),
        _("Sampel belum cukup"),
    ]
    name = f"skm-unit-{year}.{fmt}"
    if fmt == "csv":

        def build_csv(writer: exports.CsvWriter) -> None:
            writer.writerow(header)
            writer.writerows(_skm_lines(units))

        return exports.csv_download(build_csv, name, personal=False)

    def build_xlsx(book: exports.XlsxWriter) -> None:
        sheet = book.sheet(_("SKM per unit"), widths={2: 40})
        sheet.append(header, bold=True)
        for line in _skm_lines(units):
            sheet.append(line)

    return exports.xlsx_download(build_xlsx, name, personal=False)
