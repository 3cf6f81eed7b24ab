"""API shapes of the health module."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema


class HealthImportOut(Schema):
    id: int
    area: str
    original_name: str
    status: str
    error: str
    rows: int
    rows_with_problems: int
    by_status: dict[str, int]
    created_records: int
    created_at: datetime
    updated_at: datetime


class PrevalenceParameterOut(Schema):
    group: str
    label: str
    rate_percent: Decimal
    age_min: int
    age_max: int | None
    source: str
    confirmed: bool
    national: bool
