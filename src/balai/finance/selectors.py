"""Reads of village finance: scoped lists, budget summaries, checks, the evaluation queue,
the amendment diff, the semester report, submissions and BUM Desa overviews."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.finance import chart, clock
from balai.finance.kegiatan import sub_bidang_names
from balai.finance.models import (
    Apbdes,
    ApbdesLine,
    Bound,
    BumDesa,
    BumDesaReport,
    EarmarkRule,
    Focus,
    FundTransfer,
    ReportPeriod,
    Status,
)
from balai.finance.totals import Totals, budget_totals
from balai.regions.models import Area, Level

# ---- access --------------------------------------------------------------------------


def apbdes_list(*, user: Any, perm: str = Perm.FINANCE_VIEW) -> QuerySet[Apbdes]:
    """Return the APBDes versions in *user*'s *perm* scope."""
    return access.scoped(
        Apbdes.objects.select_related("village", "village__parent"), user, perm, field="village"
    )


def apbdes_get_for_user(*, user: Any, pk: int, perm: str = Perm.FINANCE_VIEW) -> Apbdes:
    """Return one APBDes of *user*'s scope; 404 outside it (no existence leak)."""
    apbdes = apbdes_list(user=user, perm=perm).filter(pk=pk).first()
    if apbdes is None:
        raise Http404(_("APBDes tidak ditemukan."))
    return apbdes


def line_get_for_user(*, user: Any, pk: int, perm: str = Perm.FINANCE_EDIT) -> ApbdesLine:
    """Return one budget line of *user*'s scope; 404 outside it."""
    line = (
        ApbdesLine.objects.select_related("apbdes", "apbdes__village")
        .filter(access.scope_q(user, perm, field="apbdes__village"), pk=pk)
        .first()
    )
    if line is None:
        raise Http404(_("Baris tidak ditemukan."))
    return line


def line_initial(line: ApbdesLine) -> dict[str, Any]:
    """Return the edit form's starting values for *line* (the amount as typed: 1250000.00)."""
    return {
        "account_code": line.account_code,
        "kegiatan_code": line.kegiatan_code,
        "fund_source": line.fund_source,
        "description": line.description,
        "amount": str(line.amount),
        "focus": line.focus,
        "stunting": line.stunting,
        "rkpdes_activity": line.rkpdes_activity_id,
    }


def versions(village: Area, year: int) -> list[Apbdes]:
    """Return every version of *village*'s APBDes for *year* (the caller checked access)."""
    return list(Apbdes.objects.filter(village=village, year=year).order_by("version"))


def current(village: Area | str, year: int) -> Apbdes | None:
    """Return the enacted version in force of *village* for *year*, if any."""
    code = village if isinstance(village, str) else village.code
    return Apbdes.objects.filter(village_id=code, year=year, is_current=True).first()


def current_versions(village: Area | str) -> dict[int, Apbdes]:
    """Return the enacted version in force of *village* per year (one query)."""
    code = village if isinstance(village, str) else village.code
    return {a.year: a for a in Apbdes.objects.filter(village_id=code, is_current=True)}


def budget_years(village: Area) -> list[int]:
    """Return the years *village* has an APBDes for, newest first."""
    return sorted(
        set(Apbdes.objects.filter(village=village).values_list("year", flat=True)), reverse=True
    )


# ---- summaries -----------------------------------------------------------------------


@dataclass
class Row:
    code: str
    name: str
    budget: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)

    @property
    def rate(self) -> float | None:
        return None if not self.budget else float(100 * self.realised / self.budget)


@dataclass
class Summary:
    apbdes: Apbdes
    totals: Totals
    realised: Totals
    income_by_source: list[Row] = field(default_factory=list)
    income_by_jenis: list[Row] = field(default_factory=list)
    spending_by_bidang: list[Row] = field(default_factory=list)
    spending_by_sub_bidang: list[Row] = field(default_factory=list)
    financing: list[Row] = field(default_factory=list)


def _line_rows(apbdes: Apbdes, *, months: int = 12) -> list[dict[str, Any]]:
    """Return *apbdes*'s lines with their realisation of months 1..*months*, in one query."""
    lines: list[dict[str, Any]] = [
        dict(x)
        for x in apbdes.lines.order_by()
        .values("pk", "account_code", "kegiatan_code", "fund_source", "amount")
        .annotate(realised=Sum("realisations__amount", filter=Q(realisations__month__lte=months)))
    ]
    for line in lines:
        line["realised"] = line["realised"] or Decimal(0)
    return lines


