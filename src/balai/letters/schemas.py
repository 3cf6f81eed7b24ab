"""API schemas of the letters module."""

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class StandardOut(Schema):
    code: str
    name: str
    letter_type: str
    legal_basis: str
    requirements: list[str]
    procedure: list[str]
    responsible_official: str
    officer: str
    time_value: int
    time_unit: str
    cost: int
    cost_note: str
    opening_hours: str
    decision_ref: str


class RequestIn(Schema):
    letter_type: str = Field(max_length=40)
    nik: str = Field(max_length=32, description="NIK penduduk yang bersangkutan")
    purpose: str = Field("", max_length=255)
    data: dict[str, Any] = Field(default_factory=dict)


class ResidentRequestIn(Schema):
    letter_type: str = Field(max_length=40)
    purpose: str = Field("", max_length=255)
    data: dict[str, Any] = Field(default_factory=dict)


class RequestOut(Schema):
    id: int
    letter_type: str
    status: str
    channel: str
    village: str
    subject_name: str
    received_at: datetime
    due_at: datetime
    completed_at: datetime | None
    number: str | None
    pdf_ready: bool
    reject_reason: str
    reject_note: str


class MoveIn(Schema):
    to: str = Field(max_length=20)
    note: str = Field("", max_length=255)
    reason: str = Field("", max_length=20)


class VerificationOut(Schema):
    valid: bool
    voided: bool
    void_reason: str
    number: str
    letter_type: str
    title: str
    issued_at: datetime
    village_code: str
    village: str
    signer: str
    countersigner: str
    subject_name: str
    sha256: str
