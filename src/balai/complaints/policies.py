"""Where the complaints dashboards apply."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from balai.accounts.roles import ROLE_PERMS, Perm
from balai.regions.models import Level

# Dashboards sum villages: a village, a kecamatan or a kabupaten.
DASHBOARD_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)


def handler_roles() -> list[str]:
    """Return the roles that may handle complaints."""
    return [role for role, perms in ROLE_PERMS.items() if Perm.COMPLAINTS_HANDLE in perms]


def unit_officers_q(complaint: Any) -> Q:
    """Role assignments of the officers of *complaint*'s handling unit (who may be assigned it).

    The unit is the handler area; at a kabupaten it is also the handling office
    (DPMD, Dinkes …). Officers above the unit supervise it but are not its staff.
    """
    q = Q(area_id=complaint.handler_area_id, role__in=handler_roles(), is_active=True)
    if complaint.handler_office:
        q &= Q(office=complaint.handler_office)
    return q
