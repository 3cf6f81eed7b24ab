"""Pages: who may fill, verify, export; bad input answered in Indonesian; the catalogue."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from balai.accounts.roles import Role
from balai.innovation import services
from balai.innovation.models import Evidence, Innovation, InnovationStatus, Review
from balai.innovation.tests.conftest import MANDATORY, answer, fill, make_innovation, png, upload
from conftest import DESA_PINCARA, KAB_LUTRA, close_response, login

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Layanan KTP Keliling",
    "bentuk": "pelayanan",
    "jenis": "non_digital",
    "inisiator": "masyarakat",
    "urusan": "adminduk",
    "tahapan": "penerapan",
    "started_on": "2021-02-01",
    "trial_on": "2021-05-01",
    "applied_on": "2022-01-10",
    "budget": "15000000",
}


def test_village_operator_records_and_fills_own_innovation(assessment, operator) -> None:
    client = login(operator)
    response = client.post("/inovasi/baru/", FORM)
    innovation = Innovation.objects.get(name="Layanan KTP Keliling")
    assert response.status_code == 302 and response["Location"] == f"/inovasi/{innovation.pk}/"
    assert (innovation.owner_kind, innovation.area_id, innovation.office) == (
        "village",
        DESA_PINCARA,
        "",
    )
    a = answer(innovation, "16")
    response = client.post(
        f"/inovasi/{innovation.pk}/indikator/{a.pk}/",
        {"parameter": "2", "note": "Perkades 3/2022", "url": "https://contoh.id/perkades.pdf"},
    )
    a.refresh_from_db()
    assert (a.parameter, a.evidence.count()) == (2, 1)
    page = client.get(f"/inovasi/{innovation.pk}/")
    assert page.status_code == 200
    assert b'data-testid="mandatory-missing"' in page.content
    assert "17, 32, 33, 35" in page.content.decode()


def test_bad_input_on_the_page_is_explained_and_nothing_changes(assessment, operator) -> None:
    innovation = make_innovation(assessment)
    a = answer(innovation, "16")
    client = login(operator)
    url = f"/inovasi/{innovation.pk}/indikator/{a.pk}/"
    response = client.post(url, {"parameter": "7"}, follow=True)
    assert "Parameter harus 1, 2 atau 3." in response.content.decode()
    response = client.post(
        url,
        {"parameter": "1", "file": io.BytesIO(b"#!/bin/sh\nrm -rf /\n")},
        follow=True,
    )
    assert response.status_code == 200
    assert "bukan foto" in response.content.decode()
    assert not Evidence.objects.exists()
    response = client.post(f"/inovasi/{innovation.pk}/ajukan/", follow=True)
    assert "Indikator wajib belum lengkap" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.status == InnovationStatus.DRAFT


def test_photo_upload_through_the_page(assessment, operator) -> None:
    innovation = make_innovation(assessment)
    a = answer(innovation, "25")
    photo = io.BytesIO(png())
    photo.name = "spanduk.png"
    login(operator).post(
        f"/inovasi/{innovation.pk}/indikator/{a.pk}/", {"parameter": "1", "file": photo}
    )
    ev = Evidence.objects.get(answer=a)
    response = login(operator).get(f"/inovasi/bukti/{ev.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    close_response(response)


def test_other_owners_cannot_see_or_change(
    assessment, operator, other_operator, dinkes, disdik
) -> None:
    village = make_innovation(assessment)
    office = make_innovation(assessment, owner="disdik")
    a = answer(village, "16")
    # Another village: not even visible.
    assert login(other_operator).get(f"/inovasi/{village.pk}/").status_code == 404
    assert (
        login(other_operator)
        .post(f"/inovasi/{village.pk}/indikator/{a.pk}/", {"parameter": "3"})
        .status_code
        == 404
    )
    # Dinkes sees Disdik's innovation (same kabupaten) but may not change it.
    b = answer(office, "16")
    assert login(dinkes).get(f"/inovasi/{office.pk}/").status_code == 200
    assert (
        login(dinkes)
        .post(f"/inovasi/{office.pk}/indikator/{b.pk}/", {"parameter": "3"})
        .status_code
        == 403
    )
    assert login(dinkes).post(f"/inovasi/{office.pk}/ajukan/").status_code == 403
    assert (
        login(disdik)
        .post(f"/inovasi/{office.pk}/indikator/{b.pk}/", {"parameter": "3"})
        .status_code
        == 302
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.parameter is None and b.parameter == 3


def test_only_bappeda_verifies(assessment, operator, dinkes, bappeda) -> None:
    innovation = make_innovation(assessment)
    fill(innovation)
    services.innovation_submit(actor=None, innovation=innovation)
    a = answer(innovation, "16")
    for user in (operator, dinkes):
        response = login(user).post(f"/inovasi/isian/{a.pk}/verifikasi/", {"decision": "terima"})
        assert response.status_code == 403
    a.refresh_from_db()
    assert a.review == Review.PENDING
    client = login(bappeda)
    response = client.post(f"/inovasi/isian/{a.pk}/verifikasi/", {"decision": "tolak"}, follow=True)
    assert "alasan penolakan" in response.content.decode()
    client.post(
        f"/inovasi/isian/{a.pk}/verifikasi/", {"decision": "tolak", "note": "SK kedaluwarsa"}
    )
    a.refresh_from_db()
    assert (a.review, a.review_note, a.reviewed_by_id) == (
        Review.REJECTED,
        "SK kedaluwarsa",
        bappeda.pk,
    )


def test_score_page_simulation_and_exports(assessment, operator, dinkes, bappeda) -> None:
    innovation = make_innovation(assessment)
    fill(innovation)
    services.innovation_submit(actor=None, innovation=innovation)
    # (3+2+2+3+4) x 3 = 42 / 10 = 4.2 + 0.38 = 4.58 -> IID 1.832 -> 1.83.
    page = login(operator).get(f"/inovasi/penilaian/{assessment.pk}/")
    assert page.status_code == 200
    assert "IID 1,83" in page.content.decode()
    # Indicator 31 at 3 with evidence: + 9 -> 51 / 10 = 5.1 + 0.38 = 5.48 -> 2.192 -> 2.19.
    sim = login(operator).get(
        f"/inovasi/penilaian/{assessment.pk}/",
        {"inovasi": innovation.pk, "indikator": "31", "parameter": "3"},
    )
    assert "IID 1,83 → 2,19" in sim.content.decode()
    bad = login(operator).get(
        f"/inovasi/penilaian/{assessment.pk}/",
        {"inovasi": innovation.pk, "indikator": "31", "parameter": "9"},
    )
    assert b'data-testid="simulation-error"' in bad.content
    pdf = login(operator).get(f"/inovasi/{innovation.pk}/profil.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    zipped = login(operator).get(f"/inovasi/{innovation.pk}/bukti.zip")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    index = bundle.read("daftar-bukti.txt").decode()
    assert "https://contoh.id/bukti/35" in index
    # The workbook is Bappeda's, built as a job (the test backend runs it at once).
    assert login(dinkes).get(f"/inovasi/penilaian/{assessment.pk}/ekspor/").status_code == 403
    assert (
        login(dinkes).post(f"/inovasi/penilaian/{assessment.pk}/ekspor/susun/").status_code == 403
    )
    asked = login(bappeda).post(f"/inovasi/penilaian/{assessment.pk}/ekspor/susun/")
    job = assessment.workbooks.get()
    assert asked.status_code == 302 and asked["Location"] == job.get_absolute_url()
    xlsx = login(bappeda).get(f"{job.get_absolute_url()}unduh/")
    assert xlsx.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = book.read("xl/worksheets/sheet2.xml").decode()
    assert sheet.index(">16<") < sheet.index(">35<")
    close_response(xlsx)


def test_zip_bundle_holds_the_files(assessment, operator) -> None:
    innovation = make_innovation(assessment)
    a = answer(innovation, "25")
    services.answer_set(actor=None, answer=a, parameter=1)

    services.evidence_add(
        actor=None, answer=a, upload=upload("spanduk.png", png()), name="spanduk.png"
    )
    response = login(operator).get(f"/inovasi/{innovation.pk}/bukti.zip")
    assert response.streaming
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = [n for n in bundle.namelist() if n.startswith("25-")]
    assert len(files) == 1 and files[0].endswith(".jpg")
    assert bundle.read(files[0])[:3] == b"\xff\xd8\xff"


def test_public_catalogue_lists_applied_reported_innovations(assessment) -> None:
    shown = make_innovation(assessment, owner="dinkes", name="Posyandu Digital")
    fill(shown)
    services.innovation_submit(actor=None, innovation=shown)
    draft = make_innovation(assessment, name="Masih Draf")
    other = make_innovation(assessment, owner="disdik", name="Sekolah Kembali", urusan="pendidikan")
    fill(other)
    services.innovation_submit(actor=None, innovation=other)
    client = Client()
    page = client.get("/inovasi/katalog/").content.decode()
    assert "Posyandu Digital" in page and "Sekolah Kembali" in page and draft.name not in page
    page = client.get("/inovasi/katalog/", {"urusan": "pendidikan"}).content.decode()
    assert "Sekolah Kembali" in page and "Posyandu Digital" not in page
    page = client.get("/inovasi/katalog/", {"pemilik": "dinkes"}).content.decode()
    assert "Posyandu Digital" in page and "Sekolah Kembali" not in page
    page = client.get("/inovasi/katalog/", {"q": "sekolah"}).content.decode()
    assert "Sekolah Kembali" in page and "Posyandu Digital" not in page
    assert client.get(f"/inovasi/katalog/{draft.pk}/").status_code == 404
    assert client.get(f"/inovasi/katalog/{shown.pk}/").status_code == 200
    # Internal pages need a login.
    assert client.get(f"/inovasi/{shown.pk}/").status_code == 302


def test_bappeda_opens_round_fills_spd_and_closes(tree, bappeda, dinkes) -> None:
    assert login(dinkes).get("/inovasi/penilaian/buka/").status_code == 403
    client = login(bappeda)
    response = client.post("/inovasi/penilaian/buka/", {"year": "2019", "deadline": "2019-06-30"})
    assert "Belum ada metode" in response.content.decode()
    response = client.post("/inovasi/penilaian/buka/", {"year": "2023", "deadline": "2023-06-30"})
    assert response.status_code == 302
    from balai.innovation.models import Assessment

    assessment = Assessment.objects.get(kabupaten_id=KAB_LUTRA)
    spd = {a.indicator.label: a for a in assessment.answers.select_related("indicator")}
    assert (
        login(dinkes)
        .post(f"/inovasi/penilaian/{assessment.pk}/spd/{spd['8'].pk}/", {"parameter": "3"})
        .status_code
        == 403
    )
    client.post(
        f"/inovasi/penilaian/{assessment.pk}/spd/{spd['8'].pk}/",
        {"parameter": "3", "url": "https://bpk.go.id/lhp-2022"},
    )
    page = client.get(f"/inovasi/penilaian/{assessment.pk}/").content.decode()
    assert 'data-testid="spd">4,50<' in page
    client.post(f"/inovasi/penilaian/{assessment.pk}/tutup/")
    response = client.post(
        f"/inovasi/penilaian/{assessment.pk}/spd/{spd['8'].pk}/", {"parameter": "1"}, follow=True
    )
    assert "sudah ditutup" in response.content.decode()
    spd["8"].refresh_from_db()
    assert spd["8"].parameter == 3


def test_menu_reaches_the_pages(assessment, operator, bappeda, make_user) -> None:
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    for user, expected in ((operator, ["menu-innovations", "menu-iid"]), (bappeda, ["menu-spd"])):
        page = login(user).get("/").content.decode()
        for testid in [*expected, "menu-catalogue"]:
            assert f'data-testid="{testid}"' in page
    page = login(resident).get("/").content.decode()
    assert 'data-testid="menu-innovations"' not in page
    # The menu's links show the newest round: its score, and the SPD for Bappeda only.
    latest = login(operator).get("/inovasi/penilaian/terbaru/spd/")
    assert latest.status_code == 200 and latest.context["assessment"] == assessment
    assert latest.templates[0].name == "innovation/score.html"
    spd = login(bappeda).get("/inovasi/penilaian/terbaru/spd/")
    assert spd.status_code == 200 and spd.templates[0].name == "innovation/spd.html"


def test_menu_link_without_a_round_says_so(operator) -> None:
    response = login(operator).get("/inovasi/penilaian/terbaru/")
    assert response.status_code == 200
    assert "Belum ada penilaian IID" in response.content.decode()
    assert MANDATORY  # the constant the fixtures share
