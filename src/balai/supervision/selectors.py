"""Every non-trivial read of the binwas module, scoped to the caller's area."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.models import RoleAssignment
from balai.accounts.roles import Perm, Role
from balai.core import areacodes
from balai.finance import selectors as finance_selectors
from balai.regions.models import Area, Level
from balai.supervision.feedkeys import PREFIX, key_hash
from balai.supervision.models import (
    CLOSED_ON_TIME,
    OPEN_FOLLOWUP,
    Activity,
    ActivityStatus,
    Answer,
    CalendarFeed,
    FollowUp,
    FollowUpKind,
    Instrument,
    Meeting,
    MeetingStatus,
    Question,
    ReportKind,
    ReportReceipt,
    Visit,
    VisitStatus,
)

VIEW = Perm.SUPERVISION_VIEW


def activity_list(
    *, user: Any, within: str, year: int, quarter: int | None = None
) -> QuerySet[Activity]:
    """Return the activities of the kecamatan(s) under *within* in *year* (and *quarter*)."""
    qs = access.scoped(Activity.objects.all(), user, VIEW).filter(area__within=within, year=year)
    if quarter:
        qs = qs.filter(quarter=quarter)
    return qs.select_related("area", "leader").annotate(
        planned=Count("visits", filter=~Q(visits__status=VisitStatus.CANCELLED)),
        signed=Count("visits", filter=Q(visits__status=VisitStatus.SIGNED)),
    )


def activity_get_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Activity:
    """Return activity *pk* if *user* may see it (404 otherwise)."""
    return access.get_in_scope(
        Activity.objects.select_related("area", "leader"),
        user,
        perm,
        pk=pk,
        message=_("Kegiatan tidak ditemukan."),
    )


def team_candidates(activity: Activity) -> list[tuple[int, str]]:
    """Return (user id, label) of who may join *activity*'s team as a Balai user.

    Active kecamatan roles of its kecamatan and kabupaten staff of its
    kabupaten (UPT and offices), named with their role and office.
    """
    kecamatan = str(activity.area_id)
    kabupaten = areacodes.kabupaten_code(kecamatan)
    roles = (
        RoleAssignment.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(area_id=kecamatan, role__in=(Role.KECAMATAN_STAFF, Role.CAMAT))
            | Q(area_id=kabupaten, role=Role.KABUPATEN_STAFF)
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "pk")
    )
    seen: dict[int, str] = {}
    for r in roles:
        what = r.get_office_display() if r.office else r.get_role_display()
        name = r.user.get_full_name() or r.user.username
        seen.setdefault(r.user_id, f"{name} · {what}")
    return list(seen.items())


def visit_get_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Visit:
    """Return visit *pk* if *user* may see it (404 otherwise)."""
    return access.get_in_scope(
        Visit.objects.select_related("activity", "activity__area", "activity__leader", "area"),
        user,
        perm,
        pk=pk,
        message=_("Kunjungan tidak ditemukan."),
    )


def followup_list(
    *,
    user: Any,
    within: str | None = None,
    status: str = "",
    overdue: bool = False,
    today: date | None = None,
) -> QuerySet[FollowUp]:
    """Return the follow-ups *user* may see, soonest due first, optionally filtered."""
    qs = access.scoped(FollowUp.objects.all(), user, VIEW)
    if within:
        qs = qs.filter(area__within=within)
    if status == "terbuka":
        qs = qs.filter(status__in=OPEN_FOLLOWUP)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_FOLLOWUP, due_on__lt=today or timezone.localdate())
    return qs.select_related("area", "visit", "meeting")


def followup_get_for_user(*, user: Any, pk: int) -> FollowUp:
    """Return follow-up *pk* if *user* may see it (404 otherwise)."""
    return access.get_in_scope(
        FollowUp.objects.select_related("area", "visit", "visit__activity", "meeting", "question"),
        user,
        VIEW,
        pk=pk,
        message=_("Tindak lanjut tidak ditemukan."),
    )


def meeting_list(*, user: Any, within: str) -> QuerySet[Meeting]:
    """Return the rakor of *within* and the areas under it that *user* may see."""
    return (
        access.scoped(Meeting.objects.all(), user, VIEW)
        .filter(Q(area__within=within) | Q(area_id__in=areacodes.ancestor_codes(within)))
        .select_related("area")
    )


def meeting_get_for_user(*, user: Any, pk: int, perm: str = VIEW) -> Meeting:
    """Return rakor *pk* if *user* may see it (404 otherwise)."""
    return access.get_in_scope(
        Meeting.objects.select_related("area"),
        user,
        perm,
        pk=pk,
        message=_("Rakor tidak ditemukan."),
    )


def instruments_of(kabupaten_code: str) -> QuerySet[Instrument]:
    """Return the instruments of a kabupaten with their current (active) questions."""
    return Instrument.objects.filter(area_id=kabupaten_code).prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(is_active=True))
    )


def instrument_get_for_user(*, user: Any, pk: int, write: bool = False) -> Instrument:
    """Return instrument *pk* if *user* may see it (or, with *write*, edit it); 404 otherwise.

    Instruments belong to a kabupaten: everyone who supervises inside it may
    read them; editing needs ``supervision.instruments`` over the kabupaten.
    """
    qs = Instrument.objects.select_related("area")
    message = _("Instrumen tidak ditemukan.")
    if write:
        return access.get_in_scope(qs, user, Perm.SUPERVISION_INSTRUMENTS, pk=pk, message=message)
    code = access.scope_code(user, VIEW)
    if code is not None:
        qs = qs.filter(Q(area__within=code) | Q(area_id__in=areacodes.ancestor_codes(code)))
    instrument = qs.filter(pk=pk).first()
    if instrument is None:
        raise Http404(message)
    return instrument


def question_get_for_user(*, user: Any, instrument: Instrument, pk: int) -> Question:
    """Return question *pk* of *instrument* (already fetched for *user*); 404 otherwise."""
    question = Question.objects.filter(instrument=instrument, pk=pk).first()
    if question is None:
        raise Http404(_("Pertanyaan tidak ditemukan."))
    return question


def question_was_asked(question: Question) -> bool:
    """Tell whether any visit was given *question* (or answered it)."""
    return (
        Visit.questions.through.objects.filter(question_id=question.pk).exists()
        or Answer.objects.filter(question_id=question.pk).exists()
    )


def visit_questions(visit: Visit) -> list[Question]:
    """Return the questions *visit* was asked, in instrument and question order."""
    return list(
        visit.questions.select_related("instrument").order_by("instrument__code", "order", "pk")
    )


def visit_instrument_name(visit: Visit, question: Question) -> str:
    """Return the name *question*'s instrument had when *visit* started."""
    return str(visit.instrument_names.get(str(question.instrument_id), question.instrument.name))


