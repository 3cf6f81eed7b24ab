"""The quarterly village convergence scorecard (Scorecard Konvergensi Desa, KPM).

Targets are the 1,000-HPK people of the chosen village (or posyandu): women
pregnant or in nifas during the quarter and children 0-23 months. Every target
gets, per indicator, Y (received), T (not received) or TS (not applicable);
percentages are Y / (indicators - TS) per target, Y / (targets - TS) per
indicator and the convergence level sum(Y) / (cells - sum(TS)) — always from
counts, never averages of percentages.

Fixed against OpenSID v2410 (peers.md section 1.8), each with a test:
periods are keyed on the visit date (never the entry time); counts of
weighings, counselling and home visits are limited to the quarter's months;
the KEK/high-risk home-visit rule compares enum values, so it can be met; the
posyandu filter applies to every part (targets, visits, mothers); targets are
counted for children even in a quarter with no pregnant women; nutrition
status comes from the WHO z-scores, not from a typed value; each month of the
quarter (July, August, September...) counts into its own quarter.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.posyandu.assessment import completed_months
from balai.posyandu.models import (
    BASIC_IMMUNISATION,
    ChildVisit,
    Enrolment,
    EnrolmentKind,
    Posyandu,
    Pregnancy,
    PregnancyVisit,
    Risk,
)
from balai.posyandu.periods import Period, add_months
from balai.posyandu.selectors import is_cadre
from balai.registry import codes
from balai.registry.models import Resident

Y, T, TS = "Y", "T", "TS"
NIFAS_DAYS = 42

MOTHER_INDICATORS = (
    ("anc", _("Pemeriksaan kehamilan (ANC) minimal 4 kali")),
    ("fe", _("Tablet Fe minimal 90 tablet")),
    ("postnatal", _("Pemeriksaan nifas minimal 3 kali")),
    ("counselling", _("Konseling gizi / kelas ibu hamil minimal 4 kali")),
    ("home_visit", _("Ibu KEK/risiko tinggi dikunjungi bidan setiap bulan")),
    ("water", _("Rumah tangga punya akses air minum layak")),
    ("latrine", _("Rumah tangga punya jamban layak")),
    ("insurance", _("Punya jaminan kesehatan")),
)
CHILD_INDICATORS = (
    ("immunisation", _("Imunisasi dasar lengkap (bayi 9-12 bulan)")),
    ("weighed", _("Ditimbang setiap bulan")),
    ("measured", _("Diukur panjang/tinggi badan minimal 2 kali setahun")),
    ("counselling", _("Orang tua ikut konseling gizi setiap bulan")),
    ("home_visit", _("Anak gizi kurang/buruk/stunting dikunjungi setiap bulan")),
    ("water", _("Rumah tangga punya akses air minum layak")),
    ("latrine", _("Rumah tangga punya jamban layak")),
    ("birth_cert", _("Punya akta kelahiran")),
    ("insurance", _("Punya jaminan kesehatan")),
    ("parenting", _("Orang tua ikut kelas pengasuhan setiap bulan")),
)
ANC_NEEDED = {1: 1, 2: 2, 3: 4}
COUNSELLING_NEEDED = {1: 1, 2: 2, 3: 4}
FE_NEEDED = {1: 1, 2: 30, 3: 90}
PROBLEM_TBU = ("pendek", "sangat_pendek")
PROBLEM_BBTB = ("gizi_kurang", "gizi_buruk")


class VisitRow(NamedTuple):
    """The fields of a child visit the rules read: a narrow read, no model instance.

    A kabupaten's refresh reads every visit of its children (1.4 million for
    100,000 children); building a ``ChildVisit`` of some 45 columns for each
    was most of the scorecard's cost. A named tuple is made from the database
    row in C (a frozen dataclass sets each field through ``object.__setattr__``).
    """

    id: int
    resident_id: int
    visit_date: date
    weighed: bool  # a weight was recorded (the rules never read the value)
    lenheighed: bool  # a length/height was recorded
    immunisations: str  # the JSON list as stored: parsed only for the 9-12 month rule
    counselling: bool
    home_visit: bool
    parenting_class: bool
    clean_water: bool | None
    latrine: bool | None
    zlen: float | None
    flag_zlen: bool | None
    flag_zwfl: bool | None
    status_tbu: str
    status_bbtb: str


VISIT_FIELDS = VisitRow._fields
# Computed in SQL: a flag instead of a Decimal, the list as text (decoding a
# JSON list and two Decimals per visit are work the rules never need).
VISIT_ANNOTATIONS = {
    "weighed": ExpressionWrapper(Q(weight_kg__isnull=False), output_field=BooleanField()),
    "lenheighed": ExpressionWrapper(Q(lenhei_cm__isnull=False), output_field=BooleanField()),
    "immunisations_text": Cast("immunisations", TextField()),
}
VISIT_COLUMNS = tuple("immunisations_text" if f == "immunisations" else f for f in VISIT_FIELDS)


@dataclass
class Target:
    """One target's row: a name and a mark per indicator."""

    resident: Resident
    marks: dict[str, str]
    note: str = ""

    @property
    def received(self) -> int:
        return sum(1 for m in self.marks.values() if m == Y)

    @property
    def applicable(self) -> int:
        return sum(1 for m in self.marks.values() if m != TS)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.received / self.applicable if self.applicable else None