def summary(apbdes: Apbdes, *, months: int = 12) -> Summary:
    """Return budget and realisation (months 1..*months*) of *apbdes* grouped for display."""
    lines = _line_rows(apbdes, months=months)
    totals = budget_totals(lines)
    realised = budget_totals([{**x, "amount": x["realised"]} for x in lines])
    out = Summary(apbdes, totals, realised)
    groups: dict[str, dict[str, Row]] = defaultdict(dict)
    sources = dict(chart.FundSource.choices)
    bidang = dict(chart.Bidang.choices)
    subs = sub_bidang_names()
    for line in lines:
        code = line["account_code"]
        keys: list[tuple[str, str, str]] = []
        if code.startswith(chart.INCOME):
            source = line["fund_source"]
            keys.append(("source", source, str(sources.get(source, source))))
            keys.append(("jenis", chart.jenis_of(code), chart.account_name(code)))
        elif code.startswith(chart.EXPENDITURE):
            keg = line["kegiatan_code"]
            b = keg.split(".")[0]
            sub = chart.sub_bidang_of(keg)
            keys.append(("bidang", b, str(bidang.get(b, b))))
            keys.append(("sub", sub, subs.get(sub, sub)))
        else:
            keys.append(("fin", chart.jenis_of(code), chart.account_name(code)))
        for kind, key, name in keys:
            row = groups[kind].setdefault(key, Row(key, name))
            row.budget += line["amount"]
            row.realised += line["realised"]
    out.income_by_source = sorted(groups["source"].values(), key=lambda r: -r.budget)
    out.income_by_jenis = sorted(groups["jenis"].values(), key=lambda r: r.code)
    out.spending_by_bidang = sorted(groups["bidang"].values(), key=lambda r: r.code)
    out.spending_by_sub_bidang = sorted(groups["sub"].values(), key=lambda r: r.code)
    out.financing = sorted(groups["fin"].values(), key=lambda r: r.code)
    return out


# ---- spending quality ----------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    value: float | None
    limit: str
    ok: bool | None
    confirmed: bool = True
    basis: str = ""


def shares(lines: list[dict[str, Any]]) -> dict[str, tuple[Decimal, Decimal]]:
    """Return ``{measure: (part, whole)}`` of the spending-quality measures of *lines*.

    Earmarks are shares of Dana Desa spending (lines of fund source DD);
    basic services and stunting are shares of all spending.
    """
    dd = Decimal(0)
    spend = Decimal(0)
    parts: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if not line["account_code"].startswith(chart.EXPENDITURE):
            continue
        amount = Decimal(line["amount"])
        spend += amount
        if chart.sub_bidang_of(line["kegiatan_code"]) in chart.BASIC_SERVICE_SUB_BIDANG:
            parts["basic"] += amount
        if line["stunting"]:
            parts["stunting"] += amount
        if line["fund_source"] == chart.FundSource.DD:
            dd += amount
            if line["focus"]:
                parts[line["focus"]] += amount
    out = {focus: (parts[focus], dd) for focus in Focus.values if focus}
    out["basic"] = (parts["basic"], spend)
    out["stunting"] = (parts["stunting"], spend)
    return out


def rules_for(year: int) -> list[EarmarkRule]:
    """Return the Dana Desa earmark rules of *year*."""
    return list(EarmarkRule.objects.filter(year=year))


def rule_met(rule: EarmarkRule, part: Decimal, whole: Decimal) -> bool:
    """Return True when *part* of *whole* keeps *rule* (no Dana Desa spending: kept)."""
    if not whole:
        return rule.bound == Bound.AT_MOST
    share = 100 * part / whole
    return share <= rule.percent if rule.bound == Bound.AT_MOST else share >= rule.percent


