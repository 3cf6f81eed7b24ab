"""Binwas indicators: counted per village, summed up the tree (hand-counted)."""

from __future__ import annotations

from datetime import date

import pytest

from balai.accounts.models import User
from balai.indicators import registry
from balai.indicators.models import IndicatorFact
from balai.indicators.periods import parse_period
from balai.indicators.selectors import indicator_table
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import fact
from balai.regions.models import Area, Level
from balai.supervision import services
from balai.supervision.models import Activity, FollowUp, Meeting, Question, Responsible
from balai.supervision.tests.conftest import TODAY
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA, KEL_KAPPUNA

pytestmark = pytest.mark.django_db


def _value(code: str, area: str, period: str) -> tuple[int, int]:
    p = parse_period(period)
    table = indicator_table(
        indicators=[registry.get(code)], area=Area.objects.get(code=area), periods=[p]
    )
    v = table.cell(area, code, p)
    return v.num, v.den


def test_visits_done_share_sums_villages(activity: Activity, camat: User) -> None:
    visit = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id=DESA_PINCARA), brief={}
    )
    answers = {}
    for q in Question.objects.filter(instrument__in=visit.instruments.all()):
        value = {
            "ya_tidak": "ya",
            "angka": "1",
            "pilihan": q.choice_list[0] if q.choice_list else "",
        }
        answers[q.pk] = (value.get(q.answer_type, "ok"), "")
    services.visit_save_draft(actor=camat, visit=visit, answers=answers)
    services.visit_sign(actor=camat, visit=visit)
    indicator_refresh(codes=["binwas.kunjungan"], periods=[parse_period("2026-Q4")])
    assert _value("binwas.kunjungan", DESA_PINCARA, "2026-Q4") == (1, 1)
    assert _value("binwas.kunjungan", KEL_KAPPUNA, "2026-Q4") == (0, 1)
    assert _value("binwas.kunjungan", KEC_MASAMBA, "2026-Q4") == (1, 2)


def test_findings_closed_on_time(activity: Activity, camat: User, operator: User) -> None:
    visit = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id=DESA_PINCARA), brief={}
    )

    def finding(days: int) -> object:
        return services.followup_create(
            actor=camat,
            visit=visit,
            area=visit.area,
            description="t",
            recommendation="r",
            responsible=Responsible.VILLAGE,
            due_days=days,
        )

    closed = finding(3)
    finding(5)  # due 14 Oct, still open
    services.followup_answer(actor=operator, item=closed, note="ok")  # type: ignore[arg-type]
    services.followup_verify(actor=camat, item=closed, accept=True)  # type: ignore[arg-type]
    indicator_refresh(codes=["binwas.temuan"], periods=[parse_period("2026-Q4")])
    assert _value("binwas.temuan", KEC_MASAMBA, "2026-Q4") == (1, 2)


def test_lppdes_on_time_over_all_villages(camat: User) -> None:
    services.report_receive(
        actor=camat,
        village=Area.objects.get(code=DESA_PINCARA),
        kind="lppdes",
        year=2025,
        received_on=date(2026, 3, 31),
    )
    services.report_receive(
        actor=camat,
        village=Area.objects.get(code=KEL_KAPPUNA),
        kind="lppdes",
        year=2025,
        received_on=date(2026, 4, 1),
    )
    indicator_refresh(codes=["binwas.lppdes"], periods=[parse_period("2025")])
    assert _value("binwas.lppdes", KEC_MASAMBA, "2025") == (1, 2)
    assert _value("binwas.lppdes", DESA_PINCARA, "2025") == (1, 1)