# ---- the agenda as a calendar feed ---------------------------------------------


def calendar_items(
    *, user: Any, within: str, years: list[int]
) -> tuple[QuerySet[Activity], QuerySet[Meeting]]:
    """Return the activities (with their visits) and rakor of *within* in *years*."""
    activities = (
        access.scoped(Activity.objects.all(), user, VIEW)
        .filter(area__within=within, year__in=years)
        .select_related("area")
        .prefetch_related("visits__area")
    )
    meetings = meeting_list(user=user, within=within).filter(held_on__year__in=years)
    return activities, meetings


def feed_of(user: Any) -> CalendarFeed | None:
    """Return *user*'s feed URL record (active or revoked), if they ever made one."""
    return CalendarFeed.objects.filter(user_id=user.pk).select_related("area").first()


def feed_authenticate(key: str) -> CalendarFeed | None:
    """Return the active feed whose secret is *key*, or None (unknown, revoked, lapsed role).

    Reads only: a wrong or revoked secret writes nothing.
    """
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user", "role__area", "area")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        return None
    if not feed.user.is_active or not feed.role.is_active or feed.role.user_id != feed.user_id:
        return None
    return feed


# ---- the brief generated from data --------------------------------------------


def visit_brief(*, user: Any, village: Area, on: date) -> dict[str, Any]:
    """Return what the team should know before visiting *village*, from the data.

    Off-target indicators (the village profile's current values whose status
    is "not met"), open work from the owning apps (letters beyond standard,
    overdue complaints, posyandu follow-ups), and open follow-ups of earlier
    visits. JSON-ready: the visit keeps it as it was when it started.
    """
    from balai.boards.selectors import village_profile

    profile = village_profile(user=user, village=village, on=on)
    off_target = [
        {
            "code": line.indicator.code,
            "name": str(line.indicator.name),
            "value": line.value.display,
            "target": line.value.target.value if line.value.target else None,
            "period": line.value.period.label,
        }
        for line in profile.lines
        if line.value.status == "not_met"
    ]
    work = [{"label": str(w.label), "count": w.count} for w in profile.work if w.count]
    findings = [
        {
            "id": f.pk,
            "description": f.description[:200],
            "due_on": f.due_on.isoformat(),
            "status": f.get_status_display(),
            "overdue": f.due_on < on,
        }
        for f in FollowUp.objects.filter(area=village, status__in=OPEN_FOLLOWUP).order_by("due_on")
    ]
    return {"on": on.isoformat(), "off_target": off_target, "work": work, "findings": findings}


