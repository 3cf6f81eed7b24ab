from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.indicators.testing import fact
from balai.posyandu import imports
from balai.posyandu.models import ChildVisit, VisitImport
from conftest import DESA_PINCARA, login

pytestmark = pytest.mark.django_db

HEADER = "nik,nama,tanggal_lahir,nama_ibu,tanggal_kunjungan,berat_kg,panjang_cm,cara_ukur,edema\n"


def upload(client, posyandu, text, name="ukur.csv"):
    """Upload a sheet; the worker (immediate in tests) checks it; follow to its page."""
    f = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(f"/posyandu/{posyandu.pk}/impor/", {"file": f}, follow=True)


def latest_job():
    return VisitImport.objects.latest("pk")


def test_dry_run_then_commit_writes_all_rows_in_one_go(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10), name="Budi", mother_name="Siti")
    b = make_child(posyandu, date(2024, 2, 10), name="Ani", mother_name="Rina")
    text = (
        HEADER
        + f'{a.nik},,,,2025-03-05,"9,2",74.5,L,n\n'
        + ",Ani,10-02-2024,rina,05/03/2025,8.9,,,\n"
    )
    client = login(operator)
    response = upload(client, posyandu, text)
    job = latest_job()
    assert response.context["job"] == job and job.status == "checked"
    assert [r["ok"] for r in job.preview["rows"]] == [True, True]
    assert [r["child"] for r in job.preview["rows"]] == [a.name, b.name]
    assert "Simpan semua" in response.content.decode()
    assert ChildVisit.objects.count() == 0  # dry run writes nothing
    response = client.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/simpan/")
    assert response["Location"] == f"/posyandu/{posyandu.pk}/"
    job.refresh_from_db()
    assert (job.status, job.created_visits, job.file.name) == ("done", 2, "")
    assert ChildVisit.objects.count() == 2
    assert ChildVisit.objects.get(resident=a).zlen is not None
    assert fact("posyandu.cakupan", DESA_PINCARA, "2025-03")[0] == 2


def test_rows_with_errors_are_listed_by_line_and_nothing_is_written(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10), name="Budi", mother_name="Siti")
    text = (
        HEADER
        + f"{a.nik},,,,2025-03-05,9.2,74.5,L,n\n"
        + "9999999999999999,,,,2025-03-05,9,,,\n"
        + f"{a.nik},,,,2025-03-06,0,,,\n"
        + f"{a.nik},,,,2099-03-06,9,,,\n"
        + ",Tono,2024-01-01,,2025-03-05,9,,,\n"
        + f"{a.nik},,,,2025-03-05,abc,,X,maybe\n"
    )
    response = upload(login(operator), posyandu, text)
    rows = latest_job().preview["rows"]
    assert [r["line"] for r in rows if not r["ok"]] == [3, 4, 5, 6, 7]
    messages = {r["line"]: " ".join(r["errors"]) for r in rows}
    assert "tidak ada di data penduduk" in messages[3]
    assert "lebih dari 0" in messages[4]
    assert "masa depan" in messages[5]
    assert "nama ibu" in messages[6]
    assert "harus angka" in messages[7] and "cara_ukur" in messages[7]
    assert "Simpan semua" not in response.content.decode()
    assert ChildVisit.objects.count() == 0


def test_commit_rechecks_and_a_second_commit_is_refused(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10))
    client = login(operator)
    upload(client, posyandu, HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n")
    first = latest_job()
    upload(client, posyandu, HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n")
    second = latest_job()
    client.post(f"/posyandu/{posyandu.pk}/impor/{first.pk}/simpan/")
    again = client.post(f"/posyandu/{posyandu.pk}/impor/{first.pk}/simpan/", follow=True)
    assert "sudah selesai" in again.content.decode()
    # The second file was checked before the first was saved: its commit re-checks.
    response = client.post(f"/posyandu/{posyandu.pk}/impor/{second.pk}/simpan/", follow=True)
    second.refresh_from_db()
    assert second.status == "failed" and "tidak ada yang disimpan" in second.error
    assert "tidak ada yang disimpan" in response.content.decode()
    assert ChildVisit.objects.count() == 1


def test_xlsx_upload_with_date_cells(operator, posyandu, make_child):
    from io import BytesIO

    from openpyxl import Workbook

    a = make_child(posyandu, date(2024, 1, 10))
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "tanggal_kunjungan", "berat_kg"])
    sheet.append([a.nik, date(2025, 3, 5), 9.2])
    buf = BytesIO()
    book.save(buf)
    preview = imports.preview(posyandu, "ukur.xlsx", buf.getvalue())
    assert [r.ok for r in preview.rows] == [True]
    assert [r.data.visit_date for r in preview.rows] == [date(2025, 3, 5)]


