"""API shapes of the poverty module (aggregates only: no names, no NIK)."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class PovertyProgrammeOut(Schema):
    id: int
    code: str
    name: str
    area: str
    unit: str
    fund_source: int
    start: date
    end: date | None
    desil_min: int | None
    desil_max: int | None
    age_min: int | None
    age_max: int | None
    exclude_officials: bool
    not_combined_with: list[str]
    is_active: bool


class TargetingCheckOut(Schema):
    village: str
    programme: str
    recipients: int
    eligible: int
    checks: dict[str, int]
