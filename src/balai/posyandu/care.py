"""Versioned care standards: antenatal (ANC) and postnatal (KF) visits, immunisation.

The numbers are data (``data/care_standards.json``), one version per
regulation with the date it took effect; the version for a pregnancy is the
one in force on its HPHT, for a child the one in force on its birth date.
The default today is Permenkes 21/2021: at least 6 ANC visits, 1 in
trimester 1, 2 in trimester 2 and 3 in trimester 3, at least 2 of them by a
doctor (in trimesters 1 and 3); 4 postnatal visits KF1-KF4.

These checks describe one mother or child for the cadre and the midwife;
they do not change how the scorecard or the prevalence figures count.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class CareStandard:
    """One version of the care standard."""

    key: str
    regulation: str
    effective_from: date
    trimester_last_week: tuple[int, int]
    anc_min_visits: int
    anc_per_trimester: tuple[int, int, int]
    anc_doctor_min: int
    anc_doctor_trimesters: tuple[int, ...]
    postnatal_visits: tuple[tuple[str, int, int], ...]
    immunisation: tuple[tuple[str, int], ...]
    immunisation_basis: str = ""
    verified: bool = False

    def trimester(self, weeks: int) -> int:
        """Return the trimester (1-3) of a pregnancy at *weeks* completed weeks."""
        first, second = self.trimester_last_week
        return 1 if weeks <= first else 2 if weeks <= second else 3


def _parse(raw: dict[str, object]) -> CareStandard:
    def ints(value: object) -> tuple[int, ...]:
        return tuple(int(v) for v in value)  # type: ignore[attr-defined]

    last = ints(raw["trimester_last_week"])
    per = ints(raw["anc_per_trimester"])
    return CareStandard(
        key=str(raw["key"]),
        regulation=str(raw["regulation"]),
        effective_from=date.fromisoformat(str(raw["effective_from"])),
        trimester_last_week=(last[0], last[1]),
        anc_min_visits=int(raw["anc_min_visits"]),  # type: ignore[call-overload]
        anc_per_trimester=(per[0], per[1], per[2]),
        anc_doctor_min=int(raw["anc_doctor_min"]),  # type: ignore[call-overload]
        anc_doctor_trimesters=ints(raw["anc_doctor_trimesters"]),
        postnatal_visits=tuple(
            (str(n), int(a), int(b))
            for n, a, b in raw["postnatal_visits"]  # type: ignore[attr-defined]
        ),
        immunisation=tuple(
            (str(v), int(m))
            for v, m in raw["immunisation"]  # type: ignore[attr-defined]
        ),
        immunisation_basis=str(raw.get("immunisation_basis", "")),
        verified=bool(raw.get("verified", False)),
    )


@cache
def standards() -> tuple[CareStandard, ...]:
    """Return every shipped version, oldest first."""
    path = resources.files("balai.posyandu") / "data" / "care_standards.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    found = sorted((_parse(s) for s in data["standards"]), key=lambda s: s.effective_from)
    return tuple(found)


def standard_for(day: date) -> CareStandard:
    """Return the version in force on *day* (the oldest one before any took effect)."""
    chosen = standards()[0]
    for candidate in standards():
        if candidate.effective_from <= day:
            chosen = candidate
    return chosen


@dataclass(frozen=True)
class AncVisit:
    """One antenatal check: its date and whether a doctor did it."""

    day: date
    by_doctor: bool = False


@dataclass
class AncReview:
    """How a pregnancy's antenatal visits meet the standard."""

    standard: CareStandard
    per_trimester: list[int] = field(default_factory=lambda: [0, 0, 0])
    doctor_per_trimester: list[int] = field(default_factory=lambda: [0, 0, 0])

    @property
    def total(self) -> int:
        return sum(self.per_trimester)

    @property
    def doctor_total(self) -> int:
        return sum(self.doctor_per_trimester)

    def missing(self, current_trimester: int = 3) -> list[tuple[int, int]]:
        """Return (trimester, visits still needed) up to *current_trimester*."""
        return [
            (t + 1, need - have)
            for t, (need, have) in enumerate(
                zip(self.standard.anc_per_trimester, self.per_trimester, strict=True)
            )
            if t + 1 <= current_trimester and have < need
        ]

    def doctor_missing(self, current_trimester: int = 3) -> list[int]:
        """Return the trimesters (up to *current_trimester*) still without a doctor's visit."""
        return [
            t
            for t in self.standard.anc_doctor_trimesters
            if t <= current_trimester and not self.doctor_per_trimester[t - 1]
        ]

    @property
    def complete(self) -> bool:
        """Tell whether the whole pregnancy met the standard (visits, spread, doctor)."""
        return (
            self.total >= self.standard.anc_min_visits
            and not self.missing()
            and self.doctor_total >= self.standard.anc_doctor_min
            and not self.doctor_missing()
        )