def test_unusable_files_are_clear_messages(operator, posyandu):
    client = login(operator)
    response = upload(client, posyandu, "a,b\n1,2\n")
    assert "Header harus memuat" in response.content.decode()
    assert latest_job().status == "failed" and latest_job().file.name == ""
    response = upload(client, posyandu, "x", name="ukur.pdf")
    assert ".csv atau .xlsx" in response.content.decode()
    assert VisitImport.objects.count() == 1  # the PDF was refused before being stored


def test_template_download_and_cadre_of_other_posyandu_is_denied(
    make_user, operator, posyandu, other_posyandu
):
    from balai.accounts.roles import Role
    from balai.posyandu import services

    assert (
        login(operator)
        .get(f"/posyandu/{posyandu.pk}/impor/?templat=1")
        .content.decode()
        .startswith("nik,nama")
    )
    other = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_x")
    services.cadre_link(actor=None, posyandu=other_posyandu, user=other)
    assert login(other).get(f"/posyandu/{posyandu.pk}/impor/").status_code == 404


def test_a_bomb_sheet_fails_with_a_reason_and_is_not_kept(operator, posyandu):
    from balai.core.tests.test_spreadsheets import huge_shared_string, xlsx

    f = SimpleUploadedFile("ukur.xlsx", xlsx(strings=huge_shared_string(20)))
    response = login(operator).post(f"/posyandu/{posyandu.pk}/impor/", {"file": f}, follow=True)
    job = latest_job()
    assert job.status == "failed" and "bom ZIP" in job.error
    assert job.file.name == ""
    assert "bom ZIP" in response.content.decode()


def test_a_dead_worker_is_detected_and_the_job_retried(operator, posyandu, make_child):
    import datetime as dt

    from django.utils import timezone

    a = make_child(posyandu, date(2024, 1, 10))
    client = login(operator)
    upload(client, posyandu, HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n")
    job = latest_job()
    VisitImport.objects.filter(pk=job.pk).update(
        status="committing", updated_at=timezone.now() - dt.timedelta(minutes=20)
    )
    page = client.get(job.get_absolute_url())
    job.refresh_from_db()
    assert job.status == "failed" and "pekerja mati" in job.error  # found on page view
    assert 'data-testid="import-retry"' in page.content.decode()
    response = client.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/ulangi/")
    assert response["Location"] == f"/posyandu/{posyandu.pk}/"  # the commit ran again
    job.refresh_from_db()
    assert job.status == "done" and ChildVisit.objects.count() == 1


def test_a_running_job_cannot_be_retried_or_discarded(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10))
    client = login(operator)
    upload(client, posyandu, HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n")
    job = latest_job()
    VisitImport.objects.filter(pk=job.pk).update(status="checking")
    for action in ("ulangi", "buang", "simpan"):
        response = client.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/{action}/", follow=True)
        assert response.status_code == 200
        job.refresh_from_db()
        assert job.status == "checking" and job.file.name
    assert "sedang berjalan" in response.content.decode()
    assert client.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/lain/").status_code == 404
    assert ChildVisit.objects.count() == 0


def test_discard_deletes_the_file_and_other_posyandu_cannot_touch_the_job(
    make_user, operator, posyandu, other_posyandu, make_child
):
    from balai.accounts.roles import Role
    from balai.posyandu import services

    a = make_child(posyandu, date(2024, 1, 10))
    client = login(operator)
    upload(client, posyandu, HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n")
    job = latest_job()
    other = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_y")
    services.cadre_link(actor=None, posyandu=other_posyandu, user=other)
    stranger = login(other)
    assert stranger.get(job.get_absolute_url()).status_code == 404
    assert stranger.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/simpan/").status_code == 404
    wrong_unit = f"/posyandu/{other_posyandu.pk}/impor/{job.pk}/simpan/"
    assert stranger.post(wrong_unit).status_code == 404
    job.refresh_from_db()
    assert job.status == "checked" and ChildVisit.objects.count() == 0
    stored = job.file.name
    client.post(f"/posyandu/{posyandu.pk}/impor/{job.pk}/buang/")
    job.refresh_from_db()
    assert job.status == "discarded" and not job.file.storage.exists(stored)
