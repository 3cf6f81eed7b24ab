"""API shapes of the complaints module (Balai's own and Open311 GeoReport v2)."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from balai.complaints.forms import TEXT_MAX


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    unit_level: str
    office: str
    verify_days: int
    response_days: int
    resolve_days: int


class ComplaintIn(Schema):
    area: str = Field(max_length=40, description="Kode desa/kelurahan (atau dusun/RW/RT)")
    category: int
    classification: str = "pengaduan"
    title: str = Field(max_length=150)
    description: str = Field(max_length=TEXT_MAX)
    location: str = Field("", max_length=200)
    reporter_name: str = Field("", max_length=100)
    reporter_phone: str = Field("", max_length=20)
    reporter_email: str = Field("", max_length=254)
    is_anonymous: bool = False
    is_confidential: bool = False


class FiledOut(Schema):
    number: str
    tracking_code: str
    status: str


class TrackIn(Schema):
    number: str = Field(max_length=20)
    code: str = Field(max_length=30)


class PublicEventOut(Schema):
    kind: str
    to_status: str
    text: str
    created_at: datetime


class TrackOut(Schema):
    number: str
    status: str
    status_label: str
    category: str
    village: str
    title: str
    received_at: datetime
    due_at: datetime | None
    events: list[PublicEventOut]


class ComplaintOut(Schema):
    id: int
    number: str
    status: str
    classification: str
    channel: str
    title: str
    area: str
    handler_area: str
    handler_level: str
    category: str
    escalation_level: int
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    rating: int | None


class ComplaintDetailOut(ComplaintOut):
    description: str
    location: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    is_anonymous: bool
    is_confidential: bool
    events: list[PublicEventOut]


class ActionIn(Schema):
    action: str
    text: str = Field("", max_length=TEXT_MAX)
    assignee: int | None = None
    target: str = ""
    office: str = ""
    classification: str = ""


class ComplaintFiguresOut(Schema):
    area: str
    year: int
    counts: dict[str, int]
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_channel: dict[str, int]
    median_verify_hours: float | None
    median_resolve_days: float | None
    ikm: float | None
    ikm_numerator: int
    ikm_denominator: int


# ---- Open311 GeoReport v2 ------------------------------------------------------------


class Open311Service(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool = False
    type: str = "realtime"
    keywords: str = ""
    group: str


class Open311Created(Schema):
    service_request_id: str
    service_notice: str
    account_id: str | None = None
    token: str | None = None
    tracking_code: str


class Open311Request(Schema):
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str
    service_code: str
    description: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str
    lat: Decimal | None
    long: Decimal | None
