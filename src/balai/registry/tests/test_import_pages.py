from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from balai.accounts.roles import Role
from balai.registry.importing.models import ImportJob
from balai.registry.models import Resident
from conftest import DESA_PATTIMANG, MakeUser, login

SAMPLE = Path(__file__).parent / "data" / "contoh_penduduk.xlsx"
SENGGIGI = "52.01.14.2006"


def upload(name: str = "contoh.xlsx", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else SAMPLE.read_bytes())


@pytest.mark.django_db
def test_operator_uploads_reviews_every_row_then_commits(make_user: MakeUser) -> None:
    op = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    client = login(op)
    response = client.post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/penduduk/impor/{job.pk}/"
    assert job.status == "checked"
    assert not Resident.objects.exists()
    page = client.get(job.get_absolute_url())
    assert len(page.context["rows"]) == 97
    assert "Simpan 97 baris yang valid" in page.content.decode()
    table = page.content.decode().split('data-testid="import-rows"')[1]
    assert "<td>Baru</td>" in table
    assert "<td>create</td>" not in table  # the outcome in words, not its code
    client.post(f"/penduduk/impor/{job.pk}/simpan/")
    job.refresh_from_db()
    assert job.status == "done"
    assert Resident.objects.count() == 97


@pytest.mark.django_db
def test_other_village_operator_can_neither_upload_nor_see_the_job(make_user: MakeUser) -> None:
    owner = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    stranger = make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG)
    denied = login(stranger).post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})
    assert denied.status_code == 403
    assert not ImportJob.objects.exists()
    login(owner).post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})
    job = ImportJob.objects.get()
    assert login(stranger).get(job.get_absolute_url()).status_code == 404
    assert login(stranger).post(f"/penduduk/impor/{job.pk}/simpan/").status_code == 404
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_oversized_and_non_spreadsheet_uploads_are_refused_in_indonesian(
    make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    monkeypatch.setattr("balai.registry.importing.jobs.MAX_UPLOAD_BYTES", 1000)
    big = login(op).post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})
    assert "terlalu besar" in big.content.decode()
    assert not ImportJob.objects.exists()
    monkeypatch.setattr("balai.registry.importing.jobs.MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
    login(op).post(
        "/penduduk/impor/",
        {"village": SENGGIGI, "file": upload("x.xlsx", b"MZ\x90\x00 not a sheet")},
    )
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "bukan lembar kerja" in job.error


@pytest.mark.django_db
def test_export_download_gives_the_43_columns(make_user: MakeUser) -> None:
    op = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    client = login(op)
    client.post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})
    client.post(f"/penduduk/impor/{ImportJob.objects.get().pk}/simpan/")
    response = client.get("/penduduk/ekspor/?format=xlsx")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows[0]) == 43
    assert len(rows) == 98


@pytest.mark.django_db
def test_api_bulk_import_returns_the_dry_run_report(make_user: MakeUser) -> None:
    op = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    response = login(op).post("/api/v1/registry/imports/", {"village": SENGGIGI, "file": upload()})
    body = response.json()
    assert response.status_code == 200
    assert body["counts"] == {"create": 97, "update": 0, "unchanged": 0, "error": 0}
    assert body["status"] == "checked"
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_every_upload_is_checked_by_the_worker_with_progress(
    make_user: MakeUser, settings: object
) -> None:
    from balai.registry.importing.jobs import import_job_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # type: ignore[attr-defined]
    op = make_user(Role.VILLAGE_OPERATOR, SENGGIGI)
    client = login(op)
    client.post("/penduduk/impor/", {"village": SENGGIGI, "file": upload()})  # a small file
    job = ImportJob.objects.get()
    assert (job.status, job.report) == ("queued", {})  # nothing read in the request
    running = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.content.decode()
    import_job_run(job.pk, commit=False)  # what the worker does
    job.refresh_from_db()
    assert job.status == "checked"
    assert job.report["counts"]["create"] == 97
