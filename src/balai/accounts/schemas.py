"""API shapes for accounts."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class RoleOut(Schema):
    id: int
    role: str
    role_label: str
    area_code: str | None
    area_name: str | None
    office: str


class MeOut(Schema):
    username: str
    full_name: str
    acting_role: RoleOut | None
    roles: list[RoleOut]


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    # The token acts as the caller's current role; a different id is refused.
    role_id: int | None = None
    days: int = Field(90, ge=1, le=730)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    role_id: int
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    key: str
