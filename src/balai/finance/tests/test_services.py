"""APBDes lines, the approval workflow and its clock, amendments and realisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from balai.core.errors import ConflictError, DomainError
from balai.finance import kegiatan, selectors, services
from balai.finance.models import Apbdes, EvaluationResult, Realisation, Status
from balai.regions.models import Area

from .conftest import build_draft, enact


def test_line_rejects_unknown_account_and_keeps_nothing(draft: Apbdes) -> None:
    before = draft.lines.count()
    with pytest.raises(DomainError, match=r"Kode rekening 5\.9\.9\.01 tidak dikenal"):
        services.line_add(
            actor=None,
            apbdes=draft,
            account_code="5.9.9.01",
            kegiatan_code="2.3.10",
            description="x",
            amount=1,
            fund_source="DDS",
        )
    assert draft.lines.count() == before


def test_line_rejects_amount_with_letters(draft: Apbdes) -> None:
    with pytest.raises(DomainError, match="Jumlah 12a000 tidak sah"):
        services.line_add(
            actor=None, apbdes=draft, account_code="4.1.1.01", description="x", amount="12a000"
        )


def test_line_reads_siskeudes_codes_and_thousand_dots(draft: Apbdes) -> None:
    line = services.line_add(
        actor=None,
        apbdes=draft,
        account_code="5.2.2.01.",
        kegiatan_code="02.03.10.",
        description="Honor",
        amount="1.250.000",
        fund_source="ADD",
    )
    assert (line.account_code, line.kegiatan_code, line.amount) == (
        "5.2.2.01",
        "2.3.10",
        Decimal("1250000.00"),
    )


def test_spending_needs_kegiatan_and_income_refuses_one(draft: Apbdes) -> None:
    with pytest.raises(DomainError, match="wajib mencantumkan kode kegiatan"):
        services.line_add(
            actor=None,
            apbdes=draft,
            account_code="5.2.2.01",
            description="x",
            amount=1,
            fund_source="ADD",
        )
    with pytest.raises(DomainError, match="hanya untuk belanja"):
        services.line_add(
            actor=None,
            apbdes=draft,
            account_code="4.1.1.01",
            kegiatan_code="2.3.10",
            description="x",
            amount=1,
        )


def test_income_line_takes_fund_source_from_account(draft: Apbdes) -> None:
    line = services.line_add(
        actor=None, apbdes=draft, account_code="4.2.3.02", description="ADD tambahan", amount=0
    )
    assert line.fund_source == "ADD"


def test_full_workflow_with_clock_over_holidays(pincara: Area) -> None:
    apbdes = build_draft(pincara, 2026)
    apbdes = services.apbdes_agree(
        actor=None, apbdes=apbdes, agreed_on=dt.date(2025, 12, 4), agreement_number="02/BA"
    )
    apbdes = services.apbdes_submit(actor=None, apbdes=apbdes, submitted_on=dt.date(2025, 12, 8))
    # Day 0 = Mon 8 Dec; 25/26 Dec and 1 Jan closed: the 20th working day is Thu 8 Jan 2026.
    assert apbdes.evaluation_due == dt.date(2026, 1, 8)
    assert apbdes.submitted_late is True  # 4 days after the agreement
    apbdes = services.apbdes_evaluate(
        actor=None,
        apbdes=apbdes,
        result="revise",
        evaluated_on=dt.date(2026, 1, 7),
        number="140/7/KEC",
        checklist={"balanced": True, "rkpdes": False},
        today=dt.date(2026, 1, 7),
    )
    assert apbdes.status == Status.REVISE
    assert apbdes.checklist == {"balanced": True, "rkpdes": False}
    # 20 working days after Wed 7 Jan (16 Jan closed): Thu 5 Feb.
    assert apbdes.revision_due == dt.date(2026, 2, 5)
    services.line_add(
        actor=None,
        apbdes=apbdes,
        account_code="5.2.2.01",
        kegiatan_code="1.4.01",
        description="Honor",
        amount=0,
        fund_source="ADD",
    )
    apbdes = services.apbdes_revised(actor=None, apbdes=apbdes, revised_on=dt.date(2026, 1, 19))
    assert (apbdes.status, apbdes.revised_late) == (Status.APPROVED, False)
    apbdes = services.apbdes_enact(
        actor=None, apbdes=apbdes, enacted_on=dt.date(2026, 1, 20), perdes_number="1 Tahun 2026"
    )
    assert apbdes.status == Status.ENACTED and apbdes.is_current


def test_evaluation_after_the_clock_is_refused_and_recorded_as_lapsed(pincara: Area) -> None:
    apbdes = build_draft(pincara, 2026)
    services.apbdes_agree(
        actor=None, apbdes=apbdes, agreed_on=dt.date(2025, 12, 4), agreement_number="02/BA"
    )
    services.apbdes_submit(actor=None, apbdes=apbdes, submitted_on=dt.date(2025, 12, 5))
    with pytest.raises(ConflictError, match="Batas evaluasi 07-01-2026 sudah lewat"):
        services.apbdes_evaluate(
            actor=None,
            apbdes=apbdes,
            result="ok",
            evaluated_on=dt.date(2026, 1, 7),
            number="140/1",
            today=dt.date(2026, 1, 8),
        )
    apbdes.refresh_from_db()
    assert apbdes.status == Status.APPROVED
    assert apbdes.evaluation_result == EvaluationResult.LAPSED
    assert apbdes.evaluated_on is None and apbdes.evaluation_number == ""


def test_lapse_job_records_only_overdue_drafts(pincara: Area, tree: None) -> None:
    late = build_draft(pincara, 2026)
    services.apbdes_agree(
        actor=None, apbdes=late, agreed_on=dt.date(2025, 12, 4), agreement_number="x"
    )
    services.apbdes_submit(actor=None, apbdes=late, submitted_on=dt.date(2025, 12, 5))
    pattimang = Area.objects.get(code="73.22.01.2001")
    fresh = build_draft(pattimang, 2026)
    services.apbdes_agree(
        actor=None, apbdes=fresh, agreed_on=dt.date(2026, 1, 19), agreement_number="x"
    )
    services.apbdes_submit(actor=None, apbdes=fresh, submitted_on=dt.date(2026, 1, 19))
    assert services.apbdes_lapse_overdue(today=dt.date(2026, 1, 20)) == 1
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert (late.status, fresh.status) == (Status.APPROVED, Status.SUBMITTED)


def test_unbalanced_enactment_is_refused_and_nothing_changes(draft: Apbdes) -> None:
    services.line_add(
        actor=None,
        apbdes=draft,
        account_code="5.2.2.01",
        kegiatan_code="1.4.01",
        description="Honor",
        amount=1_000_000,
        fund_source="ADD",
    )
    with pytest.raises(DomainError, match=r"belum seimbang.*selisih Rp1\.000\.000"):
        enact(
            draft,
            agreed=dt.date(2024, 10, 21),
            submitted=dt.date(2024, 10, 22),
            evaluated=dt.date(2024, 11, 5),
        )
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED
    assert not draft.is_current and draft.perdes_number == ""


def test_wrong_transition_is_refused(draft: Apbdes) -> None:
    with pytest.raises(ConflictError, match="tidak dapat diubah ke"):
        services.apbdes_enact(
            actor=None, apbdes=draft, enacted_on=dt.date(2025, 1, 1), perdes_number="1"
        )


def test_lines_of_an_agreed_draft_are_locked(draft: Apbdes) -> None:
    services.apbdes_agree(
        actor=None, apbdes=draft, agreed_on=dt.date(2024, 10, 21), agreement_number="x"
    )
    with pytest.raises(ConflictError, match="tidak dapat diubah"):
        services.line_add(
            actor=None, apbdes=draft, account_code="4.1.1.01", description="x", amount=1
        )


def test_amendment_diff_and_carried_realisation(enacted: Apbdes) -> None:
    road = enacted.lines.get(account_code="5.3.5.01")
    services.realisation_record(actor=None, line=road, month=3, amount="150000000")
    amendment = services.apbdes_amend(actor=None, apbdes=enacted)
    assert amendment.version == 1 and amendment.status == Status.DRAFT
    new_road = amendment.lines.get(account_code="5.3.5.01")
    services.line_update(actor=None, line=new_road, amount=350_000_000)
    services.line_add(
        actor=None,
        apbdes=amendment,
        account_code="5.2.7.04",
        kegiatan_code="2.2.02",
        description="Posyandu",
        amount=50_000_000,
        fund_source="DDS",
    )
    rows = selectors.diff(enacted, amendment)
    assert [(r.account_code, r.before, r.after) for r in rows] == [
        ("5.2.7.04", None, Decimal("50000000.00")),
        ("5.3.5.01", Decimal("400000000.00"), Decimal("350000000.00")),
    ]
    amendment = enact(
        amendment,
        agreed=dt.date(2025, 8, 1),
        submitted=dt.date(2025, 8, 4),
        evaluated=dt.date(2025, 8, 20),
    )
    enacted.refresh_from_db()
    assert amendment.is_current and not enacted.is_current
    assert Realisation.objects.get(line__apbdes=amendment, month=3).amount == Decimal("150000000")


def test_realisation_only_on_the_version_in_force(draft: Apbdes) -> None:
    line = draft.lines.first()
    assert line is not None
    with pytest.raises(ConflictError, match="APBDes yang sedang berlaku"):
        services.realisation_record(actor=None, line=line, month=1, amount=1)
    assert not Realisation.objects.exists()


def test_spending_checks_of_2025(draft: Apbdes) -> None:
    checks = {c.code: c for c in selectors.spending_checks(draft)}
    assert checks["balanced"].ok is True
    # Dana Desa spending: 100 + 200 + 20 + 80 + 400 = 800 million.
    assert checks["blt"].value == pytest.approx(12.5) and checks["blt"].ok is True
    assert checks["pangan"].value == pytest.approx(25.0) and checks["pangan"].ok is True
    assert checks["operasional"].value == pytest.approx(2.5) and checks["operasional"].ok is True
    # All spending 950 million; health 2.2: 80 million.
    assert checks["basic"].value == pytest.approx(100 * 80 / 950)
    assert checks["stunting"].value == pytest.approx(100 * 80 / 950)


def test_submission_dates_by_village(enacted: Apbdes) -> None:
    rows = {r["village"]: r for r in selectors.apbdes_submission_by_village("73.22", 2025)}
    mine = rows[enacted.village_id]
    assert mine["submitted_on"] == dt.date(2024, 10, 22)
    assert mine["evaluated_on"] == dt.date(2024, 11, 5)
    assert mine["enacted_on"] == dt.date(2024, 11, 5)
    assert rows["73.22.01.2001"]["status"] is None


def test_bumdesa_report_keeps_a_loss(pincara: Area) -> None:
    bumdesa = services.bumdesa_save(actor=None, village=pincara, name="BUM Desa Pincara Jaya")
    report = services.bumdesa_report_save(
        actor=None,
        bumdesa=bumdesa,
        year=2025,
        period="year",
        revenue="100000000",
        profit="-5.000.000",
        assets="250000000",
        contribution="0",
    )
    assert report.profit == Decimal("-5000000.00")


def test_unknown_reference_kegiatan_is_refused(draft: Apbdes) -> None:
    with pytest.raises(DomainError, match=r"Kode kegiatan 2\.3\.77 tidak ada di daftar kegiatan"):
        services.line_add(
            actor=None,
            apbdes=draft,
            account_code="5.3.5.02",
            kegiatan_code="2.3.77",
            description="x",
            amount=1,
            fund_source="DDS",
        )


def test_spending_links_to_its_rkpdes_activity(pincara: Area) -> None:
    from balai.planning.selectors import kegiatan_by_code
    from balai.planning.services.plans import rkpdes_activity_create

    road = rkpdes_activity_create(
        actor=None,
        village=pincara,
        year=2026,
        kegiatan=kegiatan_by_code()["2.3.10"],
        name="Rabat beton Dusun Satu",
        location="Dusun Satu",
        volume=Decimal(300),
        unit="m",
        indicative_cost=Decimal(400_000_000),
    )
    apbdes = build_draft(pincara, 2026)
    assert apbdes.lines.get(account_code="5.3.5.01").rkpdes_activity == road
    assert apbdes.lines.get(account_code="5.2.7.03").rkpdes_activity is None
    check = {c.code: c for c in selectors.spending_checks(apbdes)}["rkpdes"]
    assert check.value == pytest.approx(100 / 6)  # 1 of the 6 spending lines
    assert check.ok is False


def _activity(village: Area, kegiatan: str, name: str) -> Any:
    from balai.planning.selectors import kegiatan_by_code
    from balai.planning.services.plans import rkpdes_activity_create

    return rkpdes_activity_create(
        actor=None,
        village=village,
        year=2026,
        kegiatan=kegiatan_by_code()[kegiatan],
        name=name,
        location="Dusun Satu",
        volume=Decimal(1),
        unit="paket",
        indicative_cost=Decimal(1_000_000),
    )


def test_line_is_linked_by_hand_when_several_activities_share_its_kegiatan(pincara: Area) -> None:
    first = _activity(pincara, "2.3.10", "Rabat beton Dusun Satu")
    second = _activity(pincara, "2.3.10", "Rabat beton Dusun Dua")
    other = _activity(pincara, "2.2.02", "PMT balita")
    apbdes = build_draft(pincara, 2026)
    road = apbdes.lines.get(account_code="5.3.5.01")
    assert road.rkpdes_activity is None  # two candidates: no automatic link
    assert kegiatan.rkpdes_candidates(pincara, 2026, "2.3.10") == [first, second]
    with pytest.raises(DomainError, match="tidak dapat dipilih") as refused:
        services.line_update(actor=None, line=road, rkpdes_activity=other)
    assert "rkpdes_activity" in refused.value.field_errors
    road.refresh_from_db()
    assert road.rkpdes_activity is None
    services.line_update(actor=None, line=road, rkpdes_activity=second)
    road.refresh_from_db()
    assert road.rkpdes_activity == second
    services.line_update(actor=None, line=road, amount="1.250.000")  # the choice is kept
    road.refresh_from_db()
    assert (road.rkpdes_activity, road.amount) == (second, Decimal(1_250_000))
    services.line_update(actor=None, line=road, kegiatan_code="2.2.02")  # the only one: automatic
    road.refresh_from_db()
    assert road.rkpdes_activity == other


def test_line_without_a_matching_activity_may_take_any_of_the_year(pincara: Area) -> None:
    pmt = _activity(pincara, "2.2.02", "PMT balita")
    apbdes = build_draft(pincara, 2026)
    blt = apbdes.lines.get(account_code="5.2.7.03")  # kegiatan 5.3.01: none in the RKP Desa
    assert kegiatan.rkpdes_candidates(pincara, 2026, "5.3.01") == [pmt]
    assert kegiatan.rkpdes_candidates(pincara, 2026, "2.2.02") == []  # links itself
    assert kegiatan.rkpdes_candidates(pincara, 2026, "") == []  # income: no kegiatan
    services.line_update(actor=None, line=blt, rkpdes_activity=pmt)
    blt.refresh_from_db()
    assert blt.rkpdes_activity == pmt


def test_line_of_an_agreed_apbdes_cannot_be_changed(draft: Apbdes) -> None:
    agreed = services.apbdes_agree(
        actor=None, apbdes=draft, agreed_on=dt.date(2026, 1, 5), agreement_number="01/BA"
    )
    line = agreed.lines.get(account_code="5.3.5.01")
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        services.line_update(actor=None, line=line, amount="1")
    line.refresh_from_db()
    assert line.amount == Decimal(400_000_000)
