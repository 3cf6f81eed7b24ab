"""The personal iCal feed: make, regenerate or revoke its URL; serve it to calendar apps."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions.models import Level
from balai.supervision import selectors, services
from balai.supervision.views import ical_response

VIEW = Perm.SUPERVISION_VIEW
LEVELS = (Level.KECAMATAN, Level.KABUPATEN_KOTA)


@require_POST
@access.requires(VIEW)
def feed_manage(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=LEVELS)
    back = f"{reverse('supervision:agenda')}?wilayah={area.code}"
    if request.POST.get("action") == "cabut":
        services.feed_revoke(user=request.user)
        messages.success(
            request, _("Tautan kalender dicabut; aplikasi kalender tidak lagi bisa memakainya.")
        )
        return redirect(back)
    role = access.acting_role(request.user)
    if role is None:  # requires(VIEW) passed, so a role acts; kept for the type checker
        raise Http404
    try:
        _feed, key = services.feed_issue(user=request.user, role=role, area=area)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    url = request.build_absolute_uri(reverse("supervision:feed", args=[key]))
    response = render(
        request, "supervision/feed_created.html", {"area": area, "url": url, "back": back}
    )
    response["Cache-Control"] = "no-store"  # the secret is shown once, never cached
    return response


@require_GET
@access.public
def feed(request: HttpRequest, key: str) -> HttpResponse:
    # The secret in the URL stands for a login; anything wrong is a plain 404.
    found = selectors.feed_authenticate(key)
    if found is None:
        raise Http404(_("Kalender tidak ditemukan."))
    access.act_as(found.user, found.role)
    if not access.has_perm(found.user, VIEW, found.area):
        raise Http404(_("Kalender tidak ditemukan."))
    year = timezone.localdate().year
    return ical_response(
        request, user=found.user, area=found.area, years=[year - 1, year, year + 1]
    )
