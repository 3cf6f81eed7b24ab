"""Growth charts: the WHO curves (-3..+3 SD) from the LMS tables and a child's points.

SVG is drawn server-side (no JavaScript, CSP-safe: presentation attributes
only); the printable KMS-style PDF puts the same SVGs on an A4 page with Typst.
Curves are ``M * (1 + L*S*z) ** (1/L)``, the SD lines WHO Anthro draws.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape

import numpy as np
import typst
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.core.formatting import decimal
from balai.posyandu.growth.inputs import DAYS_PER_MONTH
from balai.posyandu.growth.tables import load_table
from balai.posyandu.models import ChildVisit

SDS = (-3, -2, -1, 0, 1, 2, 3)
SD_COLOURS = {
    -3: "#111111",
    -2: "#c62828",
    -1: "#ef8f00",
    0: "#2e7d32",
    1: "#ef8f00",
    2: "#c62828",
    3: "#111111",
}
WIDTH, HEIGHT = 640, 400
MARGIN = (48, 16, 16, 40)  # left, right, top, bottom


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    table: str
    x_label: str
    y_label: str


CHARTS = {
    "lhfa": ChartSpec(
        "lhfa", "Panjang/tinggi badan menurut umur (PB/U, TB/U)", "lhfa", "umur (bulan)", "cm"
    ),
    "wfa": ChartSpec("wfa", "Berat badan menurut umur (BB/U)", "wfa", "umur (bulan)", "kg"),
    "wfl": ChartSpec(
        "wfl",
        "Berat badan menurut panjang badan (BB/PB, 0-24 bulan)",
        "wfl",
        "panjang badan (cm)",
        "kg",
    ),
    "wfh": ChartSpec(
        "wfh",
        "Berat badan menurut tinggi badan (BB/TB, 24-60 bulan)",
        "wfh",
        "tinggi badan (cm)",
        "kg",
    ),
}


@cache
def curves(table_name: str, sex: int) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Return x values and the SD curves (y per SD) of one table for one sex."""
    table = load_table(table_name)
    row = sex - 1
    if table_name in ("lhfa", "wfa"):
        step = 7  # one point a week is smooth at this size
        cols = np.arange(0, table.l.shape[1], step)
        x = (cols + table.first_key) / DAYS_PER_MONTH
    else:
        cols = np.arange(0, table.l.shape[1], 5)  # every 0.5 cm
        x = (cols + table.first_key) / 10.0
    el, m, s = table.l[row, cols], table.m[row, cols], table.s[row, cols]
    lines = {k: m * (1.0 + el * s * k) ** (1.0 / el) for k in SDS}
    return x, lines


def _points(spec: ChartSpec, visits: list[ChildVisit]) -> list[tuple[float, float, str]]:
    out = []
    for v in visits:
        months = v.age_days / DAYS_PER_MONTH
        label = f"{v.visit_date:%d-%m-%Y}"
        if spec.key == "lhfa" and v.lenhei_cm is not None and v.zlen is not None:
            out.append((months, float(v.lenhei_cm), label))
        elif spec.key == "wfa" and v.weight_kg is not None and v.zwei is not None:
            out.append((months, float(v.weight_kg), label))
        elif spec.key in ("wfl", "wfh") and v.weight_kg is not None and v.zwfl is not None:
            assert v.lenhei_cm is not None  # noqa: S101 -- zwfl needs a length
            out.append((_clenhei(v), float(v.weight_kg), label))
    return out


def _clenhei(v: ChildVisit) -> float:
    length = float(v.lenhei_cm or 0)
    if v.age_days < 731 and v.measure == "H" and v.age_days / DAYS_PER_MONTH >= 9:
        return length + 0.7
    if v.age_days >= 731 and v.measure == "L":
        return length - 0.7
    return length


