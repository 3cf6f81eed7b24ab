"""API schemas of the supervision boards: the gap table and the village profile."""

from ninja import Schema


class GapTargetOut(Schema):
    value: float
    direction: str
    near_band: float
    source: str


class SupplyOut(Schema):
    kind: str
    label: str
    count: int
    nearest_km: float | None


class GapRowOut(Schema):
    village: str
    village_name: str
    indicator: str
    indicator_name: str
    period: str
    demand: int
    served: int
    gap: int
    coverage: float | None
    target: GapTargetOut | None
    status: str | None
    points: int
    per_point: float | None
    nearest_km: float | None
    supply: list[SupplyOut]
    has_not_served_list: bool


class HistoryOut(Schema):
    period: str
    numerator: int
    denominator: int
    value: float | None


class ProfileLineOut(Schema):
    indicator: str
    name: str
    period: str
    numerator: int
    denominator: int
    value: float | None
    target: GapTargetOut | None
    status: str | None
    previous_value: float | None
    trend: str | None
    changed: bool
    unserved: int | None
    target_gap: float | None
    history: list[HistoryOut]


class WorkItemOut(Schema):
    label: str
    count: int
    url: str


class VillageProfileOut(Schema):
    code: str
    name: str
    lines: list[ProfileLineOut]
    open_work: list[WorkItemOut]
