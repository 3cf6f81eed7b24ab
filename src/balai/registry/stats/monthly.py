"""The monthly population report (Permendagri 47/2016 style), counted from life events.

Definition, for an area (village or higher) and a month, counting each event
on its *event date* (default) or its *report date* (``basis``):

* start of month = sum of ``delta`` of the area's events dated before the 1st;
* births, deaths, moved in, moved out = events of that kind dated in the month;
* other in = registrations (first data collection) and returns; other out =
  missing, invalidated and merged (duplicate) records;
* end of month = sum of ``delta`` of the events dated up to the month's end.

So start + births + moved in + other in - deaths - moved out - other out =
end, exactly, for men, women and in total. Events keep the area they happened
in, so later moves never change a past month. The entry date is never used.

A *late registration* is an event reported in a later month than it happened.
By event date it is counted in the month it happened (so an already printed
report for that month was short); by report date it is counted when reported.
The report lists both kinds touching the month and marks which it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import EventKind, LifeEvent

LATE_LIST_LIMIT = 500


class Basis:
    """Which date an event is counted by."""

    EVENT = "peristiwa"
    REPORT = "lapor"
    FIELDS = {EVENT: "event_date", REPORT: "report_date"}
    LABELS = {EVENT: _("tanggal peristiwa"), REPORT: _("tanggal lapor")}


# (key, label, kinds, sign): the columns between start and end of month.
FLOWS: list[tuple[str, object, tuple[str, ...], int]] = [
    ("births", _("Lahir"), (EventKind.BIRTH,), 1),
    ("deaths", _("Mati"), (EventKind.DEATH,), -1),
    ("moved_in", _("Pendatang"), (EventKind.MOVE_IN,), 1),
    ("moved_out", _("Pindah"), (EventKind.MOVE_OUT,), -1),
    (
        "other_in",
        _("Lainnya masuk (pendataan, kembali)"),
        (EventKind.REGISTERED, EventKind.RETURN),
        1,
    ),
    (
        "other_out",
        _("Lainnya keluar (hilang, tidak valid, data ganda)"),
        (EventKind.MISSING, EventKind.INVALIDATED, EventKind.MERGED),
        -1,
    ),
]


@dataclass
class Figure:
    """A count of men and women."""

    male: int = 0
    female: int = 0

    @property
    def total(self) -> int:
        return self.male + self.female

    def add(self, sex: int, n: int) -> None:
        if sex == codes.Sex.MALE:
            self.male += n
        else:
            self.female += n


@dataclass(frozen=True)
class LateEvent:
    """An event reported in a later month than it happened (no personal data)."""

    kind: str
    kind_label: str
    event_date: date
    report_date: date
    area: str
    sex: int
    counted: bool  # counted in this report (by its basis)


@dataclass
class MonthlyReport:
    """The month's figures by sex; ``flows`` in the order of ``FLOWS``."""

    area: Area
    year: int
    month: int
    basis: str
    start: Figure
    end: Figure
    flows: dict[str, Figure]
    late: list[LateEvent] = field(default_factory=list)
    late_total: int = 0
    late_counted: Figure = field(default_factory=Figure)

    @property
    def basis_label(self) -> str:
        return str(Basis.LABELS[self.basis])

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def columns(self) -> list[tuple[str, str, Figure]]:
        """Return (key, label, figure) from start to end of month."""
        return [
            ("start", str(_("Penduduk awal bulan")), self.start),
            *[(key, str(label), self.flows[key]) for key, label, _k, _s in FLOWS],
            ("end", str(_("Penduduk akhir bulan")), self.end),
        ]


def next_month(day: date) -> date:
    """Return the first day of the month after *day*'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def monthly_report(area: Area, year: int, month: int, basis: str = Basis.EVENT) -> MonthlyReport:
    """Return the monthly report of *area* (the caller has checked access)."""
    if basis not in Basis.FIELDS:
        raise ValueError(basis)
    d = Basis.FIELDS[basis]
    first = date(year, month, 1)
    after = next_month(first)
    events = LifeEvent.objects.filter(area__within=area.code).exclude(delta=0)
    rows = (
        events.filter(**{f"{d}__lt": after})
        .values("kind", "sex")
        .annotate(
            before=Sum("delta", filter=Q(**{f"{d}__lt": first}), default=0),
            during=Count("id", filter=Q(**{f"{d}__gte": first})),
            upto=Sum("delta", default=0),
        )
        .order_by()
    )
    start, end = Figure(), Figure()
    flows = {key: Figure() for key, _l, _k, _s in FLOWS}
    flow_of = {kind: key for key, _l, kinds, _s in FLOWS for kind in kinds}
    for row in rows:
        start.add(row["sex"], row["before"])
        end.add(row["sex"], row["upto"])
        if row["during"] and row["kind"] in flow_of:
            flows[flow_of[row["kind"]]].add(row["sex"], row["during"])
    report = MonthlyReport(area, year, month, basis, start, end, flows)
    _add_late(report, events, first, after, d)
    return report


def _add_late(
    report: MonthlyReport, events: QuerySet[LifeEvent], first: date, after: date, d: str
) -> None:
    in_month = Q(event_date__gte=first, event_date__lt=after)
    reported_in_month = Q(report_date__gte=first, report_date__lt=after)
    # Happened in the month and reported after it, or reported in it and happened before.
    late = events.filter(
        (in_month & Q(report_date__gte=after)) | (reported_in_month & Q(event_date__lt=first))
    )
    counted = Q(**{f"{d}__gte": first, f"{d}__lt": after})
    for row in late.filter(counted).values("sex").annotate(n=Count("id")).order_by():
        report.late_counted.add(row["sex"], row["n"])
    report.late_total = late.count()
    kinds = dict(EventKind.choices)
    for e in late.order_by("event_date", "id")[:LATE_LIST_LIMIT]:
        report.late.append(
            LateEvent(
                kind=e.kind,
                kind_label=str(kinds[e.kind]),
                event_date=e.event_date,
                report_date=e.report_date,
                area=e.area_id,
                sex=e.sex,
                counted=first <= getattr(e, d) < after,
            )
        )
