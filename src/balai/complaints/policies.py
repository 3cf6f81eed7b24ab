"""Where the complaints dashboards apply."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from balai.regions.models import Level

# Dashboards sum villages: a village, a kecamatan or a kabupaten.
DASHBOARD_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)


def unit_officers_q(complaint: Any) -> Q:
    """Role assignments of the officers of *complaint*'s handling unit (who may be assigned it).

    The unit is the handler area; at a kabupaten it is also the handling office
    (DPMD, Dinkes …). Officers above the unit supervise it but are not its staff.
    """
    from balai.complaints.services.notifications import handler_roles

    q = Q(area_id=complaint.handler_area_id, role__in=handler_roles(), is_active=True)
    if complaint.handler_office:
        q &= Q(office=complaint.handler_office)
    return q
