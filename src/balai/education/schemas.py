"""API schemas of the education module."""

from datetime import date

from ninja import Schema


class OutOfSchoolOut(Schema):
    resident_id: int
    nik: str
    name: str
    sex: int
    birth_date: date
    age: int
    area: str
    area_name: str
    reason: str
    reason_label: str
    last_school_year: int | None
    last_level: str
