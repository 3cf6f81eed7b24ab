"""Links to pages of one area: straight to the role's own area, else through a picker."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from balai.accounts import access
from balai.core import menu


def area_page_url(user: Any, url_name: str) -> str | None:
    """Return the link *user* should follow to the area page *url_name* (None: no access).

    A role whose area is of one of the page's levels goes straight to it; a role
    above them (a camat on a village page, a national admin) goes to the picker;
    a role below them has no such page.
    """
    page = menu.area_page(url_name)
    if page is None or not access.page_area_allowed(user, page.perm, levels=page.levels):
        return None
    role = access.acting_role(user)
    area = getattr(role, "area", None)
    if area is not None and area.level in page.levels:
        return reverse(url_name, kwargs={"code": area.code})
    return f"{reverse('accounts:pick_area')}?{urlencode({'ke': url_name})}"
