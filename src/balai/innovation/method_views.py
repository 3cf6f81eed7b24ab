"""Pages of the scoring methods: Bappeda/Litbang copies a year's method and edits its numbers.

The method of a year is data (``RuleSet``); it stays editable while no round scored
with it is closed (``policies.ensure_ruleset_open``) and no other kabupaten's round
uses it (``policies.may_edit_ruleset``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.innovation import policies, services
from balai.innovation.forms import RuleSetCopyForm, RuleSetForm
from balai.innovation.models import RuleSet


def _manager(request: HttpRequest) -> None:
    if not policies.may_manage_methods(request.user):
        raise PermissionDenied(_("Metode penilaian IID dikelola Bappeda/Litbang kabupaten/kota."))


@access.requires(Perm.INNOVATION_VERIFY)
def method_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    rule_sets = RuleSet.objects.annotate(
        rounds=Count("assessments"),
        closed=Count("assessments", filter=Q(assessments__closed_at__isnull=False)),
    ).order_by("-year")
    form = RuleSetCopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = services.ruleset_copy(
                actor=request.user,
                source=form.cleaned_data["source"],
                year=form.cleaned_data["year"],
                name=_("Metode IID %(y)s (salinan metode %(s)s)")
                % {"y": form.cleaned_data["year"], "s": form.cleaned_data["source"].year},
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("Metode %(y)s dibuat; sesuaikan angkanya.") % {"y": rule_set.year}
            )
            return redirect("innovation:method", pk=rule_set.pk)
    return render(request, "innovation/methods.html", {"rule_sets": rule_sets, "form": form})


@access.requires(Perm.INNOVATION_VERIFY)
def method_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    rule_set = RuleSet.objects.filter(pk=pk).first()
    if rule_set is None:
        raise Http404(_("Metode penilaian tidak ditemukan."))
    may_edit = policies.may_edit_ruleset(request.user, rule_set)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied(_("Metode ini tidak dapat diubah."))
    form = RuleSetForm(request.POST or None, rule_set=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.ruleset_update(
                actor=request.user,
                rule_set=rule_set,
                mandatory=form.cleaned_data["mandatory"],
                **form.service_fields(),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Metode %(y)s disimpan.") % {"y": rule_set.year})
            return redirect("innovation:method", pk=rule_set.pk)
    context = {
        "rule_set": rule_set,
        "form": form,
        "may_edit": may_edit,
        "locked": policies.ruleset_locked(rule_set),
        "indicators": rule_set.indicators.all(),
    }
    return render(request, "innovation/method.html", context)
