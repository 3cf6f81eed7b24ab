from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from balai.accounts.roles import Office, Role
from balai.letters.services import residents_auth
from balai.planning import selectors, services
from balai.planning.models import (
    CriterionBasis,
    Forum,
    ForumLevel,
    Proposal,
    RkpdesActivity,
    Stage,
)
from balai.regions.models import Area
from balai.registry.models import Resident
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, close_response, login

from .conftest import YEAR, submit

pytestmark = pytest.mark.django_db


def resident_client(resident: Resident) -> Client:
    code = residents_auth.activation_issue(actor=None, resident=resident)
    residents_auth.pin_set(nik=resident.nik, code=code, pin="135790")
    user = residents_auth.resident_login(nik=resident.nik, pin="135790")
    return login(user)


ACTIVITY = {
    "kegiatan": "2.3.10",
    "name": "Rabat beton",
    "location": "Dusun Tampa",
    "volume": "200",
    "unit": "m",
    "beneficiaries": "150",
    "fund_source": "DDS",
}


def test_operator_adds_rkpdes_activity_and_other_village_is_refused(
    operator, other_operator, pincara: Area
) -> None:
    url = f"/perencanaan/desa/{DESA_PINCARA}/?tahun={YEAR}"
    bad = login(operator).post(url, {**ACTIVITY, "indicative_cost": "seratus juta"})
    assert bad.status_code == 200
    assert "Tulis angka rupiah" in bad.content.decode()
    assert not RkpdesActivity.objects.exists()

    denied = login(other_operator).post(url, {**ACTIVITY, "indicative_cost": "100000000"})
    assert denied.status_code == 403
    assert not RkpdesActivity.objects.exists()

    ok = login(operator).post(url, {**ACTIVITY, "indicative_cost": "100000000"})
    assert ok.status_code == 302
    activity = RkpdesActivity.objects.get()
    assert (activity.village_id, activity.year, activity.indicative_cost) == (
        DESA_PINCARA,
        YEAR,
        Decimal(100_000_000),
    )
    page = login(operator).get(url).content.decode()
    assert "belum tertelusur" in page
    xlsx = login(operator).get(f"/perencanaan/desa/{DESA_PINCARA}/rkpdes.xlsx?tahun={YEAR}")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    close_response(xlsx)


