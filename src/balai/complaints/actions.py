"""Glue between the officers' action form (web and API) and the workflow services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.models import User
from balai.accounts.roles import Perm
from balai.complaints import services
from balai.complaints.forms import ActionForm, CategoryForm
from balai.complaints.models import Category, Complaint
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.regions.models import Area, Level


class ActionError(Exception):
    """The action form itself was invalid."""


def run_action(user: Any, complaint: Complaint, data: Mapping[str, Any]) -> str:
    """Run the officer's action in *data* on *complaint*; return a success message."""
    form = ActionForm(data)
    if not form.is_valid():
        raise ActionError(_("Data tindakan tidak valid: %(e)s") % {"e": form.errors.as_text()})
    action = form.cleaned_data["action"]
    text = form.cleaned_data["text"] or ""
    if action == "verify":
        services.complaint_verify(
            complaint=complaint,
            actor=user,
            classification=form.cleaned_data["classification"] or None,
            note=text,
        )
        return _("Pengaduan diverifikasi.")
    if action == "hold":
        services.complaint_hold(complaint=complaint, actor=user, reason=text)
        return _("Pengaduan ditunda.")
    if action == "reject":
        services.complaint_reject(complaint=complaint, actor=user, reason=text)
        return _("Pengaduan ditolak.")
    if action == "forward":
        target = Area.objects.filter(code=form.cleaned_data["target"] or "").first()
        if target is None:
            raise DomainError(_("Unit tujuan tidak ditemukan."))
        services.complaint_forward(
            complaint=complaint,
            actor=user,
            target=target,
            office=form.cleaned_data["office"] or "",
            reason=text,
        )
        return _("Pengaduan diteruskan.")
    if action == "assign":
        assignee = User.objects.filter(pk=form.cleaned_data["assignee"] or 0).first()
        services.complaint_assign(complaint=complaint, actor=user, assignee=assignee, note=text)
        return _("Pengaduan didisposisikan.")
    if action == "respond":
        services.complaint_respond(complaint=complaint, actor=user, text=text)
        return _("Tindak lanjut dikirim.")
    if action == "resolve":
        services.complaint_resolve(complaint=complaint, actor=user, text=text)
        return _("Pengaduan diselesaikan.")
    if action == "note":
        services.complaint_note(complaint=complaint, actor=user, text=text)
        return _("Catatan disimpan.")
    services.complaint_instruct(complaint=complaint, actor=user, text=text)
    return _("Arahan dikirim ke unit penangan.")


def counter_villages(user: Any) -> list[Area]:
    """Return the villages where *user* may record complaints at the counter."""
    qs = Area.objects.filter(level=Level.DESA_KELURAHAN, is_active=True)
    return list(
        access.scoped(qs, user, Perm.COMPLAINTS_HANDLE, field="code").order_by("code")[:500]
    )


def save_category(
    user: Any, kabupaten: Area, data: Mapping[str, Any]
) -> tuple[CategoryForm, Category | None]:
    """Validate and save a kabupaten's category from *data*."""
    form = CategoryForm(data)
    if not form.is_valid():
        return form, None
    try:
        category = services.category_save(actor=user, kabupaten=kabupaten, **form.cleaned_data)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return form, None
    return form, category
