"""Service clocks in working time, compliance figures up the tree, attention items, demo."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.accounts.roles import Role
from balai.core.attention import items_for
from balai.indicators.periods import Period
from balai.indicators.services import indicator_refresh_dirty
from balai.letters.models import ServiceStandard, Status, TimeUnit
from balai.letters.selectors.compliance import compliance_rows, compliance_total, ranking
from balai.letters.services import standards
from balai.letters.services.requests import letter_request_transition
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def standard(pincara: Area, value: int, unit: str) -> ServiceStandard:
    return ServiceStandard.objects.create(
        area=pincara, code="domisili", name="Domisili", letter_type="domisili",
        responsible_official="Kades", officer="Kasi", time_value=value, time_unit=unit,
    )  # fmt: skip


def test_due_time_skips_the_weekend(make_request, head, pincara):
    standard(pincara, 2, TimeUnit.HOURS)
    with time_machine.travel(datetime(2026, 3, 6, 15, 0, tzinfo=WITA), tick=False):  # Friday
        request = make_request(head)
    assert request.due_at.astimezone(WITA) == datetime(2026, 3, 9, 9, 0, tzinfo=WITA)


def test_due_time_skips_a_national_holiday(make_request, head, pincara):
    standard(pincara, 1, TimeUnit.DAYS)
    with time_machine.travel(datetime(2026, 3, 17, 10, 0, tzinfo=WITA), tick=False):
        request = make_request(head)
    # 18-24 March are closed (cuti bersama, Nyepi, Idulfitri, weekend): next working day is the 25th.
    assert request.due_at.astimezone(WITA) == datetime(2026, 3, 25, 16, 0, tzinfo=WITA)


def test_without_a_standard_the_type_default_applies(make_request, head):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=WITA), tick=False):  # Monday
        request = make_request(head)
    assert request.due_at.astimezone(WITA) == datetime(2026, 3, 3, 16, 0, tzinfo=WITA)


def test_compliance_reads_the_facts_and_sums_up_the_tree(
    make_request, head, child, operator, kades, pincara
):
    standard(pincara, 2, TimeUnit.HOURS)
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=WITA), tick=False):
        fast, slow, refused = make_request(head), make_request(child), make_request(head)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=WITA), tick=False):
        for r in (fast,):
            letter_request_transition(request=r, to=Status.VERIFIED, actor=operator)
            letter_request_transition(request=r, to=Status.SIGNED, actor=kades)
        letter_request_transition(
            request=refused, to=Status.REJECTED, actor=operator, reason="berkas_kurang"
        )
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=WITA), tick=False):
        letter_request_transition(request=slow, to=Status.VERIFIED, actor=operator)
        letter_request_transition(request=slow, to=Status.SIGNED, actor=kades)
    with time_machine.travel(datetime(2026, 3, 20, 9, 0, tzinfo=WITA), tick=False):
        indicator_refresh_dirty()  # what the task enqueued on commit does
    march = Period("M", date(2026, 3, 1))
    rows = compliance_rows(area=Area.objects.get(code=KEC_MASAMBA), period=march, villages=True)
    row = next(r for r in rows if r.code == DESA_PINCARA)
    # Due in March, not rejected: fast and slow; within the standard: fast.
    assert (row.on_time.num, row.on_time.den) == (1, 2)
    assert (row.rejected.num, row.rejected.den) == (1, 3)
    kab = compliance_rows(area=Area.objects.get(code="73"), period=march)
    assert [(k.code, k.on_time.num, k.on_time.den) for k in kab if k.on_time.den] == [
        (KAB_LUTRA, 1, 2)
    ]
    assert ranking(rows)[0].code == DESA_PINCARA
    april = Period("M", date(2026, 4, 1))
    assert compliance_total(area=pincara, period=april).on_time.den == 0


def test_compliance_page_for_kabupaten_ranks_villages(make_user, make_request, head):
    make_request(head)
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dpmd")
    response = login(dpmd).get("/layanan/kinerja/")
    assert response.status_code == 200
    assert "Peringkat kecamatan" in response.content.decode()


def test_overdue_requests_are_highlighted_and_on_the_home_page(make_request, head, operator, kades):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=WITA), tick=False):
        make_request(head)
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=WITA), tick=False):
        page = login(operator).get("/layanan/")
        assert 'data-testid="overdue"' in page.content.decode()
        from balai.accounts.access import acting_role

        items = items_for(operator, acting_role(operator))
        texts = [i.text for i in items]
        assert "Permohonan surat melewati batas waktu layanan" in texts[0]
        assert items_for(kades, acting_role(kades)) == []


def test_demo_builder_is_idempotent(make_user, village_settings, head, operator):
    from balai.core.demo import DemoOptions
    from balai.letters import demo
    from balai.letters.models import LetterRequest

    make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades_demo")
    kab = Area.objects.get(code=KAB_LUTRA)
    first = demo.build(kab, DemoOptions())
    count = LetterRequest.objects.count()
    second = demo.build(kab, DemoOptions())
    assert "19 standar katalog" in first and second.startswith("0 standar katalog, 0 diadopsi")
    assert LetterRequest.objects.count() == count >= 1
    assert standards.catalogue_seed(actor=None, kabupaten=kab) == 0
