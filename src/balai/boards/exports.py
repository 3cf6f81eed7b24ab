"""Printable scorecards (Typst PDF, landscape A4) and the XLSX/CSV of the boards.

The PDF goes through the letters' Typst helper (``letters.services.pdf``):
every string enters the source as a Typst string literal. Each cell carries
its status letter beside its colour (T tercapai, H hampir, B belum), so the
page reads in black and white too.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from balai.boards.selectors import STATUS_LETTERS, GapRow, Scorecard, ScoreRow
from balai.core.exports import CsvWriter, XlsxWriter
from balai.indicators.registry import Indicator
from balai.indicators.selectors import Value
from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst

FILLS = {"met": 'rgb("#c8e6c9")', "near": 'rgb("#fff3b0")', "not_met": 'rgb("#f8c4c4")'}


def _cell_text(v: Value) -> str:
    if v.value is None:
        return v.display  # "—", or no value below an indicator's level (not 0)
    letter = STATUS_LETTERS.get(v.status or "", "")
    return f"{v.display} {letter}".rstrip()


def scorecard_pdf(card: Scorecard, rows: list[ScoreRow], *, title: str) -> bytes:
    """Return the scorecard as a landscape A4 PDF (colours plus status letters)."""
    legend = _("T = tercapai, H = hampir, B = belum tercapai, — = belum ada data.")
    head = [_("Wilayah")] + [f"{n}" for n in range(1, len(card.indicators) + 1)]
    cells = [
        "table.header(" + ", ".join(f'text(weight: "bold", {typst_str(h)})' for h in head) + ")"
    ]
    for row in rows:
        cells.append(typst_str(row.name))
        for v in row.cells:
            fill = FILLS.get(v.status or "")
            body = typst_str(_cell_text(v))
            cells.append(f"table.cell(fill: {fill}, {body})" if fill else body)
    key = "\n".join(
        f"#text(size: 7pt, {typst_str(f'{n}. {i.code}: {i.name}{_level_note(i, card.rows_at)}')})\\"
        for n, i in enumerate(card.indicators, 1)
    )
    columns = f"(4.2cm, {', '.join(['1fr'] * len(card.indicators)) or '1fr'})"
    src = (
        '#set page(paper: "a4", flipped: true, margin: (x: 1.2cm, y: 1.2cm))\n'
        '#set text(lang: "id", size: 8pt)\n'
        f'#text(size: 13pt, weight: "bold", {typst_str(title)})\\\n'
        f"#text({typst_str(f'{card.area} · {card.period.label}')})\n"
        "#v(0.4em)\n"
        f"#table(columns: {columns}, inset: 3pt, stroke: 0.4pt, "
        "align: (x, y) => if x == 0 { left } else { right },\n"
        + ",\n".join(cells)
        + ")\n#v(0.4em)\n"
        f"#text(size: 7pt, {typst_str(legend)})\\\n"
        f"{key}\n"
    )
    return compile_typst(src)


def scorecard_xlsx(book: XlsxWriter, card: Scorecard, rows: list[ScoreRow], *, title: str) -> None:
    """Write the scorecard: per indicator its value (a number) and its status letter."""
    sheet = book.sheet(_("Kartu skor"))
    sheet.append((title, str(card.area), card.period.key), bold=True)
    header: list[str] = ["kode_wilayah", "wilayah"]  # data columns, like the fact exports
    for ind in card.indicators:
        header += [ind.code, f"{ind.code} status"]
    sheet.append(header, bold=True)
    for row in rows:
        values: list[Any] = [row.code, row.name]
        for v in row.cells:
            value = v.value
            values += [
                None if value is None else round(value, v.indicator.decimals),
                STATUS_LETTERS.get(v.status or "", ""),
            ]
        sheet.append(values)
    sheet.append(())
    sheet.append((_("T = tercapai, H = hampir, B = belum tercapai"),))
    for ind in card.indicators:
        if not ind.has_value_at(card.rows_at):
            sheet.append((ind.code, ind.no_value_note(card.rows_at)))


def _level_note(indicator: Indicator, rows_at: int) -> str:
    """Return " (no value per village …)" for an indicator above the rows' level, else ""."""
    return "" if indicator.has_value_at(rows_at) else f" ({indicator.no_value_note(rows_at)})"


GAP_HEADER = (
    "kode_desa",
    "desa",
    "indikator",
    "periode",
    "kebutuhan",
    "terlayani",
    "kesenjangan",
    "cakupan",
    "status",
    "sarana",
    "jumlah_sarana",
    "orang_per_sarana",
    "jarak_terdekat_km",
)


def _gap_cells(row: GapRow) -> tuple[Any, ...]:
    coverage = row.coverage
    return (
        row.village_code,
        row.village_name,
        row.indicator.code,
        row.period.key,
        row.demand,
        row.served,
        row.gap,
        None if coverage is None else round(coverage, row.indicator.decimals),
        STATUS_LETTERS.get(row.status or "", ""),
        ", ".join(s.label for s in row.supply),
        row.points,
        row.per_point,
        row.nearest_km,
    )


def gap_csv(rows: Iterable[GapRow]) -> str:
    """Return the gap table as CSV (decimal point, as in data files)."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(GAP_HEADER)
    writer.writerows(_gap_cells(r) for r in rows)
    return out.getvalue()


def gap_xlsx(book: XlsxWriter, rows: Iterable[GapRow]) -> None:
    """Write the gap table (numbers as numbers)."""
    sheet = book.sheet(_("Kesenjangan"))
    sheet.append(GAP_HEADER, bold=True)
    for row in rows:
        sheet.append(_gap_cells(row))
