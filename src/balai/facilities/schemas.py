"""API shapes of the supply register."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema
from pydantic import Field


class ServicePointOut(Schema):
    id: int
    kind: str
    village: str = Field(alias="area_id")
    name: str
    posyandu_id: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    capacity: int | None
    staff_count: int | None
    is_active: bool


class ServicePointIn(Schema):
    village: str = Field(description="kode desa/kelurahan, mis. 73.22.03.2004")
    kind: str = Field(description="posyandu, poskesdes, pustu, puskesmas, paud, sd, smp, sma, pkbm")
    name: str = ""
    posyandu_id: int | None = Field(None, description="hanya untuk jenis posyandu")
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=8, decimal_places=5)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=8, decimal_places=5)
    capacity: int | None = Field(None, ge=0)
    staff_count: int | None = Field(None, ge=0)
    is_active: bool = True


class ServicePointPatch(Schema):
    kind: str | None = None
    name: str | None = None
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=8, decimal_places=5)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=8, decimal_places=5)
    capacity: int | None = Field(None, ge=0)
    staff_count: int | None = Field(None, ge=0)
    is_active: bool | None = None


class KindSupplyOut(Schema):
    count: int
    nearest_km: float | None


class RatioOut(Schema):
    kind: str
    population: int
    points: int
    per_point: float | None


class VillageSupplyOut(Schema):
    code: str
    name: str
    centroid: tuple[float, float] | None
    kinds: dict[str, KindSupplyOut]
    ratios: dict[str, RatioOut]
