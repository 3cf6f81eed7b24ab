"""Geometry of the population pyramid, drawn as server-side SVG (no JS, no CDN).

Men to the left of the axis, women to the right, the oldest band on top. The
template only places the rectangles and labels computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from balai.registry.stats.tables import Table

WIDTH = 640
BAR_HEIGHT = 18
GAP = 4
LABEL_WIDTH = 64  # the age labels sit in a column in the middle
TOP = 24
HALF = (WIDTH - LABEL_WIDTH) // 2 - 40  # room for the value labels


@dataclass(frozen=True)
class Bar:
    """One age band: a bar each side and its labels."""

    label: str
    y: int
    text_y: int
    male_x: int
    male_width: int
    female_x: int
    female_width: int
    male_text: str
    female_text: str
    male_text_x: int
    female_text_x: int


@dataclass(frozen=True)
class Pyramid:
    """Everything the SVG template needs."""

    width: int
    height: int
    axis_left: int
    axis_right: int
    center: int
    bars: list[Bar]


def pyramid(table: Table) -> Pyramid:
    """Lay out the bars of an age table (suppressed cells are drawn empty and labelled)."""
    rows = [r for r in table.rows if r.value]  # the "no birth date" row is not an age
    peak = max([r.male for r in rows if "male" not in r.marks] + [0])
    peak = max([peak] + [r.female for r in rows if "female" not in r.marks]) or 1
    center = WIDTH // 2
    axis_left = center - LABEL_WIDTH // 2
    axis_right = center + LABEL_WIDTH // 2
    bars = []
    for i, row in enumerate(reversed(rows)):
        y = TOP + i * (BAR_HEIGHT + GAP)
        male = 0 if "male" in row.marks else round(HALF * row.male / peak)
        female = 0 if "female" in row.marks else round(HALF * row.female / peak)
        bars.append(
            Bar(
                label=row.label,
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                male_x=axis_left - male,
                male_width=male,
                female_x=axis_right,
                female_width=female,
                male_text=row.shown("male"),
                female_text=row.shown("female"),
                male_text_x=axis_left - male - 4,
                female_text_x=axis_right + female + 4,
            )
        )
    height = TOP + len(rows) * (BAR_HEIGHT + GAP) + 8
    return Pyramid(WIDTH, height, axis_left, axis_right, center, bars)