def anc_review(first_day: date, visits: Iterable[AncVisit]) -> AncReview:
    """Count a pregnancy's ANC visits per trimester against the standard of its HPHT."""
    review = AncReview(standard=standard_for(first_day))
    for visit in visits:
        weeks = (visit.day - first_day).days // 7
        index = review.standard.trimester(weeks) - 1
        review.per_trimester[index] += 1
        if visit.by_doctor:
            review.doctor_per_trimester[index] += 1
    return review


@dataclass(frozen=True)
class PostnatalWindow:
    """One KF visit window and whether a check fell in it."""

    name: str
    first: date
    last: date
    done: bool


def postnatal_review(delivered_on: date, checks: Iterable[date]) -> list[PostnatalWindow]:
    """Return each KF window of the standard in force at delivery, with whether it was met."""
    days = sorted({(d - delivered_on).days for d in checks})
    out = []
    for name, first, last in standard_for(delivered_on).postnatal_visits:
        done = any(first <= d <= last for d in days)
        out.append(
            PostnatalWindow(
                name=name,
                first=delivered_on + timedelta(days=first),
                last=delivered_on + timedelta(days=last),
                done=done,
            )
        )
    return out


@dataclass(frozen=True)
class Dose:
    """One scheduled vaccine dose of a child."""

    vaccine: str
    due: date
    given: bool

    @property
    def label(self) -> str:
        from balai.posyandu.models import Vaccine

        return str(Vaccine(self.vaccine).label) if self.vaccine in Vaccine.values else self.vaccine

    def overdue(self, today: date) -> bool:
        return not self.given and self.due < today


def months_after(day: date, months: int) -> date:
    """Return the same day *months* later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def immunisation_schedule(birth_date: date, given: Iterable[str]) -> list[Dose]:
    """Return the child's doses under the standard in force at birth, with their due dates."""
    done = set(given)
    return [
        Dose(vaccine=vaccine, due=months_after(birth_date, months), given=vaccine in done)
        for vaccine, months in standard_for(birth_date).immunisation
    ]


@dataclass
class PregnancyCare:
    """A pregnancy's ANC review, its current trimester and its postnatal windows."""

    anc: AncReview
    trimester: int
    postnatal: list[PostnatalWindow]


def pregnancy_care(
    *, first_day: date, delivered_on: date | None, visits: Iterable[Any], today: date
) -> PregnancyCare:
    """Review the visits (``PregnancyVisit`` rows) of one pregnancy as of *today*."""
    rows = list(visits)
    anc = anc_review(first_day, [AncVisit(v.visit_date, v.anc_by_doctor) for v in rows if v.anc])
    last_day = delivered_on or today
    trimester = 3 if delivered_on else anc.standard.trimester((last_day - first_day).days // 7)
    postnatal = (
        postnatal_review(delivered_on, [v.visit_date for v in rows if v.postnatal_check])
        if delivered_on
        else []
    )
    return PregnancyCare(anc=anc, trimester=trimester, postnatal=postnatal)
