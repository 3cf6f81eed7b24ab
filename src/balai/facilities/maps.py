"""The choropleth: indicator values per kecamatan or village, their colour class and shapes.

Values come from the indicator engine (``indicator_table``, which sums
facts by code prefix); shapes from ``regions.AreaBoundary``. Colours are CSS
classes (``facilities/map.css``), so the SVG paths, the legend and the table
share one palette and no inline style is needed (CSP).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from balai.core.areacodes import KECAMATAN_CODE_LENGTH, VILLAGE_CODE_LENGTH
from balai.facilities.models import PointKind, ServicePoint
from balai.indicators.periods import Period
from balai.indicators.registry import Indicator
from balai.indicators.selectors import Value, format_number, indicator_table
from balai.regions.models import Area, AreaBoundary

KECAMATAN_LENGTH = KECAMATAN_CODE_LENGTH
VILLAGE_LENGTH = VILLAGE_CODE_LENGTH
QUANTILES = 5
STATUS_CLASSES = {"met": "c-met", "near": "c-near", "not_met": "c-not-met"}
NO_DATA = "c-none"


@dataclass
class LegendItem:
    css: str
    label: str


@dataclass
class MapRow:
    code: str
    name: str
    value: Value
    css: str
    has_shape: bool


@dataclass
class ChoroplethData:
    rows: list[MapRow]
    legend: list[LegendItem]
    scale: str  # "status" or "quantile"
    shapes: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → GeoJSON geometry
    # An indicator of a higher level shown per village/kecamatan: why there is no value.
    note: str = ""


def _quantile_edges(values: list[float]) -> list[float]:
    ordered = sorted(values)
    edges = []
    for i in range(1, QUANTILES):
        edges.append(ordered[min(len(ordered) - 1, (len(ordered) * i) // QUANTILES)])
    return sorted({e for e in edges if e > ordered[0]})  # bin i: values >= edges[i-1]


def choropleth(
    *, indicator: Indicator, area: Area, period: Period, rows_at: int, with_shapes: bool = True
) -> ChoroplethData:
    """Values of *indicator* for each area under *area* with *rows_at* code characters."""
    table = indicator_table(
        indicators=[indicator], area=area, periods=[period], rows_at=rows_at, trend=False
    )
    values = [table.cell(code, indicator.code, period) for code, _name in table.rows]
    shapes: dict[str, dict[str, Any]] = {}
    boundary_qs = AreaBoundary.objects.filter(area_id__in=[v.code for v in values])
    if with_shapes:
        shapes = dict(boundary_qs.values_list("area_id", "geometry"))
        have = set(shapes)
    else:
        have = set(boundary_qs.values_list("area_id", flat=True))
    has_target = any(v.target is not None for v in values)
    legend: list[LegendItem] = []
    if has_target:
        scale = "status"
        classes = {v.code: STATUS_CLASSES.get(v.status or "", NO_DATA) for v in values}
        legend = [
            LegendItem("c-met", _("Memenuhi target")),
            LegendItem("c-near", _("Mendekati target")),
            LegendItem("c-not-met", _("Belum memenuhi target")),
        ]
    else:
        scale = "quantile"
        numbers = [v.value for v in values if v.value is not None]
        edges = _quantile_edges(numbers) if numbers else []
        classes = {}
        for v in values:
            if v.value is None:
                classes[v.code] = NO_DATA
            else:
                classes[v.code] = f"c-q{sum(1 for e in edges if v.value >= e)}"
        bounds = [min(numbers), *edges, max(numbers)] if numbers else []
        for i in range(len(bounds) - 1):
            low = format_number(bounds[i], indicator.decimals)
            high = format_number(bounds[i + 1], indicator.decimals)
            legend.append(LegendItem(f"c-q{i}", f"{low} - {high}{indicator.unit}"))
    legend.append(LegendItem(NO_DATA, _("Tidak ada data")))
    rows = [MapRow(v.code, v.name, v, classes[v.code], v.code in have) for v in values]
    note = "" if indicator.has_value_at(rows_at) else indicator.no_value_note(rows_at)
    return ChoroplethData(rows=rows, legend=legend, scale=scale, shapes=shapes, note=note)


def feature_collection(data: ChoroplethData) -> dict[str, Any]:
    """GeoJSON of the rows that have a shape, with what the map shows per area."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": data.shapes[row.code],
                "properties": {
                    "code": row.code,
                    "name": row.name,
                    "display": row.value.display,
                    "status": row.value.status_label,
                    "css": row.css,
                },
            }
            for row in data.rows
            if row.code in data.shapes
        ],
    }


def point_markers(*, within: str) -> list[dict[str, Any]]:
    """Located, active service points under *within* as map markers."""
    labels = dict(PointKind.choices)
    return [
        {
            "kind": kind,
            "label": str(labels[kind]),
            "name": name,
            "lat": float(lat or 0),
            "lng": float(lng or 0),
        }
        for kind, name, lat, lng in ServicePoint.objects.filter(
            area__within=within, is_active=True, latitude__isnull=False
        )
        .order_by("area_id", "kind", "name")
        .values_list("kind", "name", "latitude", "longitude")
    ]