@dataclass
class Group:
    """The targets of one kind with per-indicator coverage."""

    indicators: tuple[tuple[str, Any], ...]
    targets: list[Target] = field(default_factory=list)

    def coverage(self) -> list[dict[str, Any]]:
        out = []
        for key, label in self.indicators:
            marks = [t.marks[key] for t in self.targets]
            yes, applicable = marks.count(Y), len(marks) - marks.count(TS)
            out.append(
                {
                    "key": key,
                    "label": label,
                    "received": yes,
                    "applicable": applicable,
                    "percent": 100.0 * yes / applicable if applicable else None,
                }
            )
        return out

    @property
    def received(self) -> int:
        return sum(t.received for t in self.targets)

    @property
    def applicable(self) -> int:
        return sum(t.applicable for t in self.targets)


@dataclass
class Scorecard:
    """The scorecard of one area (or posyandu) for one quarter."""

    quarter: Period
    mothers: Group
    children: Group
    households: int = 0
    mothers_kek_or_risk: int = 0
    children_problem: int = 0
    growth_mat: dict[str, int] = field(
        default_factory=lambda: {"hijau": 0, "kuning": 0, "merah": 0, "tidak_diukur": 0}
    )

    @property
    def target_count(self) -> int:
        return len(self.mothers.targets) + len(self.children.targets)

    @property
    def convergence(self) -> float | None:
        applicable = self.mothers.applicable + self.children.applicable
        received = self.mothers.received + self.children.received
        return 100.0 * received / applicable if applicable else None


def _months(start: date, end: date) -> list[date]:
    """Return the first days of the months from *start*'s to *end*'s (inclusive)."""
    out, month = [], start.replace(day=1)
    while month <= end:
        out.append(month)
        month = add_months(month, 1)
    return out


def _every_month(days: list[date], months: list[date]) -> str:
    if not months:
        return TS
    seen = {d.replace(day=1) for d in days}
    return Y if all(m in seen for m in months) else T


def _latest_answer(rows: list[tuple[date, bool | None]], end: date) -> str:
    answers = [(d, v) for d, v in rows if v is not None and d <= end]
    return Y if answers and max(answers, key=lambda a: a[0])[1] else T


def _insured(resident: Resident) -> str:
    insured = resident.insurance not in (None, codes.Insurance.NONE)
    return Y if insured else T


