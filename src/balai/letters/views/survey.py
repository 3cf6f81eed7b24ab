"""The resident's SKM answer about one of their finished letters."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.complaints.forms import SurveyForm
from balai.complaints.models import SKM_FIELDS
from balai.core.errors import DomainError
from balai.letters.selectors import requests as sel
from balai.letters.services.survey import letter_survey_submit
from balai.letters.views.resident import _account


@access.own_account
def resident_survey(request: HttpRequest, pk: int) -> HttpResponse:
    letter_request = sel.resident_request_get(_account(request), pk)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scores = {name: form.cleaned_data[name] for name in SKM_FIELDS}
        try:
            letter_survey_submit(
                request=letter_request, scores=scores, suggestion=form.cleaned_data["suggestion"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Terima kasih atas penilaian Anda."))
        return redirect("letters:resident_home")
    context = {"letter_request": letter_request, "form": form}
    return render(request, "letters/resident_survey.html", context)