def test_kecamatan_wide_rakor_decisions_count_at_kecamatan_level(camat: User) -> None:
    # Masamba's rakor (7 Oct): A for Pincara closed on time; B for the whole kecamatan
    # closed on time; C for the whole kecamatan still open. Malangke's rakor: D for the
    # whole kecamatan, open. Lutra's own rakor: E for the whole kabupaten (no kecamatan).
    masamba = Area.objects.get(code=KEC_MASAMBA)
    rakor = services.meeting_create(actor=camat, area=masamba, title="Rakor", held_on=TODAY)

    def decision(meeting: Meeting, area: Area, days: int, responsible: str) -> FollowUp:
        return services.followup_create(
            actor=camat,
            meeting=meeting,
            area=area,
            description="keputusan",
            recommendation="laksanakan",
            responsible=responsible,
            due_days=days,
        )

    def close(item: FollowUp) -> None:
        services.followup_answer(actor=camat, item=item, note="selesai")
        services.followup_verify(actor=camat, item=item, accept=True)

    close(decision(rakor, Area.objects.get(code=DESA_PINCARA), 3, Responsible.VILLAGE))
    close(decision(rakor, masamba, 3, Responsible.KECAMATAN))
    decision(rakor, masamba, 5, Responsible.KECAMATAN)
    malangke = Area.objects.get(code=KEC_MALANGKE)
    other = services.meeting_create(actor=camat, area=malangke, title="Rakor", held_on=TODAY)
    decision(other, malangke, 5, Responsible.KECAMATAN)
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    rakor_kab = services.meeting_create(actor=camat, area=kabupaten, title="Rakor", held_on=TODAY)
    decision(rakor_kab, kabupaten, 5, Responsible.KECAMATAN)

    # The dirty-fact refresh the writes enqueued, then a full refresh: the same counts.
    village, whole = "binwas.keputusan-rakor", "binwas.keputusan-rakor-kecamatan"
    for refresh in (True, False):
        if not refresh:
            indicator_refresh(codes=[village, whole], periods=[parse_period("2026-Q4")])
        assert fact(village, DESA_PINCARA, "2026-Q4", refresh=refresh) == (1, 1)
        assert fact(village, KEC_MASAMBA, "2026-Q4", refresh=False) == (1, 1)
        assert fact(whole, KEC_MASAMBA, "2026-Q4", refresh=False) == (2, 3)
        assert fact(whole, KEC_MALANGKE, "2026-Q4", refresh=False) == (0, 1)
        assert fact(whole, KAB_LUTRA, "2026-Q4", refresh=False) == (2, 3 + 1)
        assert fact(whole, DESA_PINCARA, "2026-Q4", refresh=False) == (0, 0)
    assert _value(whole, KAB_LUTRA, "2026-Q4") == (2, 4)
    pincara = indicator_table(
        indicators=[registry.get(whole)],
        area=Area.objects.get(code=DESA_PINCARA),
        periods=[parse_period("2026-Q4")],
    ).cell(DESA_PINCARA, whole, parse_period("2026-Q4"))
    assert pincara.display == "tidak ada nilai per desa"
    assert "binwas.keputusan-rakor-kecamatan" in registry.get_set("binwas").codes


def test_lppdes_counts_only_the_kabupaten_that_use_supervision(camat: User) -> None:
    indicator_refresh(codes=["binwas.lppdes"], periods=[parse_period("2025")])
    assert not IndicatorFact.objects.filter(indicator="binwas.lppdes").exists()  # nobody chases
    services.report_receive(
        actor=camat,
        village=Area.objects.get(code=DESA_PINCARA),
        kind="lppdes",
        year=2025,
        received_on=date(2026, 3, 31),
    )
    indicator_refresh(codes=["binwas.lppdes"], periods=[parse_period("2025")])
    facts = IndicatorFact.objects.filter(indicator="binwas.lppdes")
    villages = Area.objects.filter(
        level=Level.DESA_KELURAHAN, is_active=True, code__startswith=DESA_PINCARA[:6]
    )
    assert (
        Area.objects.filter(level=Level.DESA_KELURAHAN)
        .exclude(code__startswith=DESA_PINCARA[:6])
        .exists()
    )  # the tree holds villages of other kabupaten...
    assert sorted(facts.values_list("area_id", flat=True)) == sorted(  # ...which owe nothing
        villages.values_list("code", flat=True)
    )
