"""API shapes for areas."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class AreaOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None = Field(None, alias="parent_id")
    timezone: str


class AreaDetailOut(AreaOut):
    ancestors: list[AreaOut]


class SubareaIn(Schema):
    level: str = Field(description="dusun, rw atau rt")
    number: int | None = Field(None, ge=1, le=999)
    name: str = Field("", max_length=120)


class SubareaRenameIn(Schema):
    name: str = Field(min_length=1, max_length=120)