def meeting_agenda_draft(*, area: Area, on: date) -> list[str]:
    """Draft a rakor agenda from the data of *area*: overdue follow-ups, villages off target.

    One line per village (kecamatan rakor) or kecamatan (kabupaten rakor)
    with overdue follow-ups, then the areas with the most indicators not met
    in the last complete month, then the visits of the quarter not yet done.
    """
    from balai.boards.selectors import scorecard
    from balai.indicators import registry
    from balai.indicators.periods import period_of

    rows_at = (
        areacodes.VILLAGE_CODE_LENGTH
        if area.level == Level.KECAMATAN
        else areacodes.KECAMATAN_CODE_LENGTH
    )
    names = dict(
        Area.objects.filter(
            code__within=area.code, level__in=(Level.KECAMATAN, Level.DESA_KELURAHAN)
        ).values_list("code", "name")
    )
    lines: list[str] = []
    overdue = (
        FollowUp.objects.filter(area__within=area.code, status__in=OPEN_FOLLOWUP, due_on__lt=on)
        .annotate(unit=Substr("area_id", 1, rows_at))
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit")
    )
    for row in overdue:
        lines.append(
            _("Tindak lanjut lewat batas waktu: %(area)s (%(n)s)")
            % {"area": names.get(row["unit"], row["unit"]), "n": row["n"]}
        )
    monthly = [i for i in registry.all_indicators() if i.period_type == "M"]
    if monthly:
        card = scorecard(
            area=area, indicators=monthly, period=period_of(on, "M").previous(), rows_at=rows_at
        )
        misses = sorted(
            ((sum(1 for v in r.cells if v.status == "not_met"), r.name) for r in card.rows),
            reverse=True,
        )
        for n, name in misses[:5]:
            if n:
                lines.append(
                    _("Indikator belum tercapai: %(area)s (%(n)s indikator)")
                    % {"area": name, "n": n}
                )
    quarter = (on.month - 1) // 3 + 1
    pending = Visit.objects.filter(
        activity__area__within=area.code,
        activity__year=on.year,
        activity__quarter=quarter,
        status__in=(VisitStatus.PLANNED, VisitStatus.DRAFT),
    ).count()
    if pending:
        lines.append(_("Kunjungan binwas triwulan ini yang belum selesai: %(n)s") % {"n": pending})
    return lines


# ---- calendar --------------------------------------------------------------------


@dataclass
class Day:
    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


def month_calendar(*, user: Any, area: Area, year: int, month: int) -> list[list[Day]]:
    """Return the weeks (Monday first) of a month with the activities and rakor of each day."""
    weeks = calendar.Calendar().monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {d: Day(d, d.month == month) for w in weeks for d in w}
    activities = (
        access.scoped(Activity.objects.all(), user, VIEW)
        .filter(area__within=area.code, starts_on__lte=last, ends_on__gte=first)
        .exclude(status=ActivityStatus.CANCELLED)
    )
    for activity in activities:
        day = max(activity.starts_on, first)
        while day <= min(activity.ends_on, last):
            days[day].activities.append(activity)
            day += timedelta(days=1)
    for meeting in meeting_list(user=user, within=area.code).filter(
        held_on__gte=first, held_on__lte=last
    ):
        days[meeting.held_on].meetings.append(meeting)
    return [[days[d] for d in w] for w in weeks]


# ---- reports the kecamatan chases ---------------------------------------------------


def lppdes_deadline(year: int) -> date:
    """Return the last day a village's LPPDes of *year* is on time (3 months after year end)."""
    return date(year + 1, 3, 31)


def apbdes_submission_by_village(
    *, within: str, year: int
) -> Mapping[str, tuple[date | None, bool]]:
    """Return per village the day its APBDes of *year* reached the camat, and if it was late.

    Finance owns the APBDes and its 3-day rule (``finance.selectors``); the caller
    checked access to *within*.
    """
    rows = finance_selectors.apbdes_submission_by_village(within, year)
    return {r["village"]: (r["submitted_on"], bool(r["submitted_late"])) for r in rows}


@dataclass
class ReportRow:
    code: str
    name: str
    lppdes_received: date | None
    lppdes_due: date
    apbdes: date | None
    apbdes_late: bool

    @property
    def lppdes_on_time(self) -> bool | None:
        """True: arrived by the deadline; False: late or missing after it; None: not due yet."""
        if self.lppdes_received is not None:
            return self.lppdes_received <= self.lppdes_due
        return False if timezone.localdate() > self.lppdes_due else None


def reports_table(*, kecamatan: Area, year: int) -> list[ReportRow]:
    """Return every village of *kecamatan* with its LPPDes receipt and APBDes submission."""
    villages = Area.objects.filter(
        code__within=kecamatan.code, level=Level.DESA_KELURAHAN, is_active=True
    ).order_by("code")
    received = dict(
        ReportReceipt.objects.filter(
            area__within=kecamatan.code, kind=ReportKind.LPPDES, year=year
        ).values_list("area_id", "received_on")
    )
    apbdes = apbdes_submission_by_village(within=kecamatan.code, year=year)
    due = lppdes_deadline(year)
    return [
        ReportRow(
            v.code,
            v.name,
            received.get(v.code),
            due,
            *apbdes.get(v.code, (None, False)),
        )
        for v in villages
    ]