def test_resident_proposes_supports_and_tracking_shows_no_personal_data(
    pincara: Area, resident: Resident, time_machine
) -> None:
    time_machine.move_to("2026-01-10T02:00:00Z")  # plan year 2027
    client = resident_client(resident)
    assert client.get("/perencanaan/warga/").status_code == 200
    response = client.post(
        "/perencanaan/warga/usul/",
        {
            "title": "Lampu jalan RT 2",
            "kegiatan": "2.4.93",
            "location": "RT 2",
            "volume": "10",
            "unit": "titik",
            "estimated_cost": "25000000",
            "beneficiaries": "80",
            "village_authority": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.proposer == resident and proposal.year == YEAR
    other = submit(pincara)
    assert client.post(f"/perencanaan/warga/dukung/{other.code}/").status_code == 302
    other.refresh_from_db()
    assert other.support_count == 1

    public = Client().get(f"/perencanaan/lacak/{proposal.code}/")
    body = public.content.decode()
    assert public.status_code == 200
    assert "Lampu jalan RT 2" in body
    assert resident.name not in body and resident.nik not in body
    assert Client().get("/perencanaan/lacak/U-TIDAKADA/").status_code == 404
    # The lookup form: a code redirects to its page; anything else is "not found", never a 500.
    found = Client().get("/perencanaan/lacak/", {"kode": proposal.code.lower()})
    assert found.status_code == 302 and found["Location"] == f"/perencanaan/lacak/{proposal.code}/"
    assert Client().get("/perencanaan/lacak/", {"kode": "a/b"}).status_code == 404
    api = Client().get(f"/api/v1/planning/proposals/track/{proposal.code}")
    assert api.status_code == 200
    assert api.json()["stage"] == Stage.SUBMITTED
    assert resident.name not in api.content.decode()


def test_staff_page_is_not_for_residents(pincara: Area, resident: Resident) -> None:
    client = resident_client(resident)
    assert client.get(f"/perencanaan/desa/{DESA_PINCARA}/").status_code == 403


def test_forum_flow_through_pages_and_kecamatan_cannot_decide_for_the_desa(
    operator, camat, pincara: Area
) -> None:
    proposal = submit(pincara)
    client = login(operator)
    opened = client.post(
        f"/perencanaan/wilayah/{DESA_PINCARA}/musrenbang/desa/buka/", {"year": YEAR}
    )
    forum = Forum.objects.get()
    assert opened.url == f"/perencanaan/musrenbang/{forum.pk}/"
    assert client.get(opened.url).status_code == 200

    decide = f"/perencanaan/musrenbang/{forum.pk}/putuskan/{proposal.pk}/"
    assert (
        login(camat).post(decide, {"decision": "accept", "fund_source": "DDS"}).status_code == 403
    )
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.SUBMITTED

    client.post(decide, {"decision": "accept", "fund_source": "DDS"})
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.DESA_ACCEPTED
    client.post(f"/perencanaan/musrenbang/{forum.pk}/tutup/")
    forum.refresh_from_db()
    assert forum.status == "closed"
    pdf = client.get(f"/perencanaan/musrenbang/{forum.pk}/berita-acara.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/perencanaan/musrenbang/{forum.pk}/usulan.xlsx")
    assert xlsx.status_code == 200
    close_response(xlsx)


def test_opd_answers_only_its_own_proposals(make_user, pincara: Area) -> None:
    kab = Area.objects.get(code=KAB_LUTRA)
    kec = Area.objects.get(code=KEC_MASAMBA)
    pu = services.opd_add(
        actor=None, kabupaten=kab, code="1.03", name="Dinas PUPR", office=Office.LAINNYA
    )
    services.opd_add(
        actor=None, kabupaten=kab, code="1.02", name="Dinas Kesehatan", office=Office.DINKES
    )
    services.criterion_add(
        actor=None, kabupaten=kab, name="Penerima", basis=CriterionBasis.BENEFICIARIES, weight=1
    )
    services.pagu_set(actor=None, area=kec, year=YEAR, amount=Decimal(10**9))
    proposal = submit(pincara, village_authority=False)
    desa = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    services.proposal_decide_desa(actor=None, forum=desa, proposal=proposal, decision="forward")
    forum = services.forum_open(actor=None, level=ForumLevel.KECAMATAN, area=kec, year=YEAR)
    services.proposal_assign_opd(
        actor=None, forum=forum, proposal=Proposal.objects.get(), opd=pu, programme="Jalan"
    )
    services.forum_close(actor=None, forum=forum)

    dinkes = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES)
    answer = {"accepted": "0", "reason": "Bukan urusan kami"}
    assert login(dinkes).post(f"/perencanaan/opd/usulan/{proposal.pk}/", answer).status_code == 404
    api = login(dinkes).post(
        f"/api/v1/planning/proposals/{proposal.pk}/answer",
        {"accepted": False, "reason": "x"},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert Proposal.objects.get().stage == Stage.KABUPATEN

    pu_staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.LAINNYA)
    queue = login(pu_staff).get("/perencanaan/opd/").content.decode()
    assert proposal.code in queue
    missing = login(pu_staff).post(f"/perencanaan/opd/usulan/{proposal.pk}/", {"accepted": "1"})
    assert "Wajib diisi bila diterima" in missing.content.decode()
    done = login(pu_staff).post(
        f"/perencanaan/opd/usulan/{proposal.pk}/",
        {"accepted": "1", "programme": "Jalan", "activity": "Rabat beton jalan tani"},
    )
    assert done.status_code == 302
    assert Proposal.objects.get().stage == Stage.OPD_ACCEPTED
    shares = selectors.accommodation_by_opd(kabupaten=KAB_LUTRA, year=YEAR)
    assert [(s.label, s.total, s.accommodated) for s in shares] == [
        ("Dinas Kesehatan", 0, 0),
        ("Dinas PUPR", 1, 1),
    ]


def test_settings_are_for_bappeda_only(make_user) -> None:
    bappeda = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    dinkes = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES)
    url = f"/perencanaan/kabupaten/{KAB_LUTRA}/pengaturan/"
    data = {"form": "pagu", "area": DESA_PINCARA, "year": YEAR, "amount": "800000000"}
    assert login(dinkes).post(url, data).status_code == 403
    assert selectors.pagu_amount(area=DESA_PINCARA, year=YEAR) is None
    assert login(bappeda).post(url, data).status_code == 302
    assert selectors.pagu_amount(area=DESA_PINCARA, year=YEAR) == Decimal(800_000_000)
    outside = login(bappeda).post(url, {**data, "area": "73.17.01.2001"})
    assert "di kabupaten ini" in outside.content.decode()