def spending_checks(apbdes: Apbdes) -> list[Check]:
    """Return the spending-quality checks of *apbdes*: balance, earmarks of its year, shares."""
    lines: list[dict[str, Any]] = [
        dict(x)
        for x in apbdes.lines.values(
            "account_code",
            "kegiatan_code",
            "fund_source",
            "amount",
            "focus",
            "stunting",
            "rkpdes_activity",
        )
    ]
    totals = budget_totals(lines)
    checks = [
        Check(
            "balanced",
            _("Anggaran seimbang (surplus/defisit tertutup pembiayaan)"),
            None,
            _("selisih Rp0"),
            totals.net == 0,
        )
    ]
    measured = shares(lines)
    labels = dict(Focus.choices)
    for rule in rules_for(apbdes.year):
        part, whole = measured[rule.focus]
        checks.append(
            Check(
                rule.focus,
                _("%(f)s dari Dana Desa") % {"f": labels[rule.focus]},
                None if not whole else float(100 * part / whole),
                f"{Bound(rule.bound).label} {rule.percent}%",
                rule_met(rule, part, whole),
                rule.confirmed,
                rule.legal_basis,
            )
        )
    spending = [x for x in lines if x["account_code"].startswith(chart.EXPENDITURE)]
    linked = sum(1 for x in spending if x["rkpdes_activity"])
    checks.append(
        Check(
            "rkpdes",
            _("Baris belanja yang tertaut ke kegiatan RKP Desa"),
            None if not spending else 100 * linked / len(spending),
            _("semua baris"),
            None if not spending else linked == len(spending),
        )
    )
    for code, label in (
        ("basic", _("Belanja layanan dasar (sub-bidang pendidikan dan kesehatan)")),
        ("stunting", _("Belanja kegiatan konvergensi stunting")),
    ):
        part, whole = measured[code]
        checks.append(
            Check(code, label, None if not whole else float(100 * part / whole), "", None)
        )
    return checks


# ---- amendments ----------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    account_code: str
    kegiatan_code: str
    fund_source: str
    description: str
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


def diff(old: Apbdes, new: Apbdes) -> list[DiffRow]:
    """Return the lines that differ between two versions (added, removed, changed amount)."""

    def keyed(apbdes: Apbdes) -> dict[tuple[str, str, str, str], Decimal]:
        out: dict[tuple[str, str, str, str], Decimal] = defaultdict(Decimal)
        for line in apbdes.lines.all():
            key = (line.account_code, line.kegiatan_code, line.fund_source, line.description)
            out[key] += line.amount
        return out

    before, after = keyed(old), keyed(new)
    rows = []
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b != a:
            rows.append(DiffRow(*key, b, a))
    return rows


# ---- evaluation queue and submissions ------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    apbdes: Apbdes
    days_left: int | None
    overdue: bool


def evaluation_queue(*, user: Any, area: Area, today: dt.date | None = None) -> list[QueueRow]:
    """Return the drafts waiting for evaluation or revision under *area*, soonest due first."""
    day = today or timezone.localdate()
    qs = (
        apbdes_list(user=user, perm=Perm.FINANCE_EVALUATE)
        .filter(village__code__startswith=area.code, status__in=(Status.SUBMITTED, Status.REVISE))
        .order_by("evaluation_due", "village_id")
    )
    rows = []
    for apbdes in qs:
        due = apbdes.evaluation_due if apbdes.status == Status.SUBMITTED else apbdes.revision_due
        left = None if due is None else clock.working_days_left(apbdes.village, day, due)
        rows.append(QueueRow(apbdes, left, due is not None and day > due))
    return rows


CHECKLIST = (
    ("rkpdes", "Kegiatan sesuai RKP Desa tahun berjalan"),
    ("balanced", "Pendapatan, belanja dan pembiayaan seimbang"),
    ("earmark", "Penggunaan Dana Desa sesuai prioritas tahun berjalan"),
    ("siltap", "Penghasilan tetap dan tunjangan sesuai ketentuan"),
    ("public_interest", "Tidak bertentangan dengan kepentingan umum"),
    ("documents", "Berita acara BPD dan lampiran penjabaran lengkap"),
)


def checklist_items() -> list[tuple[str, str]]:
    """Return the evaluation checklist (key, Indonesian label)."""
    return [(key, _(label)) for key, label in CHECKLIST]


