"""Who may do what to binwas records (one place; views, menus and the API call these)."""

from __future__ import annotations

from typing import Any

from balai.accounts import access
from balai.accounts.roles import Perm, Role
from balai.core import areacodes
from balai.supervision.models import FollowUp, FollowUpStatus, Responsible

# Working days a village gets to act on a finding unless the team says otherwise.
DEFAULT_DUE_DAYS = 10
# Photos per visit and the largest upload (the complaints' cleaner enforces 5 MB).
MAX_PHOTOS = 20


def verifier_code(item: FollowUp) -> str:
    """Return the area whose supervisors verify *item*: the rakor's area, else the kecamatan."""
    if item.meeting is not None:
        return str(item.meeting.area_id)
    return areacodes.kecamatan_code(str(item.area_id))


def may_verify(user: Any, item: FollowUp) -> bool:
    """Tell whether *user* may close or return *item* (it must have been answered)."""
    return access.has_perm(user, Perm.SUPERVISION_MANAGE, verifier_code(item))


def may_respond(user: Any, item: FollowUp) -> bool:
    """Tell whether *user* answers *item* for its responsible party.

    A village item is answered by the village office; an office item by that
    office's kabupaten staff; a kecamatan item by the kecamatan.
    """
    if item.status not in (FollowUpStatus.OPEN, FollowUpStatus.RETURNED):
        return False
    role = access.acting_role(user)
    if role is None:
        return False
    code = str(item.area_id)
    if item.responsible == Responsible.VILLAGE:
        return (
            role.area is not None
            and len(role.area.code) == areacodes.VILLAGE_CODE_LENGTH
            and access.has_perm(user, Perm.SUPERVISION_RESPOND, code)
        )
    if item.responsible == Responsible.OFFICE:
        return (
            role.role == Role.KABUPATEN_STAFF
            and role.office == item.office
            and access.has_perm(user, Perm.SUPERVISION_RESPOND, code)
        )
    return access.has_perm(user, Perm.SUPERVISION_MANAGE, areacodes.kecamatan_code(code))


def may_edit_instruments(user: Any, kabupaten_code: str) -> bool:
    """Tell whether *user* may add, change or deactivate the instruments of a kabupaten.

    DPMD and the Inspektorat (offices granted ``supervision.instruments``)
    define the checklists their kabupaten's villages are supervised against.
    """
    return access.has_perm(user, Perm.SUPERVISION_INSTRUMENTS, kabupaten_code)