# ---- overview and the quarterly report -----------------------------------------------


@dataclass
class OverviewRow:
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def share(self, num: str, den: str) -> float | None:
        d = self.counts[den]
        return None if not d else 100.0 * self.counts[num] / d


OVERVIEW_COLUMNS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("activities", lambda: _("Kegiatan")),
    ("activities_done", lambda: _("Kegiatan selesai")),
    ("visits", lambda: _("Kunjungan direncanakan")),
    ("visits_done", lambda: _("Kunjungan selesai")),
    ("findings", lambda: _("Temuan")),
    ("findings_open", lambda: _("Temuan terbuka")),
    ("findings_overdue", lambda: _("Lewat batas")),
    ("findings_escalated", lambda: _("Dieskalasi ke DPMD")),
    ("closed_on_time", lambda: _("Selesai tepat waktu")),
    ("meetings", lambda: _("Rakor terlaksana")),
    ("decisions", lambda: _("Keputusan rakor")),
    ("decisions_open", lambda: _("Keputusan terbuka")),
)


def overview(
    *, area: Area, year: int, quarter: int | None = None, today: date | None = None
) -> list[OverviewRow]:
    """Return agenda, visit, follow-up and rakor counts per area one level under *area*.

    Rows are the kecamatan of a kabupaten (or the villages of a kecamatan).
    Five grouped aggregate queries over indexed columns, whatever the number
    of villages; the caller checked access to *area*.
    """
    today = today or timezone.localdate()
    length = (
        areacodes.KECAMATAN_CODE_LENGTH
        if area.level == Level.KABUPATEN_KOTA
        else areacodes.VILLAGE_CODE_LENGTH
    )
    level = Level.KECAMATAN if length == areacodes.KECAMATAN_CODE_LENGTH else Level.DESA_KELURAHAN
    rows = {
        code: OverviewRow(code, name)
        for code, name in Area.objects.filter(code__within=area.code, level=level, is_active=True)
        .order_by("code")
        .values_list("code", "name")
    }
    if quarter:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    else:
        start, end = date(year, 1, 1), date(year + 1, 1, 1)

    def fold(qs: QuerySet[Any], area_field: str, **counts: Any) -> None:
        grouped = (
            qs.annotate(unit=Substr(area_field, 1, length))
            .values("unit")
            .order_by()
            .annotate(**counts)
        )
        for r in grouped:
            row = rows.get(r.pop("unit"))
            if row is not None:
                for key, value in r.items():
                    row.counts[key] += int(value or 0)

    if length == areacodes.KECAMATAN_CODE_LENGTH:
        fold(
            Activity.objects.filter(
                area__within=area.code, starts_on__gte=start, starts_on__lt=end
            ).exclude(status=ActivityStatus.CANCELLED),
            "area_id",
            activities=Count("pk"),
            activities_done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
        )
    fold(
        Visit.objects.filter(
            area__within=area.code, planned_on__gte=start, planned_on__lt=end
        ).exclude(status=VisitStatus.CANCELLED),
        "area_id",
        visits=Count("pk"),
        visits_done=Count("pk", filter=Q(status=VisitStatus.SIGNED)),
    )
    is_open = Q(status__in=OPEN_FOLLOWUP)
    fold(
        FollowUp.objects.filter(area__within=area.code, found_on__gte=start, found_on__lt=end),
        "area_id",
        findings=Count("pk", filter=Q(kind=FollowUpKind.FINDING)),
        findings_open=Count("pk", filter=is_open & Q(kind=FollowUpKind.FINDING)),
        findings_overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
        findings_escalated=Count("pk", filter=is_open & Q(escalated_at__isnull=False)),
        closed_on_time=Count("pk", filter=CLOSED_ON_TIME),
        decisions=Count("pk", filter=Q(kind=FollowUpKind.DECISION)),
        decisions_open=Count("pk", filter=is_open & Q(kind=FollowUpKind.DECISION)),
    )
    fold(
        Meeting.objects.filter(
            area__within=area.code, held_on__gte=start, held_on__lt=end, status=MeetingStatus.HELD
        ),
        "area_id",
        meetings=Count("pk"),
    )
    return list(rows.values())


def overview_total(rows: list[OverviewRow], code: str, name: str) -> OverviewRow:
    """Return the sum of *rows* (counts add up; shares are recomputed from the sums)."""
    total = OverviewRow(code, name)
    for row in rows:
        for key, value in row.counts.items():
            total.counts[key] += value
    return total
