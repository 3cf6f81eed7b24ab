"""Schemas of the planning API (no ``from __future__ import annotations``: Ninja reads them)."""

import datetime as dt
from decimal import Decimal

from ninja import Schema


class TrackEventOut(Schema):
    stage: str
    note: str
    at: dt.datetime


class ProposalTrackOut(Schema):
    """What anyone may read of a proposal: no names, no identity numbers."""

    code: str
    title: str
    village: str
    year: int
    origin: str
    kegiatan: str
    estimated_cost: Decimal
    beneficiaries: int
    supports: int
    stage: str
    carried_as: str | None
    answer: str
    events: list[TrackEventOut]


class ProposalOut(Schema):
    id: int
    code: str
    village: str
    year: int
    origin: str
    title: str
    kegiatan: str
    location: str
    volume: Decimal
    unit: str
    estimated_cost: Decimal
    beneficiaries: int
    village_authority: bool
    supports: int
    stage: str
    opd: str | None
    opd_programme: str
    answer_activity: str
    answer_reason: str


class AnswerIn(Schema):
    accepted: bool
    programme: str = ""
    activity: str = ""
    reason: str = ""


class KegiatanOut(Schema):
    code: str
    siskeudes_code: str
    bidang: str
    sub_bidang: str
    sub_bidang_name: str
    name: str
