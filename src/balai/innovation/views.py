"""Pages of the innovation module: inventory, indicators and evidence, verification,
the IID with its simulation and ranking, exports and the public catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Office, Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.innovation import exports, policies, selectors, services
from balai.innovation.forms import AnswerForm, AssessmentForm, InnovationForm, ReviewForm
from balai.innovation.models import (
    Answer,
    Assessment,
    Evidence,
    Innovation,
    InnovationStatus,
    Review,
    Urusan,
)
from balai.letters.actions import pdf_response
from balai.regions.models import Level


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    found = selectors.assessments_for_user(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Penilaian IID tidak ditemukan."))
    return found


def _open_round(user: Any) -> Assessment | None:
    return (
        selectors.assessments_for_user(user=user)
        .filter(closed_at__isnull=True)
        .order_by("-rule_set__year")
        .first()
    )


@access.requires(Perm.INNOVATION_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    qs = selectors.innovation_list(user=request.user).order_by(
        "-assessment__rule_set__year", "name"
    )
    status = request.GET.get("status", "")
    if status in InnovationStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    rounds = list(selectors.assessments_for_user(user=request.user)[:5])
    verify = [a for a in rounds if policies.can_verify(request.user, a)]
    context = {
        "page": page,
        "status": status,
        "statuses": InnovationStatus.choices,
        "rounds": rounds,
        "verify_rounds": verify,
        "owner": policies.owner_of(request.user),
        "open_round": _open_round(request.user),
        "may_open_round": access.has_perm(request.user, Perm.INNOVATION_VERIFY)
        and _own_kabupaten(request.user) is not None,
        "may_manage_methods": policies.may_manage_methods(request.user),
    }
    return render(request, "innovation/index.html", context)


def _own_kabupaten(user: Any) -> Any:
    role = access.acting_role(user)
    area = getattr(role, "area", None)
    return area if area is not None and area.level == Level.KABUPATEN_KOTA else None


@access.requires(Perm.INNOVATION_EDIT)
def create(request: HttpRequest) -> HttpResponse:
    owner = policies.owner_of(request.user)
    assessment = _open_round(request.user)
    if owner is None:
        raise Http404(_("Peran Anda tidak memiliki inovasi sendiri (pilih peran kantor/wilayah)."))
    if assessment is None:
        messages.error(
            request, _("Belum ada penilaian IID yang dibuka Bappeda untuk kabupaten Anda.")
        )
        return redirect("innovation:index")
    form = InnovationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, area, office = owner
        try:
            innovation = services.innovation_create(
                actor=request.user,
                assessment=assessment,
                owner_kind=kind,
                area=area,
                office=office,
                **form.cleaned_data,
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Inovasi dicatat. Lengkapi indikator dan buktinya."))
            return redirect(innovation)
    return render(
        request, "innovation/form.html", {"form": form, "assessment": assessment, "owner": owner}
    )


def _innovation(request: HttpRequest, pk: int) -> Innovation:
    return selectors.innovation_get_for_user(user=request.user, pk=pk)


@access.requires(Perm.INNOVATION_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = _innovation(request, pk)
    answers = selectors.answers_of(innovation)
    verifier = policies.can_verify(request.user, innovation.assessment)
    context = {
        "innovation": innovation,
        "answers": answers,
        "completeness": selectors.completeness(answers),
        "may_edit": policies.may_edit(request.user, innovation),
        "may_verify": verifier and not innovation.assessment.is_closed,
        "late": innovation.submitted_at is not None
        and timezone.localdate(innovation.submitted_at) > innovation.assessment.deadline,
        "Review": Review,
    }
    return render(request, "innovation/detail.html", context)


@access.requires(Perm.INNOVATION_EDIT)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = _innovation(request, pk)
    if not policies.is_owner(request.user, innovation):
        raise PermissionDenied(_("Hanya pemilik inovasi yang dapat mengubahnya."))
    form = InnovationForm(request.POST or None, instance=innovation)
    if request.method == "POST" and form.is_valid():
        try:
            services.innovation_update(
                actor=request.user, innovation=innovation, **form.cleaned_data
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Profil inovasi disimpan."))
            return redirect(innovation)
    return render(
        request,
        "innovation/form.html",
        {"form": form, "innovation": innovation, "assessment": innovation.assessment},
    )


def _save_answer(request: HttpRequest, answer: Answer, back: str) -> HttpResponse:
    form = AnswerForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(m) for ms in form.errors.values() for m in ms))
        data = form.cleaned_data
        services.answer_set(
            actor=request.user, answer=answer, parameter=data["parameter"], note=data["note"]
        )
        upload = data.get("file")
        if upload is not None:
            services.evidence_add(
                actor=request.user, answer=answer, upload=upload, name=upload.name, size=upload.size
            )
        if data.get("url"):
            services.evidence_add(actor=request.user, answer=answer, url=data["url"])
    except DomainError as exc:
        messages.error(
            request, _("Indikator %(n)s: %(e)s") % {"n": answer.indicator.label, "e": exc.message}
        )
    else:
        messages.success(request, _("Indikator %(n)s disimpan.") % {"n": answer.indicator.label})
    return redirect(f"{back}#indikator-{answer.indicator.label}")


@require_POST
@access.requires(Perm.INNOVATION_EDIT)
def answer_save(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    innovation = _innovation(request, pk)
    if not policies.is_owner(request.user, innovation):
        raise PermissionDenied(_("Hanya pemilik inovasi yang dapat mengisi indikatornya."))
    answer = innovation.answers.select_related("indicator").filter(pk=answer_pk).first()
    if answer is None:
        raise Http404(_("Indikator tidak ditemukan."))
    return _save_answer(request, answer, innovation.get_absolute_url())


@require_POST
@access.requires(Perm.INNOVATION_EDIT)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = _innovation(request, pk)
    if not policies.is_owner(request.user, innovation):
        raise PermissionDenied(_("Hanya pemilik inovasi yang dapat mengajukannya."))
    try:
        services.innovation_submit(actor=request.user, innovation=innovation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Inovasi diajukan ke Bappeda untuk verifikasi."))
    return redirect(innovation)


@require_POST
@access.requires(Perm.INNOVATION_VERIFY)
def review(request: HttpRequest, answer_pk: int) -> HttpResponse:
    answer = (
        Answer.objects.select_related("innovation", "assessment", "indicator")
        .filter(pk=answer_pk, innovation__isnull=False)
        .first()
    )
    if answer is None or not policies.can_verify(request.user, answer.assessment):
        raise Http404(_("Indikator tidak ditemukan."))
    form = ReviewForm(request.POST)
    assert answer.innovation is not None  # noqa: S101 -- filtered above
    if not form.is_valid():
        messages.error(request, _("Pilih terima atau tolak."))
        return redirect(answer.innovation)
    try:
        services.answer_review(
            actor=request.user,
            answer=answer,
            accept=form.cleaned_data["decision"] == "terima",
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(
            request, _("Indikator %(n)s: %(e)s") % {"n": answer.indicator.label, "e": exc.message}
        )
    else:
        messages.success(
            request, _("Verifikasi indikator %(n)s disimpan.") % {"n": answer.indicator.label}
        )
    return redirect(f"{answer.innovation.get_absolute_url()}#indikator-{answer.indicator.label}")


def _evidence(request: HttpRequest, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("answer__innovation", "answer__assessment")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(_("Bukti tidak ditemukan."))
    innovation = evidence.answer.innovation
    if innovation is not None:
        _innovation(request, innovation.pk)  # 404 outside the user's scope
    elif not access.has_perm(
        request.user, Perm.INNOVATION_VIEW, str(evidence.answer.assessment.kabupaten_id)
    ):
        raise Http404(_("Bukti tidak ditemukan."))
    return evidence


@access.requires(Perm.INNOVATION_VIEW)
def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = _evidence(request, pk)
    if evidence.is_link:
        return redirect(evidence.url)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=evidence.content_type == "application/pdf",
        filename=evidence.original_name or str(evidence.file.name or "").rsplit("/", 1)[-1],
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@access.requires(Perm.INNOVATION_EDIT)
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    answer = evidence.answer
    innovation = answer.innovation
    if innovation is None:
        if not policies.can_verify(request.user, answer.assessment):
            raise PermissionDenied(_("Hanya Bappeda yang mengisi indikator SPD."))
        back = reverse("innovation:spd", args=[answer.assessment_id])
    else:
        if not policies.is_owner(request.user, innovation):
            raise PermissionDenied(_("Hanya pemilik inovasi yang dapat menghapus buktinya."))
        back = innovation.get_absolute_url()
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bukti dihapus."))
    return redirect(back)


@access.requires(Perm.INNOVATION_VIEW)
def profile_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = _innovation(request, pk)
    result = selectors.iid(innovation.assessment)
    score = result.innovation_score(innovation.pk) if innovation.pk in result.innovations else None
    return pdf_response(
        exports.profile_pdf(innovation, score), f"profil-inovasi-{innovation.pk}.pdf"
    )


@access.requires(Perm.INNOVATION_VIEW)
def evidence_bundle(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    innovation = _innovation(request, pk)
    answers = selectors.answers_of(innovation)
    response = StreamingHttpResponse(
        exports.evidence_zip(innovation, answers), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="bukti-inovasi-{innovation.pk}.zip"'
    return response


# ---- the round: score, simulation, ranking, SPD, verification queue ------------------


def _simulation(request: HttpRequest, assessment: Assessment) -> dict[str, Any] | None:
    """Read ?inovasi=&indikator=&parameter=&bukti= and return before/after, or None."""
    try:
        pk = int(request.GET.get("inovasi", ""))
        label = request.GET.get("indikator", "")
        raw = request.GET.get("parameter", "")
        parameter = int(raw) if raw else None
    except ValueError:
        return {"error": _("Isian simulasi tidak sah.")}
    if parameter is not None and parameter not in (1, 2, 3):
        return {"error": _("Parameter harus 1, 2 atau 3.")}
    visible = selectors.innovation_list(user=request.user).filter(assessment=assessment, pk=pk)
    answer = next(
        (
            a
            for a in Answer.objects.filter(innovation__in=visible).select_related("indicator")
            if a.indicator.label == label
        ),
        None,
    )
    if answer is None:
        return {"error": _("Pilih inovasi dan indikatornya.")}
    proven = request.GET.get("bukti", "1") == "1"
    before = selectors.iid(assessment)
    after = selectors.iid(assessment, overrides={answer.pk: (parameter, proven)})
    return {
        "answer": answer,
        "parameter": parameter,
        "proven": proven,
        "before": before.score,
        "after": after.score,
        "delta": after.score.iid - before.score.iid,
        "counted": answer.innovation_id in before.innovations,
    }


@access.requires(Perm.INNOVATION_VIEW)
def latest_round(request: HttpRequest, part: str = "skor") -> HttpResponse:
    """The menu's target: the newest IID round the user sees (no query on every page's menu).

    It shows that round's page itself (a menu link answers 200, never a redirect).
    """
    latest = selectors.assessments_for_user(user=request.user).order_by("-rule_set__year").first()
    if latest is None:
        return render(request, "innovation/no_round.html")
    if part == "spd" and policies.can_verify(request.user, latest):
        return spd(request, latest.pk)
    return score(request, latest.pk)


@access.requires(Perm.INNOVATION_VIEW)
def score(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    result = selectors.iid(assessment)
    simulation = _simulation(request, assessment) if "inovasi" in request.GET else None
    visible = selectors.innovation_list(user=request.user).filter(assessment=assessment)
    context = {
        "assessment": assessment,
        "result": result,
        "s": result.score,
        "ranking": selectors.ranking(result),
        "simulation": simulation,
        "sim_innovations": visible.order_by("name"),
        "sid_indicators": assessment.rule_set.indicators.filter(aspect="sid"),
        "may_verify": policies.can_verify(request.user, assessment),
        "pending": selectors.pending_reviews(assessment)
        if policies.can_verify(request.user, assessment)
        else [],
        "bands": assessment.rule_set.bands,
    }
    return render(request, "innovation/score.html", context)


@access.requires(Perm.INNOVATION_VERIFY)
def spd(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not policies.can_verify(request.user, assessment):
        raise Http404(_("Penilaian IID tidak ditemukan."))
    answers = list(
        assessment.answers.filter(innovation=None)
        .select_related("indicator")
        .prefetch_related("evidence")
    )
    return render(request, "innovation/spd.html", {"assessment": assessment, "answers": answers})


@require_POST
@access.requires(Perm.INNOVATION_VERIFY)
def spd_save(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not policies.can_verify(request.user, assessment):
        raise Http404(_("Penilaian IID tidak ditemukan."))
    answer = (
        assessment.answers.filter(innovation=None, pk=answer_pk).select_related("indicator").first()
    )
    if answer is None:
        raise Http404(_("Indikator tidak ditemukan."))
    return _save_answer(request, answer, reverse("innovation:spd", args=[assessment.pk]))


@require_POST
@access.requires(Perm.INNOVATION_VERIFY)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not policies.can_verify(request.user, assessment):
        raise Http404(_("Penilaian IID tidak ditemukan."))
    try:
        services.assessment_close(actor=request.user, assessment=assessment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Verifikasi IID %(y)s ditutup.") % {"y": assessment.year})
    return redirect("innovation:score", pk=assessment.pk)


@access.requires(Perm.INNOVATION_VERIFY)
def open_round(request: HttpRequest) -> HttpResponse:
    kabupaten = _own_kabupaten(request.user)
    if kabupaten is None:
        raise Http404(_("Penilaian IID dibuka oleh Bappeda kabupaten/kota."))
    access.require(request.user, Perm.INNOVATION_VERIFY, kabupaten)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_open(
                actor=request.user,
                kabupaten=kabupaten,
                year=form.cleaned_data["year"],
                deadline=form.cleaned_data["deadline"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Penilaian IID dibuka."))
            return redirect("innovation:score", pk=assessment.pk)
    return render(request, "innovation/open_round.html", {"form": form, "kabupaten": kabupaten})


# ---- public catalogue ------------------------------------------------------------------


@access.public
def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    urusan = request.GET.get("urusan", "")
    urusan = urusan if urusan in Urusan.values else ""
    owner = request.GET.get("pemilik", "").strip()[:20]
    qs = selectors.catalogue(q=q, urusan=urusan, owner=owner)
    page = Paginator(qs, 30).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "q": q,
        "urusan": urusan,
        "owner": owner,
        "urusan_choices": Urusan.choices,
        "offices": Office.choices,
    }
    return render(request, "innovation/catalogue.html", context)


@access.public
def catalogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = selectors.catalogue().filter(pk=pk).first()
    if innovation is None:
        raise Http404(_("Inovasi tidak ditemukan di katalog."))
    return render(request, "innovation/catalogue_detail.html", {"innovation": innovation})
