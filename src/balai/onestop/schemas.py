"""API schemas of the one-stop module.

No ``from __future__ import annotations``: Ninja reads the real types.
"""

from datetime import date, datetime

from ninja import Schema


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    provider: str
    kabupaten: str
    requirements: list[str]
    procedure: list[str]
    time: str
    cost: int
    product: str
    complaint_channel: str
    wait_minutes: int
    serve_minutes: int
    letter_types: list[str]


class BoardRowOut(Schema):
    counter: str
    name: str
    is_open: bool
    called: str
    waiting: int
    next_numbers: list[str]


class TicketOut(Schema):
    number: str
    service: str
    day: date
    status: str
    issued_at: datetime
    called_at: datetime | None
    wait_seconds: int | None
