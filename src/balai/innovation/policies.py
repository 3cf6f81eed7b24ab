"""Who may do what with an innovation, and when an answer may still change.

One place for the rules views, templates and the API ask: the owner's users
fill in (an office's staff for that office, a kecamatan's or a village's
staff for their own area), Bappeda/Litbang verifies and enters the SPD, and
nothing changes once the kabupaten closes the round's verification.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.innovation.models import (
    Answer,
    Assessment,
    Innovation,
    InnovationStatus,
    OwnerKind,
    Review,
    RuleSet,
)
from balai.regions.models import Level

OWNER_LEVELS: dict[str, str] = {
    OwnerKind.OFFICE: Level.KABUPATEN_KOTA,
    OwnerKind.KECAMATAN: Level.KECAMATAN,
    OwnerKind.VILLAGE: Level.DESA_KELURAHAN,
}


def owner_of(user: Any) -> tuple[str, Any, str] | None:
    """Return (owner kind, area, office) the user's acting role fills in for, or None."""
    role = access.acting_role(user)
    if role is None or role.area is None or not access.has_perm(user, Perm.INNOVATION_EDIT):
        return None
    level = role.area.level
    if level == Level.KABUPATEN_KOTA:
        return (OwnerKind.OFFICE, role.area, role.office) if role.office else None
    if level == Level.KECAMATAN:
        return OwnerKind.KECAMATAN, role.area, ""
    if level == Level.DESA_KELURAHAN:
        return OwnerKind.VILLAGE, role.area, ""
    return None


def is_owner(user: Any, innovation: Innovation) -> bool:
    owner = owner_of(user)
    if owner is None:
        return False
    kind, area, office = owner
    return (
        kind == innovation.owner_kind
        and area.code == innovation.area_id
        and office == innovation.office
    )


def can_verify(user: Any, assessment: Assessment) -> bool:
    return access.has_perm(user, Perm.INNOVATION_VERIFY, str(assessment.kabupaten_id))


def ensure_open(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise DomainError(
            _("Verifikasi IID %(year)s sudah ditutup: isian tidak dapat diubah lagi.")
            % {"year": assessment.year},
            code="round_closed",
        )


def ensure_editable(innovation: Innovation) -> None:
    """Raise unless the owner may change the innovation now."""
    ensure_open(innovation.assessment)
    if innovation.status == InnovationStatus.SUBMITTED:
        raise DomainError(
            _("Inovasi sedang menunggu verifikasi Bappeda; ubah setelah dikembalikan."),
            code="under_review",
        )
    if innovation.status == InnovationStatus.VERIFIED:
        raise DomainError(
            _("Inovasi sudah terverifikasi; isiannya tidak dapat diubah."), code="verified"
        )


def ensure_answer_editable(answer: Answer) -> None:
    if answer.innovation is None:
        ensure_open(answer.assessment)
        return
    ensure_editable(answer.innovation)
    if answer.review == Review.ACCEPTED:
        raise DomainError(
            _("Indikator %(n)s sudah diterima verifikator; isiannya tidak dapat diubah.")
            % {"n": answer.indicator.label},
            code="accepted",
        )


def may_edit(user: Any, innovation: Innovation) -> bool:
    """Tell whether the page should offer editing (owner, round open, not locked)."""
    if not is_owner(user, innovation):
        return False
    try:
        ensure_editable(innovation)
    except DomainError:
        return False
    return True


# ---- the scoring method (rule set) -------------------------------------------------


def ruleset_locked(rule_set: RuleSet) -> bool:
    """A method a closed round was scored with is history: it never changes again."""
    return rule_set.assessments.filter(closed_at__isnull=False).exists()


def ensure_ruleset_open(rule_set: RuleSet) -> None:
    if ruleset_locked(rule_set):
        raise DomainError(
            _(
                "Metode IID %(year)s dipakai penilaian yang verifikasinya sudah ditutup; "
                "metode itu tidak dapat diubah lagi. Salin menjadi metode tahun lain."
            )
            % {"year": rule_set.year},
            code="ruleset_locked",
        )


def may_manage_methods(user: Any) -> bool:
    """Bappeda/Litbang of a kabupaten (the verifier) copies and edits scoring methods."""
    role = access.acting_role(user)
    area = getattr(role, "area", None)
    return (
        area is not None
        and area.level == Level.KABUPATEN_KOTA
        and access.has_perm(user, Perm.INNOVATION_VERIFY, area.code)
    )


def may_edit_ruleset(user: Any, rule_set: RuleSet) -> bool:
    """Tell whether *user* may change *rule_set* now.

    The method of a year is shared by every kabupaten's round of that year, so a
    Bappeda changes it only while no other kabupaten's round uses it, and only while
    no round scored with it is closed.
    """
    role = access.acting_role(user)
    if role is None or role.area is None or not may_manage_methods(user):
        return False
    own = role.area.code
    if rule_set.assessments.exclude(kabupaten_id=own).exists():
        return False
    return not ruleset_locked(rule_set)
