"""Village and kabupaten management: templates, settings, standards, compliance, resident codes."""

from __future__ import annotations

import base64
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.core.areacodes import kabupaten_code
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.indicators.periods import Period, parse_period, period_of
from balai.letters import catalogue, placeholders, policies
from balai.letters.forms import ActivationForm, SettingsForm, StandardForm, TemplateForm
from balai.letters.models import ServiceStandard
from balai.letters.selectors import compliance
from balai.letters.services import compose, residents_auth, standards, templates
from balai.letters.services import requests as requests_svc
from balai.letters.views.staff import acting_village
from balai.regions.models import Area, Level
from balai.registry.selectors import mask_number


@access.requires(Perm.LETTERS_MANAGE)
def template_list(request: HttpRequest) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_MANAGE)
    return render(
        request, "letters/template_list.html", {"types": catalogue.TYPES, "village": village}
    )


@access.requires(Perm.LETTERS_MANAGE)
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_MANAGE)
    letter = catalogue.letter_type(code)
    if letter is None:
        raise Http404(_("Jenis surat tidak dikenal."))
    current = compose.template_for(village, letter)
    initial = {
        "body": current.body,
        "classification": current.classification or letter.classification,
        "number_format": current.number_format,
        "online": current.online,
        "is_active": current.is_active,
    }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            templates.template_save(
                actor=request.user, village=village, letter=letter, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error("body" if "body" in exc.field_errors else None, exc.message)
        else:
            messages.success(request, _("Templat disimpan."))
            return redirect("letters:template_edit", code=letter.code)
    context = {"letter": letter, "form": form, "groups": placeholders.picker(letter)}
    return render(request, "letters/template_edit.html", context)


@require_POST
@access.requires(Perm.LETTERS_MANAGE)
def template_preview(request: HttpRequest, code: str) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_MANAGE)
    letter = catalogue.letter_type(code)
    if letter is None:
        raise Http404(_("Jenis surat tidak dikenal."))
    context: dict[str, object] = {}
    try:
        png = templates.template_preview_png(
            village=village, letter=letter, body=request.POST.get("body", "")
        )
    except DomainError as exc:
        context["error"] = exc.message
    else:
        context["image"] = "data:image/png;base64," + base64.b64encode(png).decode()
    return render(request, "letters/template_edit.html#preview", context)


@access.requires(Perm.LETTERS_MANAGE)
def settings_edit(request: HttpRequest) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_MANAGE)
    current = compose.settings_for(village)
    names = [n for n in SettingsForm.base_fields if n != "logo"]
    form = SettingsForm(
        request.POST or None,
        request.FILES or None,
        initial={n: getattr(current, n) for n in names},
    )
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in names}
        try:
            standards.settings_save(
                actor=request.user, village=village, data=data, logo=form.cleaned_data["logo"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Pengaturan disimpan."))
            return redirect("letters:settings")
    return render(request, "letters/settings.html", {"form": form, "village": village})


def _manage_area(request: HttpRequest) -> tuple[Area, str]:
    return policies.standards_area(request)


def _standard_for_user(request: HttpRequest, pk: int) -> tuple[ServiceStandard, Area]:
    area, _perm = _manage_area(request)
    found = ServiceStandard.objects.filter(pk=pk, area=area).select_related("area").first()
    if found is None:
        raise Http404(_("Standar pelayanan tidak ditemukan."))
    return found, area


@access.requires(Perm.LETTERS_VIEW)
def standards_manage(request: HttpRequest) -> HttpResponse:
    area, _perm = _manage_area(request)
    own = ServiceStandard.objects.filter(area=area).order_by("name")
    adopted = set(own.values_list("code", flat=True))
    available = []
    if area.level == Level.DESA_KELURAHAN:
        available = [
            s
            for s in ServiceStandard.objects.filter(area_id=kabupaten_code(area.code)).order_by(
                "name"
            )
            if s.code not in adopted
        ]
    context = {"area": area, "own": own, "available": available}
    return render(request, "letters/standards_manage.html", context)


@require_POST
@access.requires(Perm.LETTERS_VIEW)
def standards_adopt(request: HttpRequest) -> HttpResponse:
    area, _perm = _manage_area(request)
    try:
        if area.level == Level.KABUPATEN_KOTA:
            n = standards.catalogue_seed(actor=request.user, kabupaten=area)
        else:
            n = standards.catalogue_adopt_all(actor=request.user, village=area)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s standar pelayanan ditambahkan.") % {"n": n})
    return redirect("letters:standards_manage")


@access.requires(Perm.LETTERS_VIEW)
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard, _area = _standard_for_user(request, pk)
    form = StandardForm(request.POST or None, instance=standard)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in StandardForm.Meta.fields}
        data["requirements"] = form.lines("requirements_text")
        data["procedure"] = form.lines("procedure_text")
        try:
            standard.refresh_from_db()
            standards.standard_update(actor=request.user, standard=standard, data=data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Standar pelayanan disimpan."))
            return redirect("letters:standards_manage")
    return render(request, "letters/standard_edit.html", {"form": form, "standard": standard})


def month_of_today() -> Period:
    return period_of(timezone.localdate(), "M")


@access.requires(Perm.SERVICES_MONITOR)
def compliance_view(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, Perm.SERVICES_MONITOR, levels=policies.MONITORED_LEVELS)
    try:
        period = parse_period(request.GET.get("bulan", "")) if request.GET.get("bulan") else None
        if period is not None:
            periods.check_year(period.start.year)
    except DomainError as exc:
        messages.error(request, exc.message)
        period = None
    period = period if period is not None and period.type == "M" else month_of_today()
    villages = compliance.compliance_rows(area=area, period=period, villages=True)
    kecamatan = (
        compliance.ranking(compliance.compliance_rows(area=area, period=period))
        if area.level == Level.KABUPATEN_KOTA
        else []
    )
    context = {
        "area": area,
        "rows": compliance.ranking(villages),
        "kecamatan": kecamatan,
        "total": compliance.compliance_total(area=area, period=period),
        "period": period.key,
    }
    return render(request, "letters/compliance.html", context)


@access.requires(Perm.LETTERS_PROCESS)
def resident_code(request: HttpRequest) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_PROCESS)
    form = ActivationForm(request.POST or None)
    code = ""
    resident = None
    if request.method == "POST" and form.is_valid():
        try:
            resident = requests_svc.resident_by_nik(
                actor=request.user, village=village, nik=form.cleaned_data["nik"]
            )
            if resident is None:
                raise DomainError(requests_svc.not_in_area_message())
            code = residents_auth.activation_issue(actor=request.user, resident=resident)
        except DomainError as exc:
            form.add_error("nik", exc.message)
        else:
            form = ActivationForm()  # the next resident starts from an empty form
    context = {
        "form": form,
        "code": code,
        "resident": resident,
        "village": village,
        "nik_masked": mask_number(resident.nik) if resident else "",
        "expires": timezone.localdate() + timedelta(days=residents_auth.CODE_DAYS),
        "activate_url": request.build_absolute_uri(reverse("letters:resident_activate")),
        "login_url": request.build_absolute_uri(reverse("letters:resident_login")),
    }
    return render(request, "letters/resident_code.html", context)
