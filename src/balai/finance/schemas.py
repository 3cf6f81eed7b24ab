"""API shapes of the finance module."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class ApbdesSubmissionOut(Schema):
    village: str
    name: str
    status: str | None
    agreed_on: date | None
    submitted_on: date | None
    submitted_late: bool | None
    evaluation_due: date | None
    evaluated_on: date | None
    evaluation_result: str | None
    enacted_on: date | None
    perdes_number: str | None
