"""Health pages: the puskesmas service import and the prevalence parameters."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import exports, periods
from balai.core.errors import DomainError
from balai.health import forms, import_jobs, imports, selectors, services
from balai.health.models import ImportStatus, ServiceCode, ServiceImport
from balai.regions.models import Level

IMPORT_LEVELS = (Level.KABUPATEN_KOTA,)


@access.requires(Perm.HEALTH_IMPORT)
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-layanan-kesehatan.csv"'
    return response


@access.requires(Perm.HEALTH_IMPORT)
def import_services(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.HEALTH_IMPORT)
    if area.level not in IMPORT_LEVELS:
        raise Http404(_("Halaman ini tidak tersedia untuk wilayah tersebut."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.service_import_create(
                actor=request.user, area=area, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(job)
    context = {
        "area": area,
        "form": form,
        "jobs": selectors.service_import_list(user=request.user, area=area)[:20],
        "codes": [(i, c, label) for i, (c, label) in enumerate(ServiceCode.choices, start=1)],
    }
    return render(request, "health/import.html", context)


def _job(request: HttpRequest, pk: int) -> ServiceImport:
    job = selectors.service_import_get_for_user(user=request.user, pk=pk)
    return import_jobs.service_import_check_alive(job)


@access.requires(Perm.HEALTH_IMPORT)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "health/import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job})


@require_POST
@access.requires(Perm.HEALTH_IMPORT)
def import_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = _job(request, pk)
    service = {
        "simpan": import_jobs.service_import_commit,
        "ulangi": import_jobs.service_import_retry,
        "buang": import_jobs.service_import_discard,
    }.get(action)
    if service is None:
        raise Http404(_("Tindakan tidak dikenal."))
    try:
        job = service(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == ImportStatus.DONE:
            messages.success(request, _("%(n)d layanan dicatat.") % {"n": job.created_records})
    return redirect(job)


@access.requires(Perm.HEALTH_VIEW)
def parameters(request: HttpRequest) -> HttpResponse:
    kabupaten = selectors.kabupaten_for_user(
        user=request.user, code=request.GET.get("wilayah", "").strip()
    )
    year = periods.year_param(request)
    may_edit = kabupaten is not None and access.has_perm(
        request.user, Perm.HEALTH_PARAMETERS, kabupaten
    )
    context = {
        "kabupaten": kabupaten,
        "year": year,
        "rows": selectors.parameter_table(kabupaten=kabupaten, year=year),
        "may_edit": may_edit,
    }
    return render(request, "health/parameters.html", context)


@require_POST
@access.requires(Perm.HEALTH_PARAMETERS)
def parameter_save(request: HttpRequest) -> HttpResponse:
    form = forms.ParameterForm(request.POST)
    code = request.POST.get("kabupaten", "")[:40]
    kabupaten = access.get_area_for_user(request.user, code, Perm.HEALTH_PARAMETERS)
    back = f"{reverse('health:parameters')}?{urlencode({'wilayah': kabupaten.code})}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    try:
        services.prevalence_parameter_set(
            actor=request.user,
            kabupaten=kabupaten,
            year=periods.check_year(data["year"]),
            group=data["group"],
            rate_percent=data["rate_percent"],
            age_min=data["age_min"],
            age_max=data["age_max"],
            source=data["source"],
            confirmed=data["confirmed"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Parameter prevalensi disimpan."))
    return redirect(f"{back}&{urlencode({'tahun': data['year']})}")