def chart_svg(key: str, sex: int, visits: list[ChildVisit]) -> str:
    """Return an SVG chart of *key* (lhfa, wfa, wfl, wfh) with the child's points."""
    spec = CHARTS[key]
    x, lines = curves(spec.table, sex)
    pts = _points(spec, visits)
    x_min, x_max = float(x[0]), float(x[-1])
    y_min = float(np.nanmin(lines[-3]))
    y_max = float(np.nanmax(lines[3]))
    if pts:
        y_min = min(y_min, min(p[1] for p in pts))
        y_max = max(y_max, max(p[1] for p in pts))
    left, right, top, bottom = MARGIN
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom

    def sx(value: float) -> float:
        return left + (value - x_min) / (x_max - x_min) * plot_w

    def sy(value: float) -> float:
        return top + (y_max - value) / (y_max - y_min) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(spec.title)}" data-chart="{key}">',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#999"/>',
    ]
    for tick in _ticks(x_min, x_max, 8):
        parts.append(
            f'<line x1="{sx(tick):.1f}" y1="{top}" x2="{sx(tick):.1f}" y2="{top + plot_h}" stroke="#e0e0e0"/>'
            f'<text x="{sx(tick):.1f}" y="{HEIGHT - bottom + 14}" font-size="11" text-anchor="middle">{decimal(tick)}</text>'
        )
    for tick in _ticks(y_min, y_max, 8):
        parts.append(
            f'<line x1="{left}" y1="{sy(tick):.1f}" x2="{left + plot_w}" y2="{sy(tick):.1f}" stroke="#e0e0e0"/>'
            f'<text x="{left - 4}" y="{sy(tick) + 4:.1f}" font-size="11" text-anchor="end">{decimal(tick)}</text>'
        )
    for k in SDS:
        coords = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(x, lines[k], strict=True))
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{SD_COLOURS[k]}" stroke-width="{1.6 if k == 0 else 1}"/>'
            f'<text x="{left + plot_w + 2}" y="{sy(float(lines[k][-1])) + 3:.1f}" font-size="9">{k:+d}</text>'
        )
    if pts:
        path = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b, _l in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1565c0" stroke-width="1.5"/>')
        for a, b, label in pts:
            parts.append(
                f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="3.5" fill="#1565c0">'
                f"<title>{escape(label)}: {decimal(b)}</title></circle>"
            )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{HEIGHT - 4}" font-size="11" text-anchor="middle">{escape(spec.x_label)}</text>'
        f'<text x="12" y="{top + plot_h / 2}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2})">{escape(spec.y_label)}</text></svg>'
    )
    return "".join(parts)


def _ticks(low: float, high: float, count: int) -> list[float]:
    raw = (high - low) / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = float(min((s * magnitude for s in (1, 2, 5, 10)), key=lambda s: abs(s - raw)))
    first = np.ceil(low / step) * step
    return [round(float(v), 6) for v in np.arange(first, high + step / 2, step) if v <= high]


def charts_for(sex: int, visits: list[ChildVisit]) -> list[tuple[ChartSpec, str]]:
    """Return the child's three charts: PB/U-TB/U, BB/U and BB/PB or BB/TB by latest age."""
    latest_age = visits[-1].age_days if visits else 0
    wfx = "wfh" if latest_age >= 731 else "wfl"
    return [(CHARTS[key], chart_svg(key, sex, visits)) for key in ("lhfa", "wfa", wfx)]


_local = threading.local()


def _typst_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def kms_pdf(
    *,
    name: str,
    sex_label: str,
    birth_date: date | None,
    mother: str,
    posyandu: str,
    visits: list[ChildVisit],
    sex: int,
) -> bytes:
    """Return a printable KMS-style PDF: identity, the three charts and the visit table."""
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(ignore_system_fonts=True)
        _local.compiler = compiler
    rows = []
    for v in visits[-24:]:
        cells = [
            f"{v.visit_date:%d-%m-%Y}",
            decimal(v.age_days / DAYS_PER_MONTH, 1),
            decimal(v.weight_kg),
            "" if v.lenhei_cm is None else f"{decimal(v.lenhei_cm)} {v.measure}",
            *(decimal(z, 2) for z in (v.zlen, v.zwei, v.zwfl)),
            v.growth,
        ]
        rows.append(", ".join(_typst_str(c) for c in cells))
    images = "\n".join(
        f'#block(breakable: false)[#text(weight: "bold", {_typst_str(spec.title)})\n'
        f'#image(bytes({_typst_str(svg)}), format: "svg", width: 100%)]'
        for spec, svg in charts_for(sex, visits)
    )
    born = f"{birth_date:%d-%m-%Y}" if birth_date else "-"
    header = ", ".join(
        _typst_str(h)
        for h in (
            "Tanggal",
            "Umur (bln)",
            "BB (kg)",
            "PB/TB (cm)",
            "z TB/U",
            "z BB/U",
            "z BB/TB",
            "N/T",
        )
    )
    body = ", ".join(f"{r}" for r in rows)
    source = f"""
#set page(paper: "a4", margin: 1.5cm)
#set text(size: 9pt)
#text(size: 14pt, weight: "bold", {_typst_str(_("Kartu Menuju Sehat (KMS) — grafik pertumbuhan WHO 2006"))})

#grid(columns: 2, gutter: 4pt,
  {_typst_str(_("Nama"))}, {_typst_str(name)},
  {_typst_str(_("Jenis kelamin"))}, {_typst_str(sex_label)},
  {_typst_str(_("Tanggal lahir"))}, {_typst_str(born)},
  {_typst_str(_("Nama ibu"))}, {_typst_str(mother)},
  {_typst_str(_("Posyandu"))}, {_typst_str(posyandu)},
)

{images}

#table(columns: 8, {header}{", " + body if body else ""})
"""
    try:
        out = compiler.compile(input=source.encode(), format="pdf")
    except typst.TypstError as exc:  # pragma: no cover -- the source is generated
        raise DomainError(_("KMS tidak dapat dicetak: %(m)s") % {"m": exc.message}) from exc
    assert isinstance(out, bytes)  # noqa: S101
    return out
