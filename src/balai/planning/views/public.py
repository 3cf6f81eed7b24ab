"""Public tracking of a proposal by its code, and the resident's own proposals and supports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.core.areacodes import village_code
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.letters.models import ResidentAccount
from balai.letters.services.residents_auth import account_for_user
from balai.planning import forms, selectors, services
from balai.planning.models import Origin, Proposal
from balai.planning.views.village import default_year, map_context
from balai.regions.models import Area


@access.public
def track_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip()
    if code and code.replace("-", "").isalnum():
        return redirect("planning:track", code=code.upper())
    if code:  # not a code this page gives out: say so, as for an unknown one
        return render(request, "planning/track_lookup.html", {"missing": code}, status=404)
    return render(request, "planning/track_lookup.html")


@access.public
def track(request: HttpRequest, code: str) -> HttpResponse:
    proposal = selectors.proposal_public(code)
    if proposal is None:
        return render(request, "planning/track_lookup.html", {"missing": code}, status=404)
    return render(request, "planning/track.html", selectors.tracking_context(proposal))


def _account(request: HttpRequest) -> ResidentAccount:
    account = account_for_user(request.user)
    if account is None:
        raise Http404(_("Halaman ini untuk warga yang masuk dengan NIK dan PIN."))
    return account


@access.own_account
def resident_home(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    village = Area.objects.get(code=village_code(account.resident.area_id))
    year = default_year()
    context = {
        "account": account,
        "village": village,
        "year": year,
        "mine": selectors.proposals_of_resident(account.resident),
        "open": selectors.open_for_support(village=village, year=year, resident=account.resident),
    }
    return render(request, "planning/resident_home.html", context)


@access.own_account
def resident_propose(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    village = Area.objects.get(code=village_code(account.resident.area_id))
    year = default_year()
    form = forms.ProposalForm(request.POST or None, request.FILES or None)
    similar: list[Proposal] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kegiatan = selectors.kegiatan_by_code()[data["kegiatan"]]
        similar = selectors.proposal_similar(
            village=village, year=year, kegiatan=kegiatan, title=data["title"]
        )
        if similar and not request.POST.get("confirm"):
            form.add_error(
                None, _("Ada usulan serupa. Dukung usulan itu, atau centang 'tetap ajukan'.")
            )
        else:
            try:
                proposal = services.proposal_submit(
                    actor=request.user,
                    village=village,
                    year=year,
                    origin=Origin.RESIDENT,
                    proposer=account.resident,
                    title=data["title"],
                    description=data["description"],
                    kegiatan=kegiatan,
                    location=data["location"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    volume=data["volume"],
                    unit=data["unit"],
                    estimated_cost=data["estimated_cost"],
                    beneficiaries=data["beneficiaries"],
                    village_authority=data["village_authority"],
                    photos=data["photos"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request, _("Usulan terkirim. Kode pelacakan: %(c)s") % {"c": proposal.code}
                )
                return redirect("planning:track", code=proposal.code)
    context = {"area": village, "year": year, "form": form, "similar": similar, "staff": False}
    context.update(map_context(village))
    return render(request, "planning/proposal_form.html", context)


@require_POST
@access.own_account
def resident_support(request: HttpRequest, code: str) -> HttpResponse:
    account = _account(request)
    proposal = selectors.proposal_public(code)
    if proposal is None:
        raise Http404(_("Usulan tidak ditemukan."))
    try:
        services.proposal_support(actor=request.user, proposal=proposal, resident=account.resident)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dukungan Anda untuk %(c)s tercatat.") % {"c": proposal.code})
    return redirect("planning:resident_home")
