"""Pages of the round's workbook for the national portal: ask, watch it being built, download.

The workbook is built by the task worker (``workbooks.py``); these pages only
record the request, show the job's progress and hand over the file.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.exports import XLSX_TYPE
from balai.innovation import policies, selectors, workbooks
from balai.innovation.models import Assessment, WorkbookExport, WorkbookStatus


def _round(request: HttpRequest, pk: int) -> Assessment:
    """The round, for its verifier only (the workbook holds every office's innovations)."""
    found = selectors.assessments_for_user(user=request.user).filter(pk=pk).first()
    if found is None or not policies.can_verify(request.user, found):
        raise Http404(_("Penilaian IID tidak ditemukan."))
    return found


def _job(request: HttpRequest, pk: int, job_pk: int) -> tuple[Assessment, WorkbookExport]:
    assessment = _round(request, pk)
    job = assessment.workbooks.filter(pk=job_pk).first()
    if job is None:
        raise Http404(_("Buku kerja tidak ditemukan."))
    return assessment, workbooks.workbook_check_alive(job)


@access.requires(Perm.INNOVATION_VERIFY)
def workbook_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    jobs = list(assessment.workbooks.all()[:10])
    context = {
        "assessment": assessment,
        "jobs": jobs,
        "keep_hours": int(workbooks.KEEP.total_seconds() // 3600),
    }
    return render(request, "innovation/workbooks.html", context)


@require_POST
@access.requires(Perm.INNOVATION_VERIFY)
def workbook_request(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    job = workbooks.workbook_request(
        actor=request.user, assessment=assessment, base_url=request.build_absolute_uri("/")
    )
    messages.success(request, _("Buku kerja sedang disusun; halaman ini menunjukkan kemajuannya."))
    return redirect(job)


@access.requires(Perm.INNOVATION_VERIFY)
def workbook_detail(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    assessment, job = _job(request, pk, job_pk)
    context = {
        "assessment": assessment,
        "job": job,
        "keep_hours": int(workbooks.KEEP.total_seconds() // 3600),
    }
    template = "innovation/workbook.html"
    if request.headers.get("HX-Request"):
        template += "#progress"
    return render(request, template, context)


@access.requires(Perm.INNOVATION_VERIFY)
def workbook_download(request: HttpRequest, pk: int, job_pk: int) -> FileResponse:
    assessment, job = _job(request, pk, job_pk)
    if job.status != WorkbookStatus.DONE or not job.file.name:
        raise Http404(_("Buku kerja ini belum siap atau sudah dihapus; minta yang baru."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"iid-{assessment.year}-{assessment.kabupaten_id}.xlsx",
        content_type=XLSX_TYPE,
    )
