"""Exports of indicator facts: CSV, XLSX and DHIS2 ``dataValueSets`` JSON.

Rows are village facts (the unit DHIS2 and analysts aggregate themselves),
optionally summed to a higher level by code prefix, with numerator and
denominator always side by side. An indicator declared at kecamatan or
kabupaten level comes at that level (its org unit is the kecamatan or
kabupaten code), never as villages at 0.

DHIS2 (``/api/dataValueSets``, JSON, bulk form with ``period`` and
``orgUnit`` on each value): each indicator is two data elements,
``<code>.num`` and ``<code>.den``, whose values are the counts (DHIS2 then
defines its own indicator as num ÷ den x factor). Periods use DHIS2 names
(``202611``, ``2026Q4``, ``2026``). With ``id_scheme="code"`` the payload
declares ``dataElementIdScheme``/``orgUnitIdScheme`` = ``CODE`` and carries
Balai's codes (the Kemendagri village code as org unit code); with ``uid``
it uses the ``Dhis2Mapping`` table and leaves out what is not mapped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from balai.core.exports import CsvWriter, XlsxWriter
from balai.indicators.models import Dhis2Kind, Dhis2Mapping
from balai.indicators.periods import Period
from balai.indicators.registry import Indicator
from balai.indicators.selectors import fact_sums, format_number
from balai.regions.models import Area

ID_SCHEMES = ("code", "uid")


@dataclass
class ExportRow:
    indicator: Indicator
    period: Period
    area_code: str
    area_name: str
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return self.indicator.value(self.num, self.den)


def export_rows(
    *, indicators: list[Indicator], area: Area | None, periods: list[Period], length: int = 13
) -> list[ExportRow]:
    """Return the sums under *area* per code prefix of *length* (13: villages).

    An indicator declared above the village is given at its own level when
    *length* is below it (a kecamatan indicator's villages: its kecamatan),
    so a village export still carries it, keyed to the areas that have it.
    """
    by_code = {i.code: i for i in indicators}
    by_length: dict[int, list[str]] = {}
    for ind in indicators:
        by_length.setdefault(min(length, ind.level_length), []).append(ind.code)
    sums: dict[tuple[str, str, Any, str], tuple[int, int]] = {}
    for each, codes in sorted(by_length.items()):
        sums.update(
            fact_sums(codes=codes, periods=periods, within=area.code if area else None, length=each)
        )
    names = dict(Area.objects.filter(code__in={k[3] for k in sums}).values_list("code", "name"))
    rows = [
        ExportRow(by_code[code], Period(type_, start), prefix, names.get(prefix, prefix), n, d)
        for (code, type_, start, prefix), (n, d) in sums.items()
    ]
    rows.sort(key=lambda r: (r.indicator.code, r.period, r.area_code))
    return rows


HEADER = (
    "indikator",
    "periode",
    "kode_wilayah",
    "nama_wilayah",
    "pembilang",
    "penyebut",
    "nilai",
    "satuan",
)


def _cells(row: ExportRow) -> tuple[Any, ...]:
    value = row.value
    return (
        row.indicator.code,
        row.period.key,
        row.area_code,
        row.area_name,
        row.num,
        row.den,
        None if value is None else round(value, row.indicator.decimals),
        row.indicator.unit,
    )


def to_csv(rows: Iterable[ExportRow]) -> str:
    """Return the rows as CSV (UTF-8, comma separated, decimal point as in data files)."""
    out = io.StringIO()
    writer = CsvWriter(out)  # the one formula guard of every export
    writer.writerow(HEADER)
    writer.writerows(_cells(row) for row in rows)
    return out.getvalue()


def to_xlsx(rows: Iterable[ExportRow]) -> bytes:
    """Return the rows as an XLSX workbook (numbers as numbers, text never a formula)."""
    buffer = io.BytesIO()
    with XlsxWriter(buffer) as book:
        sheet = book.sheet(_("Indikator"))
        sheet.append(HEADER, bold=True)
        for row in rows:
            sheet.append(_cells(row))
    return buffer.getvalue()


def dhis2_data_value_set(rows: Iterable[ExportRow], *, id_scheme: str = "code") -> dict[str, Any]:
    """Return a DHIS2 ``dataValueSets`` JSON payload of *rows* (two data elements each)."""
    rows = list(rows)
    if id_scheme == "uid":
        maps = {
            (m.kind, m.local_code): m.uid
            for m in Dhis2Mapping.objects.all().only("kind", "local_code", "uid")
        }
    values: list[dict[str, str]] = []
    for row in rows:
        for suffix, count in (("num", row.num), ("den", row.den)):
            element = f"{row.indicator.code}.{suffix}"
            org_unit = row.area_code
            if id_scheme == "uid":
                mapped_element = maps.get((Dhis2Kind.DATA_ELEMENT, element))
                mapped_unit = maps.get((Dhis2Kind.ORG_UNIT, org_unit))
                if mapped_element is None or mapped_unit is None:
                    continue
                element, org_unit = mapped_element, mapped_unit
            values.append(
                {
                    "dataElement": element,
                    "period": row.period.dhis2,
                    "orgUnit": org_unit,
                    "value": str(count),
                }
            )
    scheme = id_scheme.upper()
    return {"dataElementIdScheme": scheme, "orgUnitIdScheme": scheme, "dataValues": values}


def iter_display(rows: Iterable[ExportRow]) -> Iterator[str]:
    """Yield one human line per row (Indonesian number format), for logs and commands."""
    for row in rows:
        yield (
            f"{row.indicator.code} {row.period.key} {row.area_code}: "
            f"{row.num}/{row.den} = {format_number(row.value, row.indicator.decimals)}"
        )


def spm_table_download(
    indicators: list[Indicator], rows: list[list[Any]], period: Period, fmt: str
) -> FileResponse:
    """Send the SPM Desa table as on screen: one row per area, per service num, den and %.

    *rows* are lists of ``selectors.Value`` (the total first, then the areas below).
    The table holds counts, no names: it is not personal data.
    """
    from balai.core import exports

    header = [_("Kode wilayah"), _("Wilayah")]
    for ind in indicators:
        header += [
            f"{ind.name}: {ind.numerator_label}",
            f"{ind.name}: {ind.denominator_label}",
            f"{ind.name} (%)",
        ]

    def lines() -> Iterator[list[Any]]:
        for row in rows:
            if not row:
                continue
            line: list[Any] = [row[0].code, row[0].name]
            for v in row:
                value = v.value
                line += [v.num, v.den, round(value, 1) if value is not None else None]
            yield line

    name = f"spm-desa-{period.key}.{fmt}"
    if fmt == "csv":

        def build_csv(writer: CsvWriter) -> None:
            writer.writerow(header)
            writer.writerows(lines())

        return exports.csv_download(build_csv, name, personal=False)

    def build_xlsx(book: XlsxWriter) -> None:
        sheet = book.sheet(_("SPM Desa"))
        sheet.append(header, bold=True)
        for line in lines():
            sheet.append(line)

    return exports.xlsx_download(build_xlsx, name, personal=False)
