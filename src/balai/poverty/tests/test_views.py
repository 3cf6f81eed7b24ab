"""Pages: who sees figures, who sees names, bad input, the musdes round and extreme-poverty cases."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from balai.accounts.roles import Office, Role
from balai.core.import_jobs import JobStatus
from balai.indicators.periods import parse_period
from balai.letters.models import ResidentAccount
from balai.letters.services.requests import letter_request_create
from balai.poverty import exports as poverty_exports
from balai.poverty import selectors, services
from balai.poverty.models import (
    CaseStatus,
    DecisionImport,
    ExtremeCase,
    Programme,
    Proposal,
    ProposalEvidence,
    ProposalStatus,
    Recipient,
    RoundStatus,
    VerificationRound,
)
from balai.poverty.tests.conftest import World
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MASAMBA,
    MakeUser,
    close_response,
    login,
)


def test_operator_sees_checks_and_names_of_own_village(world: World) -> None:
    client = login(world.actor)
    page = client.get(f"/kemiskinan/desa/{DESA_PINCARA}/")
    assert page.status_code == 200
    assert 'data-testid="check-pkh-meninggal"><a href' in page.text
    names = client.get(f"/kemiskinan/desa/{DESA_PINCARA}/daftar/{world.pkh.pk}/meninggal/")
    assert names.status_code == 200
    assert "KEPALA E" in names.text
    assert "KEPALA A" not in names.text
    xlsx = client.get(
        f"/kemiskinan/desa/{DESA_PINCARA}/daftar/{world.pkh.pk}/eksklusi/?format=xlsx"
    )
    assert xlsx.status_code == 200
    body = b"".join(xlsx.streaming_content)  # type: ignore[attr-defined]
    close_response(xlsx)
    assert b"KEPALA B" in zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")


def test_other_village_operator_is_refused_and_sees_no_names(
    world: World, make_user: MakeUser
) -> None:
    other = login(make_user(Role.VILLAGE_OPERATOR, "73.22.01.2001"))
    assert other.get(f"/kemiskinan/desa/{DESA_PINCARA}/").status_code == 403
    url = f"/kemiskinan/desa/{DESA_PINCARA}/daftar/{world.pkh.pk}/meninggal/"
    assert other.get(url).status_code == 403
    before = Recipient.objects.count()
    removed = other.post(
        f"/kemiskinan/penerima/{Recipient.objects.first().pk}/hapus/",  # type: ignore[union-attr]
        {"reason": "bukan warga"},
    )
    assert removed.status_code == 404
    assert Recipient.objects.count() == before


def test_kabupaten_staff_outside_dinsos_sees_figures_not_names(
    world: World, make_user: MakeUser, dinsos: object
) -> None:
    dpmd = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD))
    assert dpmd.get(f"/kemiskinan/desa/{DESA_PINCARA}/").status_code == 200
    url = f"/kemiskinan/desa/{DESA_PINCARA}/daftar/{world.pkh.pk}/meninggal/"
    assert dpmd.get(url).status_code == 403
    assert login(dinsos).get(url).status_code == 200  # type: ignore[arg-type]
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(url).status_code == 200


def test_contradicting_programme_rule_is_refused_with_a_message(
    world: World, dinsos: object
) -> None:
    client = login(dinsos)  # type: ignore[arg-type]
    page = client.post(
        f"/kemiskinan/program/{KAB_LUTRA}/",
        {
            "code": "bansos-daerah",
            "name": "Bansos Daerah",
            "unit": "family",
            "fund_source": 3,
            "start": "2026-01-01",
            "desil_min": 5,
            "desil_max": 2,
            "exclude_officials": "on",
            "is_active": "on",
        },
    )
    assert page.status_code == 200
    assert "desil tertinggi (2) lebih kecil dari desil terendah (5)" in page.text
    assert not Programme.objects.filter(code="bansos-daerah").exists()
    page = client.post(
        f"/kemiskinan/program/{KAB_LUTRA}/",
        {
            "code": "x",
            "name": "X",
            "unit": "family",
            "fund_source": 3,
            "start": "2026-01-01",
            "desil_max": 11,
        },
    )
    assert "Desil harus 1 sampai 10." in page.text
    assert not Programme.objects.filter(code="x").exists()


def test_village_operator_cannot_create_kabupaten_programmes(world: World) -> None:
    client = login(world.actor)
    page = client.get(f"/kemiskinan/program/{DESA_PINCARA}/")
    assert page.status_code == 200
    assert "PKH" in page.text
    refused = client.post(f"/kemiskinan/program/{KAB_LUTRA}/", {"code": "y", "name": "Y"})
    assert refused.status_code == 403
    assert not Programme.objects.filter(code="y").exists()


def test_public_page_suppresses_small_cells_and_names_nobody(world: World, client: object) -> None:
    page = client.get(f"/kemiskinan/publik/{KEC_MASAMBA}/")  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert "&lt;5" in page.text
    assert "KEPALA" not in page.text


def test_resident_sees_own_household_only(world: World, make_user: MakeUser) -> None:
    user = make_user(Role.RESIDENT, DESA_PINCARA)
    ResidentAccount.objects.create(resident=world.people["a_child"], user=user)
    page = login(user).get("/kemiskinan/saya/")
    assert page.status_code == 200
    assert "desil 1" in page.text
    assert "PKH (KEPALA A)" in page.text
    assert "KEPALA C" not in page.text
    assert login(world.actor).get("/kemiskinan/saya/").status_code == 404


def test_sktm_request_warns_when_the_family_is_not_in_the_register(world: World) -> None:
    from balai.registry.tests.factories import make_family, make_resident

    newcomer = make_resident(DESA_PINCARA, name="TANPA DTSEN", family=make_family(DESA_PINCARA))
    item = letter_request_create(
        actor=world.actor,
        village=world.village,
        letter_type="sktm",
        subject=newcomer,
        data={},
        purpose="berobat",
    )
    page = login(world.actor).get(f"/layanan/permohonan/{item.pk}/")
    assert 'data-testid="request-warning"' in page.text
    listed = letter_request_create(
        actor=world.actor,
        village=world.village,
        letter_type="sktm",
        subject=world.people["b_head"],
        data={},
        purpose="berobat",
    )
    assert (
        'data-testid="request-warning"'
        not in login(world.actor).get(f"/layanan/permohonan/{listed.pk}/").text
    )


def test_musdes_round_from_proposal_to_dinsos_decision(world: World, dinsos: object) -> None:
    client = login(world.actor)
    made = client.post(
        f"/kemiskinan/musdes/{DESA_PINCARA}/",
        {"title": "Musdes verifikasi Q3", "meeting_date": "2026-09-10", "attendees": 0},
    )
    item = VerificationRound.objects.get()
    assert made.status_code == 302
    url = f"/kemiskinan/musdes/putaran/{item.pk}/"
    client.post(
        url,
        {
            "kind": "add",
            "nik": world.people["b_head"].nik,
            "programme": world.pkh.pk,
            "reason": "layak PKH",
            "evidence": "kunjungan rumah",
        },
    )
    client.post(
        url,
        {
            "kind": "remove",
            "nik": world.people["c_head"].nik,
            "programme": world.pkh.pk,
            "reason": "mampu",
            "evidence": "rumah permanen, mobil",
        },
    )
    assert item.proposals.count() == 2
    held = client.post(f"{url}status/", {"ke": "held"}, follow=True)
    assert "Isi pimpinan dan jumlah peserta musdes" in held.text
    item.refresh_from_db()
    assert item.status == RoundStatus.DRAFT
    services.round_update(actor=None, item=item, chair="Ketua BPD", attendees=25)
    client.post(f"{url}status/", {"ke": "held"})
    client.post(f"{url}status/", {"ke": "sent"})
    item.refresh_from_db()
    assert item.status == RoundStatus.SENT
    pdf = client.get(f"{url}berkas.pdf")
    assert pdf.content[:4] == b"%PDF"
    xlsx = client.get(f"{url}berkas.xlsx")
    assert xlsx.status_code == 200
    close_response(xlsx)

    decider = login(dinsos)  # type: ignore[arg-type]
    bad = f"nik,program,status,alasan\n{world.people['b_head'].nik},pkh,diterima,\n{world.people['c_head'].nik},pkh,ditolak,\n"
    page = decider.post(
        f"{url}keputusan/", {"file": SimpleUploadedFile("hasil.csv", bad.encode())}, follow=True
    )
    # The worker checked the file: the refused row is listed, nothing can be saved.
    assert "Baris 3: penolakan harus disertai alasan." in page.text
    refused = DecisionImport.objects.get()
    assert refused.status == JobStatus.CHECKED
    assert refused.preview["errors"] == 1 and not refused.can_commit
    assert 'data-testid="decision-job-commit"' not in page.text
    assert not Proposal.objects.exclude(status=ProposalStatus.SUBMITTED).exists()
    good = bad.replace("ditolak,", "ditolak,masih miskin menurut verval")
    page = decider.post(
        f"{url}keputusan/", {"file": SimpleUploadedFile("hasil.csv", good.encode())}, follow=True
    )
    job = DecisionImport.objects.latest("pk")
    assert job.preview["decided"] == 2 and job.can_commit
    assert 'data-testid="decision-job-commit"' in page.text
    assert not Proposal.objects.exclude(status=ProposalStatus.SUBMITTED).exists()
    decider.post(f"/kemiskinan/impor/keputusan/berkas/{job.pk}/simpan/")
    job.refresh_from_db()
    assert (job.status, job.written) == (JobStatus.DONE, 2)
    item.refresh_from_db()
    assert item.status == RoundStatus.CLOSED
    assert dict(item.proposals.values_list("kind", "status")) == {
        "add": ProposalStatus.ACCEPTED,
        "remove": ProposalStatus.REJECTED,
    }
    # The operator cannot decide for Dinsos, nor see or run Dinsos' import.
    assert client.post(f"{url}keputusan/", {}).status_code == 403
    assert client.post(f"/kemiskinan/impor/keputusan/berkas/{job.pk}/buang/").status_code == 403


def test_extreme_case_graduates_only_when_the_rule_is_met(world: World) -> None:
    client = login(world.actor)
    client.post(f"/kemiskinan/ekstrem/{DESA_PINCARA}/")
    case = ExtremeCase.objects.get()
    assert case.family_id == world.people["a_head"].family_id
    url = f"/kemiskinan/ekstrem/kasus/{case.pk}/"
    needs = dict.fromkeys(
        ("food", "water", "sanitation", "health", "shelter", "education", "information"), "on"
    )
    client.post(
        f"{url}kunjungan/",
        {"visit_date": "2026-09-15", "monthly_income": 600000, "members": 2, **needs},
    )
    refused = client.post(f"{url}graduasi/", follow=True)
    assert "di bawah garis" in refused.text  # 600,000 / 2 / 30 = Rp10,000 < Rp11,605
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    bad = client.post(
        f"{url}intervensi/",
        {"description": "RTLH", "kegiatan_code": "bedah rumah", "start_date": "2026-09-15"},
        follow=True,
    )
    assert "Kode kegiatan ditulis seperti 02.04.01" in bad.text
    client.post(
        f"{url}intervensi/",
        {
            "description": "RTLH",
            "kegiatan_code": "02.04.01",
            "amount": 15000000,
            "start_date": "2026-09-15",
        },
    )
    client.post(
        f"{url}kunjungan/",
        {"visit_date": "2026-09-15", "monthly_income": 900000, "members": 2, **needs},
    )
    client.post(f"{url}graduasi/")
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED
    assert case.closed_on == date(2026, 9, 15)
    assert case.interventions.get().kegiatan_code == "02.04.01"


def test_quarterly_report_counts_and_access(world: World, dinsos: object) -> None:
    services.cases_open_for_pool(actor=None, village=world.village)
    page = login(dinsos).get(f"/kemiskinan/laporan/{KAB_LUTRA}/?periode=2026-Q3")  # type: ignore[arg-type]
    assert page.status_code == 200
    assert "Triwulan III 2026" in page.text
    assert login(dinsos).get(f"/kemiskinan/laporan/{KAB_LUTRA}/?periode=2099-Q1").status_code == 200  # type: ignore[arg-type]
    assert login(world.actor).get(f"/kemiskinan/laporan/{KAB_LUTRA}/").status_code == 403


def test_quarterly_report_as_pdf_lists_every_village_with_totals(
    world: World, dinsos: object
) -> None:
    services.cases_open_for_pool(actor=None, village=world.village)
    rows = selectors.quarterly_report(within=KAB_LUTRA, period=parse_period("2026-Q3"))
    source = poverty_exports.quarterly_typst(rows, title="LAPORAN UJI", area_name="Luwu Utara")
    assert '"Pincara"' in source
    pincara = next(r for r in rows if r["area"].code == DESA_PINCARA)
    assert pincara["opened"] == 1  # family A (desil 1) opened this quarter
    assert '"LAPORAN UJI"' in source
    client = login(dinsos)  # type: ignore[arg-type]
    pdf = client.get(f"/kemiskinan/laporan/{KAB_LUTRA}/?periode=2026-Q3&format=pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    page = client.get(f"/kemiskinan/laporan/{KAB_LUTRA}/?periode=2026-Q3")
    assert 'data-testid="quarterly-pdf"' in page.text
    # A bad period gives the page with its message, never a PDF of another quarter.
    bad = client.get(f"/kemiskinan/laporan/{KAB_LUTRA}/?periode=2099-Q1&format=pdf")
    assert bad.status_code == 200
    assert bad["Content-Type"].startswith("text/html")


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x0110] = "ModelUji"  # Model
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_proposal_evidence_is_checked_stripped_and_shown_to_staff_only(
    world: World, dinsos: object, make_user: MakeUser
) -> None:
    item = services.round_create(
        actor=None, village=world.village, title="Musdes Q3", meeting_date=date(2026, 9, 10)
    )
    client = login(world.actor)
    url = f"/kemiskinan/musdes/putaran/{item.pk}/"
    proposal = {
        "kind": "add",
        "nik": world.people["b_head"].nik,
        "programme": world.pkh.pk,
        "reason": "layak PKH",
        "evidence": "kunjungan rumah",
    }
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 program", content_type="image/jpeg")
    page = client.post(url, {**proposal, "evidence_file": fake})
    assert page.status_code == 200
    assert "bukan foto (JPEG/PNG/WebP) atau PDF" in page.text
    assert not Proposal.objects.exists()  # nothing half-written
    photo = SimpleUploadedFile("rumah.jpg", _photo_with_exif(), content_type="image/jpeg")
    assert b"KameraUji" in photo.read()
    photo.seek(0)
    assert client.post(url, {**proposal, "evidence_file": photo}).status_code == 302
    stored = ProposalEvidence.objects.get()
    assert stored.proposal.reason == "layak PKH"
    assert stored.content_type == "image/jpeg"
    content = stored.file.read()
    assert b"KameraUji" not in content and not Image.open(io.BytesIO(content)).getexif()
    assert f'href="/kemiskinan/musdes/bukti/{stored.pk}/"' in client.get(url).text
    seen = login(dinsos).get(f"/kemiskinan/musdes/bukti/{stored.pk}/")  # type: ignore[arg-type]
    assert seen.status_code == 200
    assert seen["Content-Type"] == "image/jpeg"
    close_response(seen)
    assert LogEntry.objects.filter(additional_data__purpose="poverty.proposal_evidence").exists()
    other = make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG, username="op_pattimang")
    assert login(other).get(f"/kemiskinan/musdes/bukti/{stored.pk}/").status_code in (403, 404)
