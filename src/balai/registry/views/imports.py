"""Upload a resident file, review the dry run, commit it; export a village."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit, exports
from balai.core.areacodes import is_at_least_village, village_code
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.regions.models import Level
from balai.registry.importing.engine import ACTION_LABELS
from balai.registry.importing.export import export_residents
from balai.registry.importing.jobs import (
    MAX_UPLOAD_BYTES,
    import_job_check_alive,
    import_job_create,
    import_job_discard,
    import_job_retry,
    import_job_start,
    progress_of,
)
from balai.registry.importing.models import ImportJob
from balai.registry.policies import import_job_get_for_user, import_village_for
from balai.registry.selectors import mask_number, may_see_identity


class UploadForm(forms.Form):
    village = forms.CharField(label=gettext_lazy("Kode desa/kelurahan"), max_length=13)
    file = forms.FileField(
        label=gettext_lazy("Berkas penduduk (XLSX, XLSM atau CSV format OpenSID)"),
        help_text=gettext_lazy(
            "Maksimal 50 MB. Berkas diperiksa dulu; tidak ada yang disimpan sebelum Anda menyetujui."
        ),
    )


def _default_village(user: object) -> str:
    role = access.acting_role(user)
    area = role.area if role else None
    return village_code(area.code) if area is not None and is_at_least_village(area.code) else ""


@access.requires(Perm.REGISTRY_IMPORT)
def import_index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"village": _default_village(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            village = import_village_for(request.user, form.cleaned_data["village"])
            job = import_job_create(
                actor=request.user, village=village, upload=form.cleaned_data["file"]
            )
            import_job_start(job=job, commit=False)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect(job)
    jobs = access.scoped(
        ImportJob.objects.select_related("village"),
        request.user,
        Perm.REGISTRY_IMPORT,
        field="village",
    )[:20]
    return render(
        request,
        "registry/imports/index.html",
        {"form": form, "jobs": jobs, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


@access.requires(Perm.REGISTRY_IMPORT)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_check_alive(import_job_get_for_user(request.user, pk))
    show_full = may_see_identity(request.user, job.village.code)
    rows = job.report.get("rows", [])
    wanted = request.GET.get("aksi", "")
    if wanted:
        rows = [r for r in rows if r["action"] == wanted]
    for row in rows:
        row["nik_shown"] = row["nik"] if show_full else mask_number(row["nik"])
        row["action_label"] = ACTION_LABELS.get(row["action"], row["action"])
    context = {
        "job": job,
        "rows": rows,
        "wanted": wanted,
        "progress": progress_of(job),
        "counts": job.report.get("counts", {}),
    }
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "registry/imports/detail.html" + ("#progress" if fragment else "")
    return render(request, template, context)


@require_POST
@access.requires(Perm.REGISTRY_IMPORT)
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get_for_user(request.user, pk)
    try:
        import_job_start(job=job, commit=True)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(job)


@require_POST
@access.requires(Perm.REGISTRY_IMPORT)
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_check_alive(import_job_get_for_user(request.user, pk))
    try:
        import_job_retry(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(job)


@require_POST
@access.requires(Perm.REGISTRY_IMPORT)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get_for_user(request.user, pk)
    try:
        import_job_discard(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Impor dibuang; berkasnya sudah dihapus."))
    return redirect(job)


@access.requires(Perm.REGISTRY_IMPORT)
def export_download(request: HttpRequest) -> FileResponse:
    code = request.GET.get("desa", "")
    village = (
        import_village_for(request.user, code)
        if code
        else access.page_area(request, Perm.REGISTRY_IMPORT, levels=(Level.DESA_KELURAHAN,))
    )
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    with exports.export_file(f".{fmt}") as tmp:
        export_residents(village, tmp)
        audit.record(
            actor=request.user, action="registry.exported", obj=village, data={"format": fmt}
        )
        return exports.file_download(
            tmp,
            f"penduduk-{village.code}.{fmt}",
            content_type=exports.CSV_TYPE if fmt == "csv" else exports.XLSX_TYPE,
        )


urlpatterns: list[URLPattern] = [
    path("impor/", import_index, name="import_index"),
    path("impor/<int:pk>/", import_detail, name="import_detail"),
    path("impor/<int:pk>/simpan/", import_commit, name="import_commit"),
    path("impor/<int:pk>/ulangi/", import_retry, name="import_retry"),
    path("impor/<int:pk>/buang/", import_discard, name="import_discard"),
    path("ekspor/", export_download, name="export"),
]
