"""Who may open an area's page."""

from __future__ import annotations

from typing import Any

from balai.accounts import access
from balai.regions.models import Area


def area_visible(user: Any, area: Area) -> bool:
    """Tell whether *user* may open *area*'s page: every Kemendagri area, sub-areas inside scope."""
    return not area.is_subvillage or access.may_see_subareas(user, area)