def _child_marks(
    child: Resident, visits: list[VisitRow], quarter: Period
) -> tuple[dict[str, str], VisitRow | None]:
    born = child.birth_date
    assert born is not None  # noqa: S101 -- targets are selected by birth date
    end = quarter.end
    in_q = [v for v in visits if quarter.start <= v.visit_date <= end]
    last_under_two = add_months(born, 24) - timedelta(days=1)
    months = _months(max(quarter.start, born), min(end, last_under_two))
    age_end = completed_months((min(end, last_under_two) - born).days)
    marks: dict[str, str] = {}
    if 9 <= age_end <= 12:
        given: set[str] = set()
        for v in visits:
            if v.visit_date <= end and v.immunisations not in ("[]", ""):
                given.update(json.loads(v.immunisations))
        marks["immunisation"] = Y if given >= BASIC_IMMUNISATION else T
    else:
        marks["immunisation"] = TS
    marks["weighed"] = _every_month([v.visit_date for v in in_q if v.weighed], months)
    six_months_ago = max(add_months(end.replace(day=1), -5), born.replace(day=1))
    measured = [v for v in visits if v.lenheighed and six_months_ago <= v.visit_date <= end]
    marks["measured"] = Y if measured else T
    marks["counselling"] = _every_month([v.visit_date for v in in_q if v.counselling], months)
    measured_in_q = [v for v in in_q if v.weighed or v.lenheighed]
    latest = max(measured_in_q, key=lambda v: (v.visit_date, v.id)) if measured_in_q else None
    problem = [v for v in measured_in_q if _has_problem(v)]
    if latest is not None and _has_problem(latest):
        first = min(v.visit_date for v in problem)
        due = [m for m in months if m >= first.replace(day=1)]
        marks["home_visit"] = _every_month([v.visit_date for v in in_q if v.home_visit], due)
    else:
        marks["home_visit"] = TS
    marks["water"] = _latest_answer([(v.visit_date, v.clean_water) for v in visits], end)
    marks["latrine"] = _latest_answer([(v.visit_date, v.latrine) for v in visits], end)
    marks["birth_cert"] = Y if child.birth_cert_no.strip() else T
    marks["insurance"] = _insured(child)
    marks["parenting"] = _every_month([v.visit_date for v in in_q if v.parenting_class], months)
    return marks, latest


def _has_problem(visit: VisitRow) -> bool:
    stunted = visit.status_tbu in PROBLEM_TBU and not visit.flag_zlen
    wasted = visit.status_bbtb in PROBLEM_BBTB and not visit.flag_zwfl
    return stunted or wasted


def _trimester(weeks: int) -> int:
    return 1 if weeks <= 13 else 2 if weeks <= 27 else 3


