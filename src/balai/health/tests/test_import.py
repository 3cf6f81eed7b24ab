"""The puskesmas service import: upload, dry run per row, commit all or nothing, access."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.accounts.roles import Office, Role
from balai.facilities.models import PointKind
from balai.facilities.services import servicepoint_create
from balai.health.models import ServiceImport, ServiceRecord
from balai.health.tests.conftest import record
from balai.indicators.testing import fact
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KAB_LUWU, close_response, login

pytestmark = pytest.mark.django_db
HEADER = "nik,layanan,tanggal,tempat\n"
IMPORT_URL = f"/kesehatan/impor/{KAB_LUTRA}/"


def upload(client, text, name="register.csv", url=IMPORT_URL):
    """Upload a register; the worker (immediate in tests) checks it; follow to its page."""
    f = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(url, {"file": f}, follow=True)


def latest():
    return ServiceImport.objects.latest("pk")


def test_dry_run_lists_every_row_then_commit_writes_them_all(dinkes, person):
    a = person(DESA_PINCARA, date(1990, 5, 17), name="BUDI SANTOSO")
    b = person(DESA_PINCARA, date(1950, 3, 1), name="SITI AMINAH")
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.PUSKESMAS,
        name="Puskesmas Masamba",
    )
    text = (
        HEADER
        + f"{a.nik},produktif,2025-03-05,puskesmas masamba\n"
        + f"{b.nik},7,05/04/2025,Posbindu Dahlia\n"
    )
    client = login(dinkes)
    response = upload(client, text)
    job = latest()
    assert response.context["job"] == job and job.status == "checked"
    rows = job.preview["rows"]
    assert [(r["status"], r["person"], r["service"]) for r in rows] == [
        ("matched", "BUDI SANTOSO", "produktif"),
        ("matched", "SITI AMINAH", "lansia"),
    ]
    assert [r["linked"] for r in rows] == [True, False]
    assert "Simpan semua" in response.content.decode()
    assert ServiceRecord.objects.count() == 0  # the dry run writes nothing
    response = client.post(f"/kesehatan/impor/berkas/{job.pk}/simpan/", follow=True)
    job.refresh_from_db()
    assert (job.status, job.created_records, job.file.name) == ("done", 2, "")
    assert "2 layanan dicatat" in response.content.decode()
    saved = ServiceRecord.objects.order_by("service_date")
    assert [(r.resident_id, r.service, r.source_id) for r in saved] == [
        (a.pk, "produktif", job.pk),
        (b.pk, "lansia", job.pk),
    ]
    assert saved[0].point is not None and saved[1].place == "Posbindu Dahlia"
    # The commit marked the facts stale; the refresh of marks counts them.
    assert fact("kesehatan.usia_produktif", DESA_PINCARA, "2025") == (1, 1)
    assert fact("kesehatan.usia_lanjut", DESA_PINCARA, "2025") == (1, 1)


def test_each_bad_row_gets_its_reason_and_nothing_is_written(dinkes, person):
    a = person(DESA_PINCARA, date(1990, 5, 17), name="BUDI SANTOSO")
    outsider = person("73.17.01.2005", date(1988, 8, 8), name="Rahasia Orang Luar")
    record(a, "lansia", date(2025, 1, 5))
    text = (
        HEADER
        + f"{a.nik},produktif,2025-03-05,\n"  # 2: fine
        + "7322039999990001,produktif,2025-03-05,\n"  # 3: unknown NIK
        + f"{outsider.nik},produktif,2025-03-05,\n"  # 4: outside the area
        + f"{a.nik},pijat,2025-03-05,\n"  # 5: bad service code
        + f"{a.nik},diabetes,2025-02-30,\n"  # 6: no such day
        + f"{a.nik},diabetes,2026-01-05,\n"  # 7: future (today is 2025-12-20)
        + f"{a.nik},produktif,2025-03-05,\n"  # 8: twice in the file
        + f"{a.nik},lansia,2025-01-05,\n"  # 9: already recorded
        + "12345,tb,2025-03-05,\n"  # 10: not a NIK
    )
    response = upload(login(dinkes), text)
    job = latest()
    rows = {r["line"]: r for r in job.preview["rows"]}
    assert {line: r["status"] for line, r in rows.items()} == {
        2: "matched",
        3: "unknown_nik",
        4: "outside_area",
        5: "bad_service",
        6: "bad_date",
        7: "future_date",
        8: "duplicate",
        9: "duplicate",
        10: "bad_nik",
    }
    page = response.content.decode()
    assert "di luar wilayah Anda" in page
    assert "RAHASIA" not in page and outsider.nik not in page  # never who it is
    assert (
        rows[4]["person"] == ""
        and rows[4]["nik"] == outsider.nik[:6] + "******" + outsider.nik[-4:]
    )
    assert "Simpan semua" not in page
    assert ServiceRecord.objects.count() == 1  # only the record made before
    response = login(dinkes).post(f"/kesehatan/impor/berkas/{job.pk}/simpan/", follow=True)
    assert ServiceRecord.objects.count() == 1


def test_commit_rechecks_so_a_second_file_of_the_same_rows_fails_whole(dinkes, person):
    a = person(DESA_PINCARA, date(1990, 5, 17))
    client = login(dinkes)
    text = HEADER + f"{a.nik},produktif,2025-03-05,\n"
    upload(client, text)
    first = latest()
    upload(client, text)
    second = latest()
    client.post(f"/kesehatan/impor/berkas/{first.pk}/simpan/")
    again = client.post(f"/kesehatan/impor/berkas/{first.pk}/simpan/", follow=True)
    assert "sudah selesai" in again.content.decode()
    response = client.post(f"/kesehatan/impor/berkas/{second.pk}/simpan/", follow=True)
    second.refresh_from_db()
    assert second.status == "failed" and "tidak ada yang disimpan" in second.error
    assert "tidak ada yang disimpan" in response.content.decode()
    assert ServiceRecord.objects.count() == 1


def test_xlsx_with_date_cells_is_read(dinkes, person):
    from io import BytesIO

    from openpyxl import Workbook

    a = person(DESA_PINCARA, date(1990, 5, 17))
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "Layanan", "Tanggal"])
    sheet.append([a.nik, "hipertensi", date(2025, 3, 5)])
    buf = BytesIO()
    book.save(buf)
    f = SimpleUploadedFile("register.xlsx", buf.getvalue())
    login(dinkes).post(IMPORT_URL, {"file": f})
    job = latest()
    assert job.status == "checked"
    assert [(r["status"], r["date"]) for r in job.preview["rows"]] == [("matched", "2025-03-05")]


def test_unusable_files_fail_with_a_reason_and_can_be_retried_or_discarded(dinkes):
    client = login(dinkes)
    response = upload(client, "a,b\n1,2\n")
    job = latest()
    assert job.status == "failed" and "Header harus memuat" in job.error
    assert "Header harus memuat" in response.content.decode()
    assert job.file.name == ""  # a refused file is not kept
    response = upload(client, "x", name="register.pdf")
    assert ".csv atau .xlsx" in response.content.decode()
    assert ServiceImport.objects.count() == 1
    response = client.post(f"/kesehatan/impor/berkas/{job.pk}/ulangi/", follow=True)
    assert "sudah dihapus" in response.content.decode()


def test_a_worker_crash_ends_failed_and_the_retry_runs_again(dinkes, person, monkeypatch):
    from balai.health import imports

    a = person(DESA_PINCARA, date(1990, 5, 17))
    real = imports.check_rows

    def boom(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(imports, "check_rows", boom)
    client = login(dinkes)
    upload(client, HEADER + f"{a.nik},produktif,2025-03-05,\n")  # the task backend logs it
    job = latest()
    assert job.status == "failed" and "disk penuh" in job.error and job.can_retry
    monkeypatch.setattr(imports, "check_rows", real)
    client.post(f"/kesehatan/impor/berkas/{job.pk}/ulangi/")
    job.refresh_from_db()
    assert job.status == "checked" and job.preview["ok"]


def test_the_sweep_fails_a_dead_health_import_and_deletes_old_uploads(dinkes, person):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    a = person(DESA_PINCARA, date(1990, 5, 17))
    client = login(dinkes)
    upload(client, HEADER + f"{a.nik},produktif,2025-03-05,\n")
    old = latest()
    upload(client, HEADER + f"{a.nik},produktif,2025-03-06,\n")
    dead = latest()
    old_name = old.file.name
    assert old.status == dead.status == "checked" and old_name
    long_ago = timezone.now() - dt.timedelta(days=8)
    ServiceImport.objects.filter(pk=old.pk).update(updated_at=long_ago)
    ServiceImport.objects.filter(pk=dead.pk).update(
        status="checking", updated_at=timezone.now() - dt.timedelta(minutes=30)
    )
    call_command("imports_sweep")
    old.refresh_from_db()
    dead.refresh_from_db()
    assert old.file.name == "" and not old.file.storage.exists(old_name)
    assert dead.status == "failed" and dead.file.name  # kept for a retry
    assert "berhenti tanpa kemajuan" in dead.error


def test_template_download_and_job_list(dinkes):
    client = login(dinkes)
    response = client.get("/kesehatan/impor/templat.csv")
    assert response["Content-Disposition"].endswith('templat-layanan-kesehatan.csv"')
    assert response.content.decode().startswith("nik,layanan,tanggal,tempat")
    close_response(response)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200 and "anc" in page.content.decode()


def test_roles_without_the_health_office_cannot_import(make_user, operator, person):
    a = person(DESA_PINCARA, date(1990, 5, 17))
    text = HEADER + f"{a.nik},produktif,2025-03-05,\n"
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD, username="dpmd")
    for user in (operator, dpmd):
        assert login(user).get(IMPORT_URL).status_code == 403
        assert upload(login(user), text).status_code == 403
        assert login(user).get("/kesehatan/impor/templat.csv").status_code == 403
    assert ServiceImport.objects.count() == 0


def test_another_kabupatens_health_office_sees_neither_the_page_nor_the_job(
    make_user, dinkes, person
):
    a = person(DESA_PINCARA, date(1990, 5, 17))
    upload(login(dinkes), HEADER + f"{a.nik},produktif,2025-03-05,\n")
    job = latest()
    luwu = make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office=Office.DINKES, username="dinkes_luwu")
    client = login(luwu)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(f"/kesehatan/impor/berkas/{job.pk}/").status_code == 404
    assert client.post(f"/kesehatan/impor/berkas/{job.pk}/simpan/").status_code == 404
    job.refresh_from_db()
    assert job.status == "checked" and ServiceRecord.objects.count() == 0


def test_the_api_reports_an_imports_status_in_scope_only(make_user, dinkes, person, csrf_client):
    a = person(DESA_PINCARA, date(1990, 5, 17))
    upload(login(dinkes), HEADER + f"{a.nik},produktif,2025-03-05,\n9,tb,2025-01-01,\n")
    job = latest()
    csrf_client.force_login(dinkes)
    body = csrf_client.get(f"/api/v1/health/imports/{job.pk}").json()
    assert (body["status"], body["rows"], body["rows_with_problems"]) == ("checked", 2, 1)
    assert body["by_status"] == {"matched": 1, "bad_nik": 1}
    luwu = make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office=Office.DINKES, username="dinkes_luwu")
    csrf_client.force_login(luwu)
    assert csrf_client.get(f"/api/v1/health/imports/{job.pk}").status_code == 404
