"""Browse and search the region tree; villages manage their dusun/RW/RT."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions import selectors, services
from balai.regions.forms import SearchForm, SubareaCreateForm, SubareaRenameForm
from balai.regions.models import SUBAREA_PARENTS
from balai.web.regions.policies import area_visible


@access.public
def index(request: HttpRequest) -> HttpResponse:
    provinces = selectors.area_children(None, include_subvillage=False)
    return render(request, "regions/index.html", {"children": provinces, "form": SearchForm()})


@access.public
def detail(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code)
    sees_subareas = access.may_see_subareas(request.user, area)
    if not area_visible(request.user, area):
        # Dusun/RW/RT are the village's own data: hide them from outsiders.
        raise Http404(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
    can_manage = access.has_perm(request.user, Perm.REGIONS_MANAGE_SUBAREAS, area)
    context = {
        "area": area,
        "ancestors": [(a, area_visible(request.user, a)) for a in selectors.area_ancestors(area)],
        "children": selectors.area_children(area, include_subvillage=sees_subareas),
        "can_add": can_manage and any(area.level in p for p in SUBAREA_PARENTS.values()),
        "can_manage": can_manage and area.is_subvillage,
        "create_form": SubareaCreateForm(),
        "rename_form": SubareaRenameForm(initial={"name": area.name}),
    }
    return render(request, "regions/detail.html", context)


@access.public
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = selectors.area_search(form.data.get("q", "")) if form.is_valid() else []
    template = "regions/search.html#results" if request.htmx else "regions/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "results": results})


@require_POST
@access.requires(Perm.REGIONS_MANAGE_SUBAREAS)
def subarea_create(request: HttpRequest, code: str) -> HttpResponse:
    parent = access.get_area_for_user(request.user, code, Perm.REGIONS_MANAGE_SUBAREAS)
    form = SubareaCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Data tidak valid: %(e)s") % {"e": form.errors.as_text()})
        return redirect(parent)
    try:
        area = services.subarea_create(actor=request.user, parent=parent, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(parent)
    messages.success(request, _("%(area)s ditambahkan.") % {"area": area})
    return redirect(parent)


@require_POST
@access.requires(Perm.REGIONS_MANAGE_SUBAREAS)
def subarea_rename(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.REGIONS_MANAGE_SUBAREAS)
    form = SubareaRenameForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Nama tidak boleh kosong."))
        area = services.subarea_update(
            actor=request.user, area=area, name=form.cleaned_data["name"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Nama diubah menjadi %(name)s.") % {"name": area.name})
    return redirect(area)


@require_POST
@access.requires(Perm.REGIONS_MANAGE_SUBAREAS)
def subarea_deactivate(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.REGIONS_MANAGE_SUBAREAS)
    try:
        services.subarea_deactivate(actor=request.user, area=area)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(area)
    messages.success(request, _("%(area)s dinonaktifkan.") % {"area": area})
    assert area.parent is not None  # noqa: S101 -- sub-village areas always have one
    return redirect(area.parent)
