"""Changing or withdrawing a proposal before the musrenbang desa decides it.

The resident who proposed it edits it from ``/perencanaan/warga/``; a
meeting's or group's proposal is edited by the village office member who
recorded it. ``policies.may_edit_proposal`` says who; the services refuse a
decided proposal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.planning import forms, policies, selectors, services
from balai.planning.models import Proposal
from balai.planning.views.public import _account
from balai.planning.views.village import map_context, village_url
from balai.regions.models import Area
from balai.registry.models import Resident

EDIT_FIELDS = (
    "title",
    "description",
    "location",
    "latitude",
    "longitude",
    "volume",
    "unit",
    "estimated_cost",
    "beneficiaries",
    "village_authority",
)


@access.requires(policies.PLAN_PERM)
def staff_proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk, perm=policies.PLAN_PERM)
    if not policies.may_edit_proposal(request.user, proposal, resident=None):
        raise PermissionDenied(_("Usulan ini diubah oleh pengusulnya sendiri."))
    return _edit(request, proposal, None, village_url(proposal.village_id, proposal.year))


@access.own_account
def resident_proposal_edit(request: HttpRequest, code: str) -> HttpResponse:
    resident = _account(request).resident
    proposal = selectors.proposal_of_resident(resident, code)
    if proposal is None:
        raise Http404(_("Usulan tidak ditemukan di antara usulan Anda."))
    return _edit(request, proposal, resident, reverse("planning:resident_home"))


def _edit(
    request: HttpRequest, proposal: Proposal, resident: Resident | None, back: str
) -> HttpResponse:
    staff = resident is None
    form_class = forms.StaffProposalEditForm if staff else forms.ProposalEditForm
    initial: dict[str, Any] = {name: getattr(proposal, name) for name in EDIT_FIELDS}
    initial.update(
        kegiatan=proposal.kegiatan_id,
        origin_area=proposal.origin_area_id or "",
        group_name=proposal.group_name,
    )
    which = request.POST.get("form", "")
    form = form_class(request.POST if which == "edit" else None, initial=initial)
    withdraw = forms.WithdrawForm(request.POST if which == "withdraw" else None)
    if request.method == "POST" and which not in ("edit", "withdraw"):
        raise Http404(_("Formulir tidak dikenal."))
    if which == "edit" and form.is_valid():
        changes = _changes(form, staff)
        if not form.errors:
            try:
                services.proposal_update(actor=request.user, proposal=proposal, **changes)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Usulan %(c)s diperbarui.") % {"c": proposal.code})
                return redirect(back)
    if which == "withdraw" and withdraw.is_valid():
        try:
            services.proposal_withdraw(
                actor=request.user, proposal=proposal, reason=withdraw.cleaned_data["reason"]
            )
        except DomainError as exc:
            apply_domain_error(withdraw, exc)
        else:
            messages.success(request, _("Usulan %(c)s ditarik.") % {"c": proposal.code})
            return redirect(back)
    area = Area.objects.get(code=proposal.village_id)
    context: dict[str, Any] = {
        "proposal": proposal,
        "area": area,
        "form": form,
        "withdraw_form": withdraw,
        "back": back,
    }
    context.update(map_context(area))
    return render(request, "planning/proposal_edit.html", context)


def _changes(form: Any, staff: bool) -> dict[str, Any]:
    data = form.cleaned_data
    changes = {name: data[name] for name in EDIT_FIELDS}
    changes["kegiatan"] = selectors.kegiatan_by_code()[data["kegiatan"]]
    if staff:
        changes["group_name"] = data["group_name"]
        code = data["origin_area"].strip()
        changes["origin_area"] = Area.objects.filter(code=code).first() if code else None
        if code and changes["origin_area"] is None:
            form.add_error("origin_area", _("Kode wilayah tidak dikenal."))
    return changes
