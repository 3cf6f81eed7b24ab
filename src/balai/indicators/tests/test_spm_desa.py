"""SPM Desa (Permendagri 2/2017): each service counted by hand from records made through
services, the regulation fixes of issue 10, and the engine-backed page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from balai.accounts.roles import Role
from balai.complaints import services as complaint_services
from balai.indicators import registry
from balai.indicators.periods import Period
from balai.indicators.selectors import indicator_table
from balai.indicators.services import indicator_refresh
from balai.letters.models import Channel, ServiceStandard, Status, TimeUnit
from balai.letters.services.requests import letter_request_transition
from balai.letters.services.standards import catalogue_adopt_all, catalogue_seed
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MASAMBA,
    MakeUser,
    close_response,
    login,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MARCH = Period("M", date(2026, 3, 1))
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
LATE_MARCH = datetime(2026, 3, 27, 12, 0, tzinfo=WITA)


def facts(area: Area | None, *codes: str) -> dict[str, tuple[int, int]]:
    table = indicator_table(
        indicators=registry.resolve(list(codes)), area=area, periods=[MARCH], trend=False
    )
    code = area.code if area else ""
    return {c: (v.num, v.den) for c in codes for v in [table.cells[(code, c, MARCH)]]}


def refresh(*codes: str) -> None:
    with time_machine.travel(LATE_MARCH, tick=False):
        indicator_refresh(codes=list(codes), periods=[MARCH])


def two_hour_standard(pincara: Area, code: str = "domisili") -> None:
    ServiceStandard.objects.create(
        area=pincara, code=code, name="Domisili", letter_type="domisili",
        responsible_official="Kades", officer="Kasi", time_value=2, time_unit=TimeUnit.HOURS,
    )  # fmt: skip


def test_letters_count_only_finished_letters_over_letters_due_finished_or_not(
    make_request: Any, head: Any, child: Any, operator: Any, kades: Any, pincara: Area
) -> None:
    two_hour_standard(pincara)
    with time_machine.travel(MONDAY, tick=False):  # due 11:00 the same day
        fast, slow, refused, withdrawn, waiting = (make_request(head) for _ in range(5))
        online = make_request(child, channel=Channel.ONLINE)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=WITA), tick=False):
        letter_request_transition(request=fast, to=Status.VERIFIED, actor=operator)
        letter_request_transition(request=fast, to=Status.SIGNED, actor=kades)
        letter_request_transition(
            request=refused, to=Status.REJECTED, actor=operator, reason="berkas_kurang"
        )
        letter_request_transition(
            request=withdrawn, to=Status.REJECTED, actor=operator, reason="dibatalkan_pemohon"
        )
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=WITA), tick=False):
        letter_request_transition(request=slow, to=Status.VERIFIED, actor=operator)
        letter_request_transition(request=slow, to=Status.SIGNED, actor=kades)
    refresh("spm.surat", "spm.penyederhanaan", "letters.ditolak")
    # Due in March and not rejected/withdrawn: fast, slow, waiting, online (4);
    # finished within the standard: fast only. The rejections, finished "in
    # time" at 10:00, do not count as served.
    assert facts(pincara, "spm.surat", "spm.penyederhanaan", "letters.ditolak") == {
        "spm.surat": (1, 4),
        "spm.penyederhanaan": (1, 6),
        "letters.ditolak": (2, 6),
    }
    del waiting, online


def test_information_counts_catalogue_entries_once_and_cannot_pass_100(
    pincara: Area,
) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    assert catalogue > 0
    catalogue_adopt_all(actor=None, village=pincara)
    two_hour_standard(pincara, "sendiri")  # the village's own standard: not in the catalogue
    refresh("spm.informasi")
    assert facts(pincara, "spm.informasi") == {"spm.informasi": (catalogue, catalogue)}
    pattimang = Area.objects.get(code=DESA_PATTIMANG)
    assert facts(pattimang, "spm.informasi") == {"spm.informasi": (0, catalogue)}
    villages = Area.objects.filter(code__within=KAB_LUTRA, level="desa_kelurahan").count()
    assert facts(kabupaten, "spm.informasi") == {"spm.informasi": (catalogue, catalogue * villages)}


def test_population_is_ktp_el_holders_over_people_required_to_hold_one(pincara: Area) -> None:
    rt = f"{DESA_PINCARA}.01.001"
    make_resident(rt, name="Dewasa ber-KTP", birth_date=date(1980, 1, 1), ektp=codes.EKtp.YES)
    make_resident(rt, name="Dewasa tanpa KTP", birth_date=date(1985, 1, 1), ektp=codes.EKtp.NO)
    make_resident(  # 16, married: required
        rt, name="Menikah 16", birth_date=date(2010, 1, 1),
        marital_status=codes.MaritalStatus.MARRIED,
    )  # fmt: skip
    make_resident(rt, name="Remaja 16", birth_date=date(2010, 1, 1))  # not required
    make_resident(rt, name="Genap 17", birth_date=date(2009, 3, 27))  # 17 today: required
    make_resident(rt, name="Anak", birth_date=date(2020, 1, 1), ektp=codes.EKtp.NO)
    refresh("spm.kependudukan")
    assert facts(pincara, "spm.kependudukan") == {"spm.kependudukan": (1, 4)}


def test_complaints_resolved_on_time_over_complaints_due_in_the_period(
    file_complaint: Any, operator: Any
) -> None:
    filed = datetime(2026, 3, 2, 9, tzinfo=WITA)
    on_time, late, open_, rejected = (file_complaint(now=filed) for _ in range(4))
    for c, done in ((on_time, filed), (late, datetime(2026, 6, 1, 9, tzinfo=WITA))):
        c = complaint_services.complaint_verify(complaint=c, actor=operator, now=filed)
        c = complaint_services.complaint_assign(
            complaint=c, actor=operator, assignee=operator, now=filed
        )
        c = complaint_services.complaint_respond(complaint=c, actor=operator, text="ok", now=filed)
        complaint_services.complaint_resolve(complaint=c, actor=operator, text="ok", now=done)
    # Verified, never resolved: its resolution deadline still falls due.
    open_ = complaint_services.complaint_verify(complaint=open_, actor=operator, now=filed)
    complaint_services.complaint_reject(
        complaint=rejected, actor=operator, reason="bukan aduan", now=filed
    )
    for c in (on_time, late, open_):
        c.refresh_from_db()
        assert c.resolve_due is not None and c.resolve_due.astimezone(WITA).month == 3
    refresh("spm.pengaduan")
    pincara = Area.objects.get(code=DESA_PINCARA)
    assert facts(pincara, "spm.pengaduan") == {"spm.pengaduan": (1, 3)}


def test_kecamatan_is_the_sum_of_villages_never_an_average(
    make_request: Any, head: Any, operator: Any, kades: Any, pincara: Area, make_user: MakeUser
) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    catalogue_adopt_all(actor=None, village=pincara)
    kappuna = Area.objects.get(code="73.22.03.1001")
    first = ServiceStandard.objects.filter(area=kabupaten).order_by("id").first()
    assert first is not None
    from balai.letters.services.standards import standard_adopt

    standard_adopt(actor=None, village=kappuna, source=first)
    refresh("spm.informasi")
    masamba = Area.objects.get(code=KEC_MASAMBA)
    villages = Area.objects.filter(code__within=KEC_MASAMBA, level="desa_kelurahan").count()
    num, den = facts(masamba, "spm.informasi")["spm.informasi"]
    assert (num, den) == (catalogue + 1, catalogue * villages)
    by_village = indicator_table(
        indicators=[registry.get("spm.informasi")], area=masamba, periods=[MARCH], children=True
    )
    assert sum(v.num for v in by_village.cells.values()) == num
    assert sum(v.den for v in by_village.cells.values()) == den


def test_spm_page_reads_facts_and_is_scoped(make_user: MakeUser, pincara: Area) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    catalogue_adopt_all(actor=None, village=pincara)
    refresh("spm.informasi")
    camat = make_user(Role.CAMAT, KEC_MASAMBA)
    with time_machine.travel(LATE_MARCH, tick=False):
        page = login(camat).get("/indikator/spm-desa/?bulan=2026-03")
        assert page.status_code == 200
        rows = {row[0].code: row for row in page.context["rows"]}
        assert set(rows) == set(
            Area.objects.filter(code__within=KEC_MASAMBA, level="desa_kelurahan").values_list(
                "code", flat=True
            )
        )
        assert (rows[DESA_PINCARA][0].num, rows[DESA_PINCARA][0].den) == (catalogue, catalogue)
        assert rows[DESA_PINCARA][0].status == "met"
        assert "100,0%" in page.content.decode()
        assert login(camat).get(f"/indikator/spm-desa/?wilayah={DESA_PATTIMANG}").status_code == 403
        bad = login(camat).get("/indikator/spm-desa/?bulan=2026-13")
        assert bad.status_code == 400 and "tidak dikenal" in bad.content.decode()
        future = login(camat).get("/indikator/spm-desa/?bulan=2027-01")
        assert future.status_code == 400 and "belum dimulai" in future.content.decode()
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    assert login(resident).get("/indikator/spm-desa/").status_code == 403
    assert Client().get("/indikator/spm-desa/").status_code == 302


def test_spm_table_exports_what_the_page_shows(make_user: MakeUser, pincara: Area) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    catalogue_adopt_all(actor=None, village=pincara)
    refresh("spm.informasi")
    camat = make_user(Role.CAMAT, KEC_MASAMBA)
    villages = Area.objects.filter(code__within=KEC_MASAMBA, level="desa_kelurahan").count()
    with time_machine.travel(LATE_MARCH, tick=False):
        page = login(camat).get("/indikator/spm-desa/?bulan=2026-03").content.decode()
        assert "?wilayah=73.22.03&amp;bulan=2026-03&amp;format=xlsx" in page
        response = login(camat).get(
            "/indikator/spm-desa/", {"bulan": "2026-03", "format": "csv", "wilayah": KEC_MASAMBA}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        close_response(response)
        denied = login(camat).get(
            "/indikator/spm-desa/", {"bulan": "2026-03", "format": "csv", "wilayah": DESA_PATTIMANG}
        )
        assert denied.status_code == 403
    lines = [line.split(",") for line in text.strip().splitlines()]
    assert lines[0][:2] == ["Kode wilayah", "Wilayah"]
    assert len(lines[0]) == 2 + 3 * 5  # num, den, % of each of the five services
    # The kecamatan total, then each village.
    assert len(lines) == 1 + 1 + villages
    pincara_row = next(line for line in lines if line[0] == DESA_PINCARA)
    assert pincara_row[2:5] == [str(catalogue), str(catalogue), "100.0"]
