"""API shapes of the posyandu module."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class MeasurementIn(Schema):
    sex: int = Field(description="1 laki-laki, 2 perempuan")
    age_days: float | None = Field(None, ge=0, description="umur dalam hari")
    age_months: float | None = Field(None, ge=0, description="umur dalam bulan (jika tanpa hari)")
    weight_kg: float | None = Field(None, gt=0)
    lenhei_cm: float | None = Field(None, gt=0)
    measure: str = Field("", pattern="^[LH]?$", description="L berbaring, H berdiri, kosong")
    oedema: bool = False


class ZScoresOut(Schema):
    zlen: float | None
    zwei: float | None
    zwfl: float | None
    zbmi: float | None
    flag_zlen: bool | None
    flag_zwei: bool | None
    flag_zwfl: bool | None
    flag_zbmi: bool | None
    status_tbu: str
    status_bbu: str
    status_bbtb: str
    status_imtu: str


class PosyanduOut(Schema):
    id: int
    name: str
    area_code: str = Field(alias="area_id")


class ChildVisitIn(Schema):
    visit_date: date
    weight_kg: Decimal | None = Field(None, max_digits=5, decimal_places=2)
    lenhei_cm: Decimal | None = Field(None, max_digits=5, decimal_places=1)
    measure: str = Field("", pattern="^[LH]?$")
    oedema: bool = False
    muac_cm: Decimal | None = Field(None, max_digits=4, decimal_places=1)
    head_cm: Decimal | None = Field(None, max_digits=4, decimal_places=1)
    immunisations: list[str] = []
    vitamin_a: bool = False
    counselling: bool = False
    pmt: bool = False
    home_visit: bool = False
    confirm_implausible: bool = False


class ChildVisitOut(Schema):
    id: int
    resident_id: int
    posyandu_id: int
    visit_date: date
    age_days: int
    weight_kg: Decimal | None
    lenhei_cm: Decimal | None
    measure: str
    oedema: bool
    zlen: float | None
    zwei: float | None
    zwfl: float | None
    zbmi: float | None
    flag_zlen: bool | None
    flag_zwei: bool | None
    flag_zwfl: bool | None
    flag_zbmi: bool | None
    status_tbu: str
    status_bbu: str
    status_bbtb: str
    status_imtu: str
    growth: str


class PrevalenceFiguresOut(Schema):
    code: str
    name: str
    measured: int
    under_five: int | None
    with_zlen: int
    stunted: int
    severely_stunted: int
    with_zwfl: int
    wasted: int
    severely_wasted: int
    overweight: int
    with_zwei: int
    underweight: int
    stunting_percent: float | None
    above_target: bool | None


class PrevalenceOut(Schema):
    period: str
    target_percent: float
    total: PrevalenceFiguresOut
    areas: list[PrevalenceFiguresOut]
