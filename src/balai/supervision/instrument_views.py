"""Pages of the kabupaten's instruments: list, default set, add/edit/deactivate, questions.

Reading never writes: the default set is made by an explicit action here
(or when the first visit of the kabupaten starts), not on a GET.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.regions.models import Area, Level
from balai.supervision import policies, selectors, services
from balai.supervision.forms import (
    InstrumentEditForm,
    InstrumentForm,
    QuestionEditForm,
    QuestionForm,
)
from balai.supervision.models import Instrument

VIEW, INSTRUMENTS = Perm.SUPERVISION_VIEW, Perm.SUPERVISION_INSTRUMENTS
LEVELS = (Level.KECAMATAN, Level.KABUPATEN_KOTA)


def _kabupaten(request: HttpRequest) -> tuple[Area, Area]:
    area = access.page_area(request, VIEW, levels=LEVELS)
    return area, Area.objects.get(code=areacodes.kabupaten_code(area.code))


def _require_edit(request: HttpRequest, kabupaten_code: str) -> None:
    if not policies.may_edit_instruments(request.user, kabupaten_code):
        raise PermissionDenied(_("Instrumen dikelola oleh kabupaten (DPMD, Inspektorat)."))


@access.requires(VIEW)
def instruments(request: HttpRequest) -> HttpResponse:
    area, kabupaten = _kabupaten(request)
    may_edit = policies.may_edit_instruments(request.user, kabupaten.code)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST":
        _require_edit(request, kabupaten.code)
        if form.is_valid():
            try:
                instrument = services.instrument_create(
                    actor=request.user, kabupaten=kabupaten, **form.cleaned_data
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Instrumen ditambahkan; isi pertanyaannya."))
                return redirect("supervision:instrument", pk=instrument.pk)
    context = {
        "area": area,
        "kabupaten": kabupaten,
        "instruments": selectors.instruments_of(kabupaten.code),
        "form": form,
        "may_edit": may_edit,
    }
    return render(
        request, "supervision/instruments.html", context, status=400 if form.errors else 200
    )


@require_POST
@access.requires(INSTRUMENTS)
def instruments_defaults(request: HttpRequest) -> HttpResponse:
    area, kabupaten = _kabupaten(request)
    _require_edit(request, kabupaten.code)
    made = services.instruments_ensure_defaults(actor=request.user, kabupaten=kabupaten)
    if made:
        messages.success(request, _("Instrumen baku dipasang untuk %(k)s.") % {"k": kabupaten.name})
    else:
        messages.info(request, _("Kabupaten ini sudah punya instrumen; tidak ada yang diubah."))
    return redirect(f"{reverse('supervision:instruments')}?wilayah={area.code}")


def _detail_context(
    request: HttpRequest, instrument: Instrument, **forms: object
) -> dict[str, object]:
    may_edit = policies.may_edit_instruments(request.user, str(instrument.area_id))
    return {
        "area": instrument.area,
        "instrument": instrument,
        "questions": instrument.questions.order_by("-is_active", "order", "pk"),
        "may_edit": may_edit,
        "edit_form": forms.get("edit_form")
        or InstrumentEditForm(initial={"name": instrument.name, "is_active": instrument.is_active}),
        "question_form": forms.get("question_form") or QuestionForm(),
    }


@access.requires(VIEW)
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return render(request, "supervision/instrument.html", _detail_context(request, instrument))
    _require_edit(request, str(instrument.area_id))
    instrument = selectors.instrument_get_for_user(user=request.user, pk=pk, write=True)
    if request.POST.get("action") == "instrument":
        edit_form = InstrumentEditForm(request.POST)
        if edit_form.is_valid():
            try:
                services.instrument_update(
                    actor=request.user, instrument=instrument, **edit_form.cleaned_data
                )
            except DomainError as exc:
                apply_domain_error(edit_form, exc)
            else:
                messages.success(request, _("Instrumen disimpan."))
                return redirect("supervision:instrument", pk=instrument.pk)
        context = _detail_context(request, instrument, edit_form=edit_form)
    else:
        question_form = QuestionForm(request.POST)
        if question_form.is_valid():
            try:
                services.question_add(
                    actor=request.user, instrument=instrument, **question_form.cleaned_data
                )
            except DomainError as exc:
                apply_domain_error(question_form, exc)
            else:
                messages.success(request, _("Pertanyaan ditambahkan."))
                return redirect("supervision:instrument", pk=instrument.pk)
        context = _detail_context(request, instrument, question_form=question_form)
    return render(request, "supervision/instrument.html", context, status=400)


@access.requires(INSTRUMENTS)
def question_edit(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    instrument = selectors.instrument_get_for_user(user=request.user, pk=pk, write=True)
    item = selectors.question_get_for_user(user=request.user, instrument=instrument, pk=question)
    initial = {
        f: getattr(item, f)
        for f in ("text", "answer_type", "choices", "evidence", "rule", "finding_if", "order")
    }
    form = QuestionEditForm(request.POST or None, initial={**initial, "is_active": item.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.question_update(actor=request.user, question=item, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if saved.pk != item.pk:
                messages.success(
                    request,
                    _(
                        "Pertanyaan sudah pernah ditanyakan: versi lama disimpan untuk "
                        "kunjungan itu dan versi baru dipakai mulai sekarang."
                    ),
                )
            else:
                messages.success(request, _("Pertanyaan disimpan."))
            return redirect("supervision:instrument", pk=instrument.pk)
    context = {
        "area": instrument.area,
        "instrument": instrument,
        "question": item,
        "form": form,
        "was_asked": selectors.question_was_asked(item),
    }
    return render(
        request, "supervision/question_edit.html", context, status=400 if form.errors else 200
    )