def apbdes_submission_by_village(area_code: str, year: int) -> list[dict[str, Any]]:
    """Return, per village under *area_code*, the APBDes (version 0) dates for *year*.

    One dict per active village (villages without an APBDes have ``None``
    dates): ``village``, ``name``, ``status``, ``agreed_on``, ``submitted_on``,
    ``submitted_late``, ``evaluation_due``, ``evaluated_on``,
    ``evaluation_result``, ``enacted_on``, ``perdes_number``. No user scope:
    the caller (a supervision page) checked access to *area_code*.
    """
    villages = Area.objects.filter(
        code__within=area_code, level=Level.DESA_KELURAHAN, is_active=True
    ).order_by("code")
    found = {
        a.village_id: a for a in Apbdes.objects.filter(village__in=villages, year=year, version=0)
    }
    out = []
    for code, name in villages.values_list("code", "name"):
        a = found.get(code)
        out.append(
            {
                "village": code,
                "name": name,
                "status": a.status if a else None,
                "agreed_on": a.agreed_on if a else None,
                "submitted_on": a.submitted_on if a else None,
                "submitted_late": a.submitted_late if a else None,
                "evaluation_due": a.evaluation_due if a else None,
                "evaluated_on": a.evaluated_on if a else None,
                "evaluation_result": (a.evaluation_result or None) if a else None,
                "enacted_on": a.enacted_on if a else None,
                "perdes_number": (a.perdes_number or None) if a else None,
            }
        )
    return out


# ---- realisation ---------------------------------------------------------------------


def semester_report(apbdes: Apbdes, semester: int) -> Summary:
    """Return the realisation report of semester 1 (Jan-Jun) or 2 (the whole year)."""
    return summary(apbdes, months=6 if semester == 1 else 12)


def transfers(village: Area, year: int) -> list[FundTransfer]:
    """Return the transfer stages recorded for *village* in *year*."""
    return list(FundTransfer.objects.filter(village=village, year=year))


# ---- BUM Desa ------------------------------------------------------------------------


def bumdesa_of(village: Area) -> BumDesa | None:
    """Return the BUM Desa of *village*, if registered."""
    return BumDesa.objects.filter(village=village).first()


def capital_participation(village_code: str) -> dict[int, Decimal]:
    """Return ``{year: penyertaan modal (6.2.2) in the APBDes in force}`` of a village."""
    rows = (
        ApbdesLine.objects.filter(
            apbdes__village_id=village_code,
            apbdes__is_current=True,
            account_code__startswith=chart.CAPITAL_PARTICIPATION + ".",
        )
        .values("apbdes__year")
        .annotate(total=Sum("amount"))
    )
    return {r["apbdes__year"]: r["total"] for r in rows}


@dataclass(frozen=True)
class BumDesaRow:
    bumdesa: BumDesa
    report: BumDesaReport | None
    capital: Decimal


def bumdesa_overview(*, user: Any, area: Area, year: int) -> list[BumDesaRow]:
    """Return the BUM Desa under *area* with their annual report of *year* and capital to date."""
    qs = access.scoped(
        BumDesa.objects.select_related("village").filter(village__code__startswith=area.code),
        user,
        Perm.FINANCE_VIEW,
        field="village",
    ).order_by("village_id")
    items = list(qs)
    reports = {
        r.bumdesa_id: r
        for r in BumDesaReport.objects.filter(
            bumdesa__in=items, year=year, period=ReportPeriod.YEAR
        )
    }
    capital = dict(
        ApbdesLine.objects.filter(
            Q(account_code__startswith=chart.CAPITAL_PARTICIPATION + "."),
            apbdes__is_current=True,
            apbdes__year__lte=year,
            apbdes__village__code__startswith=area.code,
        )
        .values("apbdes__village")
        .annotate(total=Sum("amount"))
        .values_list("apbdes__village", "total")
    )
    return [
        BumDesaRow(b, reports.get(b.pk), capital.get(b.village_id) or Decimal(0)) for b in items
    ]


def open_data_lines(apbdes: Apbdes) -> list[dict[str, Any]]:
    """Return the lines of *apbdes* with account names and realisation to date (open data)."""
    rows = _line_rows(apbdes)
    extra = {x["pk"]: x for x in apbdes.lines.values("pk", "description")}
    for row in rows:
        row["account_name"] = chart.account_name(row["account_code"])
        row["description"] = extra[row["pk"]]["description"]
    return rows
