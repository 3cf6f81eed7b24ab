"""Kecamatan and kabupaten pages: forums per area, settings, pagu, OPD answers, accommodation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.core.periods import year_param
from balai.planning import forms, policies, selectors, services
from balai.planning.models import (
    Criterion,
    Forum,
    ForumLevel,
    OpdPagu,
    Pagu,
    PerangkatDaerah,
    PriorityTheme,
)
from balai.planning.views.village import default_year
from balai.regions.models import Area, Level


@access.requires(Perm.PLANNING_VIEW)
def kecamatan_home(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.PLANNING_VIEW)
    if area.level != Level.KECAMATAN:
        raise Http404(_("Halaman ini dibuka per kecamatan."))
    year = year_param(request, default=default_year())
    context = {
        "area": area,
        "year": year,
        "years": list(range(default_year() - 3, default_year() + 2)),
        "villages": selectors.village_summaries(area=area, year=year),
        "forum": selectors.forum_get(level=ForumLevel.KECAMATAN, area=area, year=year),
        "forums": Forum.objects.filter(area__within=area.code, year=year, level=ForumLevel.DESA),
        "pagu": selectors.pagu_amount(area=area, year=year),
        "can_open": policies.may_open(request.user, ForumLevel.KECAMATAN, area.code),
        "calendar": selectors.calendar_dates(area.code, year),
    }
    return render(request, "planning/kecamatan.html", context)


def _kabupaten(request: HttpRequest, code: str, perm: str) -> Area:
    area = access.get_area_for_user(request.user, code, perm)
    if area.level != Level.KABUPATEN_KOTA:
        raise Http404(_("Halaman ini dibuka per kabupaten/kota."))
    return area


@access.requires(Perm.PLANNING_VIEW)
def kabupaten_home(request: HttpRequest, code: str) -> HttpResponse:
    area = _kabupaten(request, code, Perm.PLANNING_VIEW)
    year = year_param(request, default=default_year())
    context = {
        "area": area,
        "year": year,
        "years": list(range(default_year() - 3, default_year() + 2)),
        "accommodation": selectors.accommodation(area_code=area.code, year=year),
        "by_opd": selectors.accommodation_by_opd(kabupaten=area.code, year=year),
        "opd_rankings": selectors.opd_rankings(kabupaten=area.code, year=year),
        "opd_rule": selectors.OPD_RULE,
        "forum": selectors.forum_get(level=ForumLevel.KABUPATEN, area=area, year=year),
        "can_manage": access.has_perm(request.user, Perm.PLANNING_KABUPATEN, area),
        "calendar": selectors.calendar_dates(area.code, year),
    }
    return render(request, "planning/kabupaten.html", context)


SETTINGS_FORMS = {
    "setup": forms.SetupForm,
    "criterion": forms.CriterionForm,
    "opd": forms.OpdForm,
    "pagu": forms.PaguForm,
    "theme": forms.ThemeForm,
}


@access.requires(Perm.PLANNING_KABUPATEN)
def kabupaten_settings(request: HttpRequest, code: str) -> HttpResponse:
    kab = _kabupaten(request, code, Perm.PLANNING_KABUPATEN)
    setup = selectors.setup_for(kab.code)
    which = request.POST.get("form", "")
    bound = {
        name: cls(request.POST if which == name else None)
        for name, cls in SETTINGS_FORMS.items()
        if name != "setup"
    }
    opds = PerangkatDaerah.objects.filter(kabupaten=kab)
    bound["opd_pagu"] = forms.OpdPaguForm(
        request.POST if which == "opd_pagu" else None, opds=[(o.pk, str(o)) for o in opds]
    )
    bound["setup"] = forms.SetupForm(
        request.POST if which == "setup" else None,
        initial={
            "desa_month": setup.desa_month,
            "kecamatan_month": setup.kecamatan_month,
            "kabupaten_month": setup.kabupaten_month,
            "rpjmdes_term_years": setup.rpjmdes_term_years,
        },
    )
    if request.method == "POST":
        form = bound.get(which)
        if form is None:
            raise Http404(_("Formulir tidak dikenal."))
        if form.is_valid():
            try:
                _save(request, kab, which, form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Pengaturan disimpan."))
                return redirect(request.path)
    context = {
        "area": kab,
        "forms": bound,
        "criteria": Criterion.objects.filter(kabupaten=kab),
        "opds": opds,
        "opd_pagus": OpdPagu.objects.filter(opd__kabupaten=kab)
        .select_related("opd")
        .order_by("-year", "opd__code")[:200],
        "pagus": Pagu.objects.filter(area__within=kab.code)
        .select_related("area")
        .order_by("-year", "area_id")[:200],
        "themes": PriorityTheme.objects.filter(kabupaten=kab),
    }
    return render(request, "planning/settings.html", context)


def _save(request: HttpRequest, kab: Area, which: str, data: dict[str, object]) -> None:
    actor = request.user
    if which == "setup":
        services.setup_save(actor=actor, kabupaten=kab, **data)  # type: ignore[arg-type]
    elif which == "criterion":
        services.criterion_add(actor=actor, kabupaten=kab, **data)  # type: ignore[arg-type]
    elif which == "opd":
        services.opd_add(actor=actor, kabupaten=kab, **data)  # type: ignore[arg-type]
    elif which == "opd_pagu":
        services.opd_pagu_set(
            actor=actor,
            opd=PerangkatDaerah.objects.get(kabupaten=kab, pk=data["opd"]),  # type: ignore[misc]
            year=data["year"],  # type: ignore[arg-type]
            amount=data["amount"],  # type: ignore[arg-type]
            note=str(data["note"]),
        )
    elif which == "theme":
        services.theme_add(actor=actor, kabupaten=kab, **data)  # type: ignore[arg-type]
    elif which == "pagu":
        area = Area.objects.filter(code=str(data["area"]).strip()).first()
        if (
            area is None
            or not kab.contains(area.code)
            or area.level
            not in (
                Level.DESA_KELURAHAN,
                Level.KECAMATAN,
            )
        ):
            raise DomainError(
                _("Pagu ditetapkan untuk desa atau kecamatan di kabupaten ini."),
                field_errors={"area": [_("Kode desa/kecamatan tidak dikenal di kabupaten ini.")]},
            )
        services.pagu_set(
            actor=actor,
            area=area,
            year=data["year"],  # type: ignore[arg-type]
            amount=data["amount"],  # type: ignore[arg-type]
            note=str(data["note"]),
        )


@require_POST
@access.requires(Perm.PLANNING_KABUPATEN)
def criterion_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    kab = _kabupaten(request, code, Perm.PLANNING_KABUPATEN)
    criterion = Criterion.objects.filter(kabupaten=kab, pk=pk).first()
    if criterion is None:
        raise Http404(_("Kriteria tidak ditemukan."))
    services.criterion_delete(actor=request.user, criterion=criterion)
    messages.success(request, _("Kriteria dihapus."))
    return redirect("planning:settings", code=kab.code)


@access.requires(Perm.PLANNING_ANSWER)
def opd_queue(request: HttpRequest) -> HttpResponse:
    opds = selectors.answerable_opds(request.user)
    year = year_param(request, default=default_year())
    context = {
        "opds": opds,
        "year": year,
        "years": list(range(default_year() - 3, default_year() + 2)),
        "proposals": selectors.opd_queue(opds=opds, year=year),
        "opd_rankings": selectors.opd_rankings(kabupaten=opds[0].kabupaten_id, year=year, opds=opds)
        if opds
        else [],
        "opd_rule": selectors.OPD_RULE,
    }
    return render(request, "planning/opd_queue.html", context)


@access.requires(Perm.PLANNING_ANSWER)
def opd_answer(request: HttpRequest, pk: int) -> HttpResponse:
    opds = selectors.answerable_opds(request.user)
    proposal = selectors.proposal_for_opds(opds=opds, pk=pk)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opd_answer(
                actor=request.user,
                opd=opds.get(pk=proposal.opd_id or 0),
                proposal=proposal,
                accepted=data["accepted"],
                reason=data["reason"],
                programme=data["programme"],
                activity=data["activity"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Jawaban atas %(c)s terkirim ke desa dan pengusul.") % {"c": proposal.code},
            )
            return redirect("planning:opd_queue")
    context = {"proposal": proposal, "form": form, "events": proposal.events.all()}
    return render(request, "planning/opd_answer.html", context)
