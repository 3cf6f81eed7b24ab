"""Import job lifecycle: worker-only parsing, failures with reasons, dead workers, retry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.accounts.roles import Role
from balai.registry.importing import jobs
from balai.registry.importing.jobs import (
    import_job_check_alive,
    import_job_retry,
)
from balai.registry.importing.models import ImportJob, ImportStatus
from balai.registry.models import Resident
from conftest import MakeUser, login

SAMPLE = Path(__file__).parent / "data" / "contoh_penduduk.xlsx"
SENGGIGI = "52.01.14.2006"

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def upload(content: bytes | None = None, name: str = "contoh.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else SAMPLE.read_bytes())


def submit(client: Any, content: bytes | None = None) -> ImportJob:
    client.post("/penduduk/impor/", {"village": SENGGIGI, "file": upload(content)})
    return ImportJob.objects.latest("pk")


def stalled(job: ImportJob, status: str, minutes: int) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, updated_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    job.refresh_from_db()
    return job


def test_a_refused_file_fails_with_its_reason_and_is_deleted(
    make_user: MakeUser, var_dir: Path
) -> None:
    from balai.core.tests.test_spreadsheets import huge_shared_string, xlsx

    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = submit(client, xlsx(strings=huge_shared_string(50)))
    assert job.status == ImportStatus.FAILED
    assert "bom ZIP" in job.error
    assert job.file.name == ""  # a refused upload is not kept
    assert not job.can_retry
    page = client.get(job.get_absolute_url())
    assert "bom ZIP" in page.content.decode()
    assert 'data-testid="import-retry"' not in page.content.decode()
    assert list((var_dir / "import-progress").glob("*")) == []
    assert list((var_dir / "import-work").glob("*")) == []
    with pytest.raises(jobs.ConflictError, match="unggah ulang"):
        import_job_retry(job=job, actor=None)


def test_an_unexpected_error_fails_the_job_keeps_the_file_and_retry_runs_it(
    make_user: MakeUser, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(jobs, "run_import", crash)
    job = submit(client)
    assert job.status == ImportStatus.FAILED
    assert "disk penuh" in job.error and job.file.name
    monkeypatch.undo()
    page = client.get(job.get_absolute_url())
    assert 'data-testid="import-retry"' in page.content.decode()
    response = client.post(f"/penduduk/impor/{job.pk}/ulangi/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportStatus.CHECKED, "")
    assert job.report["counts"]["create"] == 97


def test_a_dead_worker_is_detected_on_page_view_and_the_job_can_be_retried(
    make_user: MakeUser, var_dir: Path
) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = stalled(submit(client), ImportStatus.CHECKING, minutes=16)
    page = client.get(job.get_absolute_url())
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "pekerja mati" in job.error and "pekerja mati" in page.content.decode()
    client.post(f"/penduduk/impor/{job.pk}/ulangi/")
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED


def test_recent_progress_keeps_a_long_job_alive(make_user: MakeUser, var_dir: Path) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = stalled(submit(client), ImportStatus.COMMITTING, minutes=60)
    jobs._write_progress(job.pk, 5000)  # the worker is still writing progress
    assert import_job_check_alive(job).status == ImportStatus.COMMITTING
    later = timezone.now() + dt.timedelta(minutes=16)
    assert import_job_check_alive(job, now=later).status == ImportStatus.FAILED


def test_a_failed_task_row_fails_the_job(make_user: MakeUser, var_dir: Path, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = submit(client)
    assert job.status == ImportStatus.QUEUED and job.task_id not in ("", "pending")
    assert import_job_check_alive(job).status == ImportStatus.QUEUED  # waiting is fine
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED")
    job = import_job_check_alive(job)
    assert job.status == ImportStatus.FAILED and "Pekerja gagal" in job.error


def test_a_retry_of_a_running_job_is_refused_and_changes_nothing(
    make_user: MakeUser, var_dir: Path
) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = stalled(submit(client), ImportStatus.COMMITTING, minutes=1)
    response = client.post(f"/penduduk/impor/{job.pk}/ulangi/", follow=True)
    assert "sedang berjalan" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING
    assert not Resident.objects.exists()


def test_a_double_commit_is_refused_without_a_500(make_user: MakeUser, var_dir: Path) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = submit(client)
    first = client.post(f"/penduduk/impor/{job.pk}/simpan/")
    second = client.post(f"/penduduk/impor/{job.pk}/simpan/", follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "sudah selesai" in second.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.file.name == ""  # a finished job keeps no copy of the register
    assert Resident.objects.count() == 97


def test_a_second_start_of_the_same_job_is_refused(make_user: MakeUser, var_dir: Path) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = submit(client)
    with pytest.raises(jobs.ConflictError):
        jobs.import_job_start(job=job, commit=False)
    with pytest.raises(jobs.ConflictError, match="Periksa berkas dulu"):
        jobs.import_job_start(job=stalled(job, ImportStatus.FAILED, 0), commit=True)


def test_discard_deletes_the_file(make_user: MakeUser, var_dir: Path) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    job = submit(client)
    stored = job.file.name
    assert job.file.storage.exists(stored)
    client.post(f"/penduduk/impor/{job.pk}/buang/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED
    assert not job.file.storage.exists(stored)
    assert client.post(f"/penduduk/impor/{job.pk}/simpan/").status_code == 302
    assert not Resident.objects.exists()


def test_other_village_cannot_retry_or_discard(make_user: MakeUser, var_dir: Path) -> None:
    from conftest import DESA_PATTIMANG

    job = submit(login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI)))
    stranger = login(make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG))
    assert stranger.post(f"/penduduk/impor/{job.pk}/buang/").status_code == 404
    assert stranger.post(f"/penduduk/impor/{job.pk}/ulangi/").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.file.name


def test_the_sweep_fails_dead_jobs_and_removes_old_files(
    make_user: MakeUser, var_dir: Path
) -> None:
    from django.core.management import call_command

    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    dead = stalled(submit(client), ImportStatus.CHECKING, minutes=30)
    old = stalled(submit(client), ImportStatus.CHECKED, minutes=8 * 24 * 60)
    fresh = submit(client)
    (var_dir / "import-progress").mkdir(exist_ok=True)
    (var_dir / "import-progress" / "999999.json").write_text('{"rows": 1}')
    (var_dir / "import-work" / "999999").mkdir(parents=True)
    old_name = old.file.name
    call_command("imports_sweep")
    for job in (dead, old, fresh):
        job.refresh_from_db()
    assert dead.status == ImportStatus.FAILED and dead.file.name  # kept for a retry
    assert old.file.name == "" and not old.file.storage.exists(old_name)
    assert fresh.file.name
    assert list((var_dir / "import-progress").iterdir()) == []
    assert list((var_dir / "import-work").iterdir()) == []


def test_the_api_queues_the_job_and_reports_it(make_user: MakeUser, var_dir: Path) -> None:
    client = login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI))
    response = client.post(
        "/api/v1/registry/imports/", {"village": SENGGIGI, "file": upload(), "commit": "true"}
    )
    body = response.json()
    assert (body["status"], body["counts"]["create"]) == ("done", 97)
    again = client.get(f"/api/v1/registry/imports/{body['id']}").json()
    assert again["status"] == "done"
    assert Resident.objects.count() == 97


def test_a_slow_run_taken_for_dead_still_reports_its_result(
    make_user: MakeUser, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = jobs.run_import

    def slow(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        # Meanwhile the sweep took the job for dead.
        ImportJob.objects.filter(status=ImportStatus.CHECKING).update(
            status=ImportStatus.FAILED, error="mati"
        )
        return report

    monkeypatch.setattr(jobs, "run_import", slow)
    job = submit(login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI)))
    assert (job.status, job.error) == (ImportStatus.CHECKED, "")
    assert job.report["counts"]["create"] == 97


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_commits_of_one_job_queue_it_once(
    make_user: MakeUser, var_dir: Path, settings: Any
) -> None:
    import threading

    from django.db import close_old_connections, connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers")
    job = submit(login(make_user(Role.VILLAGE_OPERATOR, SENGGIGI)))
    assert job.status == ImportStatus.CHECKED
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def commit() -> None:
        try:
            barrier.wait()
            jobs.import_job_start(job=ImportJob.objects.get(pk=job.pk), commit=True)
            outcomes.append("queued")
        except jobs.ConflictError:
            outcomes.append("refused")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=commit) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["queued"] + ["refused"] * 9
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and job.commit_requested