def _mother_marks(
    pregnancy: Pregnancy, visits: list[PregnancyVisit], quarter: Period
) -> dict[str, str]:
    end = quarter.end
    delivered = pregnancy.delivered_on
    marks: dict[str, str] = {}
    pregnant_in_q = delivered is None or delivered > quarter.start
    if pregnant_in_q:
        last_pregnant_day = min(end, delivered - timedelta(days=1)) if delivered else end
        trimester = _trimester((last_pregnant_day - pregnancy.first_day).days // 7)
        during = [v for v in visits if v.visit_date <= last_pregnant_day]
        anc = sum(1 for v in during if v.anc)
        fe = sum(v.fe_tablets for v in during)
        counselling = sum(1 for v in during if v.counselling)
        marks["anc"] = Y if anc >= ANC_NEEDED[trimester] else T
        marks["fe"] = Y if fe >= FE_NEEDED[trimester] else T
        marks["counselling"] = Y if counselling >= COUNSELLING_NEEDED[trimester] else T
        if pregnancy.kek or pregnancy.risk == Risk.HIGH:
            months = _months(max(quarter.start, pregnancy.first_day), last_pregnant_day)
            in_q = [
                v.visit_date
                for v in visits
                if v.home_visit and quarter.start <= v.visit_date <= end
            ]
            marks["home_visit"] = _every_month(in_q, months)
        else:
            marks["home_visit"] = TS
    else:
        for key in ("anc", "fe", "counselling", "home_visit"):
            marks[key] = TS
    nifas_end = delivered + timedelta(days=NIFAS_DAYS) if delivered else None
    if delivered and nifas_end and quarter.start <= nifas_end <= end:
        checks = sum(
            1 for v in visits if v.postnatal_check and delivered <= v.visit_date <= nifas_end
        )
        marks["postnatal"] = Y if checks >= 3 else T
    else:
        marks["postnatal"] = TS
    marks["water"] = _latest_answer([(v.visit_date, v.clean_water) for v in visits], end)
    marks["latrine"] = _latest_answer([(v.visit_date, v.latrine) for v in visits], end)
    marks["insurance"] = _insured(pregnancy.mother)
    return {key: marks[key] for key, _label in MOTHER_INDICATORS}


def _scope(
    qs: QuerySet[Any], user: Any, within: str, posyandu: Posyandu | None, path: str
) -> QuerySet[Any]:
    if user is not None:  # None: the indicator engine counting every target
        qs = access.scoped(qs, user, Perm.POSYANDU_DASHBOARD)
    if within:
        qs = qs.filter(area__within=within)
    if user is not None and is_cadre(user):
        qs = qs.filter(**{f"{path}__cadres__user": user})
    if posyandu is not None:
        qs = qs.filter(**{path: posyandu})
    return qs


def scorecard(
    *, user: Any, within: str, quarter: Period, posyandu: Posyandu | None = None
) -> Scorecard:
    """Compute the scorecard of *within* (or one *posyandu*) for *quarter*, by visit date."""
    return scorecards(user=user, within=within, quarters=(quarter,), posyandu=posyandu)[quarter]


def scorecards(
    *,
    user: Any,
    within: str,
    quarters: Sequence[Period],
    posyandu: Posyandu | None = None,
) -> dict[Period, Scorecard]:
    """Compute the scorecards of *within* (or one *posyandu*) for several *quarters*."""
    cards = {q: Scorecard(q, Group(MOTHER_INDICATORS), Group(CHILD_INDICATORS)) for q in quarters}
    families: dict[Period, set[Any]] = {q: set() for q in quarters}
    for mark in marked_targets(user=user, within=within, quarters=quarters, posyandu=posyandu):
        card = cards[mark.quarter]
        person = mark.resident
        families[mark.quarter].add(person.family_id or f"r{person.pk}")
        if mark.pregnancy is not None:
            card.mothers.targets.append(Target(person, mark.marks))
            if mark.pregnancy.kek or mark.pregnancy.risk == Risk.HIGH:
                card.mothers_kek_or_risk += 1
        else:
            card.children.targets.append(Target(person, mark.marks))
            if mark.latest is not None and _has_problem(mark.latest):
                card.children_problem += 1
            card.growth_mat[_mat_colour(mark.latest)] += 1
    for q, card in cards.items():
        card.households = len(families[q])
    return cards


@dataclass
class Marked:
    """One target of one quarter with its marks (children first, in name order)."""

    quarter: Period
    resident: Resident
    marks: dict[str, str]
    latest: VisitRow | None = None  # children: the latest measurement of the quarter
    pregnancy: Pregnancy | None = None  # mothers: the pregnancy


CHUNK = 2000  # children whose visits are read together
_visit_row = tuple.__new__  # VisitRow from a row tuple as it comes
# What the rules and the page read of a child (the name on the page; the
# family for the household count): not the register's full row.
TARGET_FIELDS = (
    "id", "name", "birth_date", "status", "birth_cert_no", "insurance", "area_id", "family_id",
)  # fmt: skip


def marked_targets(
    *,
    user: Any,
    within: str,
    quarters: Sequence[Period],
    posyandu: Posyandu | None = None,
) -> Iterator[Marked]:
    """Yield every target of every quarter of *quarters* with its marks: the one definition.

    Targets are the children 0-23 months on some day of the quarter, enrolled
    or seen in the quarter (alive, or seen in it), and the women pregnant or in
    nifas during it. *user* None counts every target under *within* ("" =
    everywhere): the convergence indicators (``posyandu/indicators.py``), which
    ask for all the quarters of a refresh at once, so the registry and the
    visits are read once for all of them, a chunk of children at a time.
    """
    quarters = sorted(set(quarters), key=lambda q: q.start)
    if not quarters:
        return
    first, last = quarters[0].start, max(q.end for q in quarters)
    enrolled_qs = _scope(
        Enrolment.objects.filter(kind=EnrolmentKind.CHILD), user, within, posyandu, "posyandu"
    )
    seen_qs = _scope(ChildVisit.objects.all(), user, within, posyandu, "posyandu")
    enrolled = set(enrolled_qs.values_list("resident_id", flat=True))
    seen = {
        q: set(
            seen_qs.filter(visit_date__gte=q.start, visit_date__lte=q.end)
            .values_list("resident_id", flat=True)
            .distinct()
        )
        for q in quarters
    }
    born = Q(birth_date__gt=add_months(first, -24) - timedelta(days=1), birth_date__lte=last)
    # Enrolled or seen in one of the quarters: the ids, not an OR of two IN
    # subqueries (which PostgreSQL runs per resident once the visits are many).
    candidates = enrolled.union(*seen.values())
    # Id lists go in chunks: SQLite refuses more than 32,766 query parameters.
    ids = sorted(candidates)
    children = [
        child
        for at in range(0, len(ids), CHUNK)
        for child in Resident.objects.filter(born, pk__in=ids[at : at + CHUNK]).only(*TARGET_FIELDS)
    ]
    children.sort(key=lambda c: (c.name, c.pk))
    # Per quarter: its first and last day and the birth date a target is born after.
    bounds = [(q, q.start, q.end, add_months(q.start, -24) - timedelta(days=1)) for q in quarters]
    for at in range(0, len(children), CHUNK):
        chunk = children[at : at + CHUNK]
        by_child: dict[int, list[VisitRow]] = defaultdict(list)
        for row in (
            ChildVisit.objects.filter(resident__in=[c.pk for c in chunk], visit_date__lte=last)
            .order_by("resident_id", "visit_date", "id")
            .annotate(**VISIT_ANNOTATIONS)
            .values_list(*VISIT_COLUMNS)
        ):
            v = _visit_row(VisitRow, row)
            by_child[v.resident_id].append(v)
        for child in chunk:
            born_on = child.birth_date
            assert born_on is not None  # noqa: S101 -- selected by birth date
            history = by_child.get(child.pk, [])
            for quarter, q_start, q_end, born_after in bounds:
                if not born_after < born_on <= q_end:
                    continue
                if child.pk not in enrolled and child.pk not in seen[quarter]:
                    continue
                visits = history[: bisect_right(history, q_end, key=_visit_date)]
                in_q = [v for v in visits if v.visit_date >= q_start]
                if child.status != codes.BasicStatus.ALIVE and not in_q:
                    continue
                marks, latest = _child_marks(child, visits, quarter)
                yield Marked(quarter, child, marks, latest=latest)
    pregnancies = list(
        _scope(
            Pregnancy.objects.filter(
                first_day__lte=last, first_day__gt=first - timedelta(weeks=45)
            ).filter(
                Q(delivered_on__isnull=True)
                | Q(delivered_on__gte=first - timedelta(days=NIFAS_DAYS))
            ),
            user,
            within,
            posyandu,
            "posyandu",
        )
        .select_related("mother")
        .order_by("mother__name", "id")
    )
    by_pregnancy: dict[int, list[PregnancyVisit]] = defaultdict(list)
    for at in range(0, len(pregnancies), CHUNK):
        for pv in PregnancyVisit.objects.filter(
            pregnancy__in=[p.pk for p in pregnancies[at : at + CHUNK]], visit_date__lte=last
        ).order_by("pregnancy_id", "visit_date", "id"):
            by_pregnancy[pv.pregnancy_id].append(pv)
    for pregnancy in pregnancies:
        history_p = by_pregnancy.get(pregnancy.pk, [])
        for quarter in quarters:
            if not (
                quarter.start - timedelta(weeks=45) < pregnancy.first_day <= quarter.end
                and (
                    pregnancy.delivered_on is None
                    or pregnancy.delivered_on >= quarter.start - timedelta(days=NIFAS_DAYS)
                )
            ):
                continue
            pvisits = history_p[: bisect_right(history_p, quarter.end, key=_visit_date)]
            marks = _mother_marks(pregnancy, pvisits, quarter)
            yield Marked(quarter, pregnancy.mother, marks, pregnancy=pregnancy)


def _visit_date(visit: VisitRow | PregnancyVisit) -> date:
    return visit.visit_date


def _mat_colour(latest: VisitRow | None) -> str:
    """Growth mat colour from length-for-age: red < -2 SD, yellow -2 to < -1, green."""
    if latest is None or latest.zlen is None or latest.flag_zlen:
        return "tidak_diukur"
    if latest.zlen < -2:
        return "merah"
    return "kuning" if latest.zlen < -1 else "hijau"
