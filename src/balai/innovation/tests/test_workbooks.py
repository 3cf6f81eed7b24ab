"""The national portal's workbook as a worker job: progress, download, failure, retention."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.innovation import services, workbooks
from balai.innovation.models import Innovation, WorkbookExport, WorkbookStatus
from balai.innovation.tests.conftest import answer, fill, make_innovation, png, upload
from conftest import close_response, login

pytestmark = pytest.mark.django_db


def test_the_worker_builds_the_workbook_and_the_page_offers_it(assessment, bappeda) -> None:
    for n in range(3):
        fill(make_innovation(assessment, name=f"Inovasi {n}"))
    photo = answer(Innovation.objects.get(name="Inovasi 0"), "25")
    services.answer_set(actor=None, answer=photo, parameter=1)
    services.evidence_add(
        actor=None, answer=photo, upload=upload("spanduk.png", png()), name="spanduk.png"
    )
    job = workbooks.workbook_request(
        actor=bappeda, assessment=assessment, base_url="https://balai.example/"
    )
    assert (job.status, job.done, job.total) == (WorkbookStatus.DONE, 3, 3)
    assert job.size > 0 and job.finished_at is not None
    client = login(bappeda)
    page = client.get(job.get_absolute_url())
    assert b'data-testid="workbook-download"' in page.content
    assert b"3 dari 3 inovasi ditulis" in page.content
    # The htmx poll gets the progress fragment only.
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'id="progress"' in fragment.content and b"<html" not in fragment.content
    listing = client.get(f"/inovasi/penilaian/{assessment.pk}/ekspor/")
    assert f'data-testid="workbook-{job.pk}"'.encode() in listing.content
    response = client.get(f"{job.get_absolute_url()}unduh/")
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    close_response(response)
    sid = book.read("xl/worksheets/sheet2.xml").decode()
    # Evidence links point at the site the request came from.
    assert "https://balai.example/inovasi/bukti/" in sid
    assert sid.count("Inovasi 2") == 20


def test_a_running_job_is_reused_and_progress_is_shown(assessment, bappeda, monkeypatch) -> None:
    queued: list[int] = []
    monkeypatch.setattr(workbooks.background, "enqueue", lambda name, *args: queued.append(args[0]))
    first = workbooks.workbook_request(actor=bappeda, assessment=assessment, base_url="http://x/")
    again = workbooks.workbook_request(actor=bappeda, assessment=assessment, base_url="http://x/")
    assert first.pk == again.pk and queued == [first.pk]
    WorkbookExport.objects.filter(pk=first.pk).update(status="running", done=5, total=20)
    page = login(bappeda).get(first.get_absolute_url())
    assert b"5 dari 20 inovasi ditulis" in page.content
    assert b'hx-trigger="every 2s"' in page.content
    # No file to download yet.
    assert login(bappeda).get(f"{first.get_absolute_url()}unduh/").status_code == 404


def test_a_failed_build_says_why_and_can_be_asked_again(
    assessment, bappeda, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(workbooks.exports, "round_xlsx", broken)
    job = workbooks.workbook_request(actor=bappeda, assessment=assessment, base_url="http://x/")
    job.refresh_from_db()
    assert job.status == WorkbookStatus.FAILED and "disk penuh" in job.error
    assert not job.file.name
    page = login(bappeda).get(job.get_absolute_url())
    assert b'data-testid="workbook-error"' in page.content
    monkeypatch.undo()
    again = workbooks.workbook_request(actor=bappeda, assessment=assessment, base_url="http://x/")
    assert again.pk != job.pk and again.status == WorkbookStatus.DONE


def test_the_sweep_fails_dead_jobs_and_deletes_old_workbooks(assessment, bappeda) -> None:
    done = workbooks.workbook_request(actor=bappeda, assessment=assessment, base_url="http://x/")
    path = done.file.path
    dead = WorkbookExport.objects.create(assessment=assessment, base_url="", status="running")
    long_ago = timezone.now() - dt.timedelta(days=2)
    WorkbookExport.objects.filter(pk=dead.pk).update(updated_at=long_ago)
    # A fresh workbook is kept.
    assert workbooks.sweep_workbooks() == {"stalled": 1, "files": 0}
    WorkbookExport.objects.filter(pk=done.pk).update(finished_at=long_ago)
    call_command("imports_sweep", stdout=io.StringIO())
    done.refresh_from_db()
    dead.refresh_from_db()
    assert done.status == WorkbookStatus.EXPIRED and not done.file.name
    assert not __import__("pathlib").Path(path).exists()
    assert dead.status == WorkbookStatus.FAILED and "menit" in dead.error
    assert login(bappeda).get(f"{done.get_absolute_url()}unduh/").status_code == 404
