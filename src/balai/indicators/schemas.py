"""API schemas of the indicator engine."""

from ninja import Schema


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    factor: int
    decimals: int
    period_types: list[str]
    kind: str
    target: float | None
    direction: str
    source: str
    privacy: str
    owner: str
    has_not_served_list: bool
    level: str  # village, kecamatan or kabupaten: the lowest level with a value


class IndicatorSetOut(Schema):
    code: str
    name: str
    indicators: list[str]


class TargetOut(Schema):
    value: float
    direction: str
    near_band: float
    source: str


class ValueOut(Schema):
    indicator: str
    area: str
    area_name: str
    period: str
    numerator: int
    denominator: int
    value: float | None
    target: TargetOut | None
    status: str | None
    trend: str | None
    band: str  # the owner's label of the value (the IID predicate), else ""
    note: str  # below the indicator's level: why there is no value (Indonesian), else ""


class Dhis2DataValueOut(Schema):
    dataElement: str  # noqa: N815 -- DHIS2 field name
    period: str
    orgUnit: str  # noqa: N815
    value: str


class Dhis2DataValueSetOut(Schema):
    dataElementIdScheme: str  # noqa: N815
    orgUnitIdScheme: str  # noqa: N815
    dataValues: list[Dhis2DataValueOut]  # noqa: N815
