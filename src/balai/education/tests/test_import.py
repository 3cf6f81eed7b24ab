"""The school roll import: dry run per row, commit all or nothing, job life, access."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.accounts.roles import Office, Role
from balai.education import import_jobs, imports
from balai.education.models import Enrolment, RollImport
from balai.indicators.testing import fact
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db

HEADER = "nik,npsn,kode_sarana,jenjang,tahun_ajaran,nama\n"


def child(area: str, born: date, name: str):
    return make_resident(area, name=name, birth_date=born, relation=codes.FamilyRelation.CHILD)


def upload(client, code, text, name="murid.csv"):
    """Upload a roll; the worker (immediate in tests) checks it; follow to its page."""
    f = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(f"/pendidikan/impor/{code}/", {"file": f}, follow=True)


def latest_job() -> RollImport:
    return RollImport.objects.latest("pk")


@pytest.fixture
def kids(schools):
    return {
        "budi": child(DESA_PINCARA, date(2018, 1, 10), "BUDI PINCARA"),  # 8
        "tua": child(DESA_PINCARA, date(2009, 1, 1), "TUA PINCARA"),  # 17
        "ana": child(DESA_PINCARA, date(2012, 5, 5), "ANA PINCARA"),  # 14
        "luar": child(DESA_PATTIMANG, date(2016, 4, 4), "RAHASIA PATTIMANG"),  # 10
    }


def test_dry_run_classifies_every_row_and_writes_nothing(operator, kids, schools):
    sd = schools["sd"]
    text = (
        HEADER
        + f"{kids['budi'].nik},40300002,,sd,2026/2027,Budi\n"  # 2 matched
        + "7322039999999999,40300002,,sd,2026/2027,\n"  # 3 unknown NIK
        + f"{kids['luar'].nik},40300006,,sd,2026/2027,\n"  # 4 outside the village
        + f"{kids['budi'].nik},,{sd.pk},sd,2026/2027,\n"  # 5 duplicate of line 2
        + f"{kids['ana'].nik},99999999,,smp,2026/2027,\n"  # 6 unknown school
        + f"{kids['tua'].nik},40300002,,sd,2026,\n"  # 7 matched, age warning
        + f"{kids['ana'].nik},40300002,,smp,2026/2027,\n"  # 8 school not of that level
        + f"{kids['ana'].nik},40300003,,smp,2026/2028,\n"  # 9 bad school year
    )
    response = upload(login(operator), DESA_PINCARA, text)
    job = latest_job()
    assert job.status == "checked" and job.area_id == DESA_PINCARA
    rows = {r["line"]: r for r in job.preview["rows"]}
    assert {line: r["status"] for line, r in rows.items()} == {
        2: "matched",
        3: "unknown_nik",
        4: "outside",
        5: "duplicate",
        6: "unknown_school",
        7: "matched",
        8: "invalid",
        9: "invalid",
    }
    assert job.preview["counts"] == {
        "matched": 2,
        "unknown_nik": 1,
        "outside": 1,
        "duplicate": 1,
        "unknown_school": 1,
        "invalid": 2,
    }
    assert job.preview["unknown_schools"] == ["99999999"]
    assert rows[2]["child"] == "BUDI PINCARA" and rows[2]["warnings"] == []
    assert "17 tahun" in rows[7]["warnings"][0]
    # The child outside the caller's area is never named, on the page or in the job.
    assert rows[4]["child"] == "" and "RAHASIA" not in str(job.preview)
    page = response.content.decode()
    assert "RAHASIA" not in page and "99999999" in page
    assert "Simpan semua" not in page
    assert Enrolment.objects.count() == 0


def test_commit_writes_all_rows_and_refreshes_the_facts(operator, kids, schools):
    client = login(operator)
    text = (
        HEADER
        + f"{kids['budi'].nik},40300002,,SD,2026/2027,\n"
        + f"{kids['ana'].nik},,{schools['smp'].pk},mts,2026-2027,\n"
    )
    response = upload(client, DESA_PINCARA, text)
    job = latest_job()
    assert job.can_commit and "Simpan semua" in response.content.decode()
    assert fact("pendidikan.usia_13_15", DESA_PINCARA, "2026") == (0, 1)
    response = client.post(f"/pendidikan/impor/berkas/{job.pk}/simpan/", follow=True)
    job.refresh_from_db()
    assert (job.status, job.written, job.file.name) == ("done", 2, "")
    assert "2 murid disimpan." in response.content.decode()
    got = set(Enrolment.objects.values_list("resident__name", "level", "school_year", "source"))
    assert got == {("BUDI PINCARA", "sd", 2026, job.pk), ("ANA PINCARA", "smp", 2026, job.pk)}
    assert fact("pendidikan.usia_13_15", DESA_PINCARA, "2026") == (1, 1)
    assert fact("pendidikan.usia_7_12", DESA_PINCARA, "2026") == (1, 1)
    # A second commit is refused and changes nothing.
    response = client.post(f"/pendidikan/impor/berkas/{job.pk}/simpan/", follow=True)
    assert "sudah selesai disimpan" in response.content.decode()
    assert Enrolment.objects.count() == 2
    # Uploading the same roll again: every row is already recorded.
    upload(client, DESA_PINCARA, text)
    assert latest_job().preview["counts"] == {"unchanged": 2}


def test_commit_rechecks_and_writes_nothing_when_a_row_went_bad(operator, kids, schools):
    client = login(operator)
    upload(client, DESA_PINCARA, HEADER + f"{kids['budi'].nik},40300002,,sd,2026/2027,\n")
    job = latest_job()
    from balai.facilities.services import servicepoint_update

    servicepoint_update(actor=None, point=schools["sd"], is_active=False)
    client.post(f"/pendidikan/impor/berkas/{job.pk}/simpan/")
    job.refresh_from_db()
    assert job.status == "failed" and "tidak ada yang disimpan" in job.error
    assert Enrolment.objects.count() == 0


def test_a_broken_file_fails_with_a_reason_and_can_be_retried_until_discarded(operator, kids):
    client = login(operator)
    upload(client, DESA_PINCARA, "nama,kelas\nBudi,3\n")
    job = latest_job()
    assert job.status == "failed" and "Header harus memuat nik" in job.error
    assert not job.can_retry  # a refused file is deleted at once
    bad = SimpleUploadedFile("murid.xlsx", b"not a zip", content_type="application/octet-stream")
    client.post(f"/pendidikan/impor/{DESA_PINCARA}/", {"file": bad})
    job = latest_job()
    assert job.status == "failed" and "bukan lembar kerja XLSX" in job.error
    assert Enrolment.objects.count() == 0


def test_a_crashed_check_ends_failed_and_a_retry_runs_it_again(operator, kids, monkeypatch):
    client = login(operator)
    real = import_jobs.KIND
    monkeypatch.setattr(import_jobs, "KIND", replace(real, check=lambda job, raw: 1 / 0))
    upload(client, DESA_PINCARA, HEADER + f"{kids['budi'].nik},40300002,,sd,2026/2027,\n")
    job = latest_job()
    assert job.status == "failed" and "Kesalahan tak terduga" in job.error and job.can_retry
    monkeypatch.setattr(import_jobs, "KIND", real)
    client.post(f"/pendidikan/impor/berkas/{job.pk}/ulangi/")
    job.refresh_from_db()
    assert job.status == "checked" and job.preview["counts"] == {"matched": 1}
    client.post(f"/pendidikan/impor/berkas/{job.pk}/buang/")
    job.refresh_from_db()
    assert job.status == "discarded" and job.file.name == ""


def test_the_education_office_imports_for_the_kabupaten(make_user, kids):
    disdik = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DISDIK)
    text = (
        HEADER
        + f"{kids['budi'].nik},40300002,,sd,2026/2027,\n"
        + f"{kids['luar'].nik},40300006,,sd,2026/2027,\n"
    )
    upload(login(disdik), KAB_LUTRA, text)
    assert latest_job().preview["counts"] == {"matched": 2}


def test_other_offices_and_the_kecamatan_may_not_import(make_user, kids):
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD)
    staff = make_user(Role.KECAMATAN_STAFF, KEC_MASAMBA)
    text = HEADER + f"{kids['budi'].nik},40300002,,sd,2026/2027,\n"
    for user, code in ((dpmd, KAB_LUTRA), (staff, KEC_MASAMBA)):
        response = upload(login(user), code, text)
        assert response.status_code == 403
    assert RollImport.objects.count() == 0


def test_jobs_of_another_village_are_not_found_and_nothing_changes(operator, other_operator, kids):
    upload(login(operator), DESA_PINCARA, HEADER + f"{kids['budi'].nik},40300002,,sd,2026,\n")
    job = latest_job()
    other = login(other_operator)
    assert upload(other, DESA_PINCARA, HEADER).status_code == 403
    assert other.get(f"/pendidikan/impor/berkas/{job.pk}/").status_code == 404
    assert other.post(f"/pendidikan/impor/berkas/{job.pk}/simpan/").status_code == 404
    job.refresh_from_db()
    assert job.status == "checked" and Enrolment.objects.count() == 0
    uploads = LogEntry.objects.filter(additional_data__event="education.import_uploaded")
    assert uploads.count() == 1


def test_templates_download_with_the_documented_columns(operator):
    client = login(operator)
    response = client.get("/pendidikan/impor/templat.csv")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == ",".join(imports.COLUMNS)
    response = client.get("/pendidikan/impor/templat.xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"
    raw = imports.read_upload("templat.xlsx", body)
    assert raw == [(2, dict(zip(imports.COLUMNS, imports.EXAMPLE, strict=True)))]
    assert client.get("/pendidikan/impor/templat.pdf").status_code == 404
