"""Who acts in which forum, and which stage a page lists (pure data and small predicates)."""

from __future__ import annotations

from typing import Any

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.planning.models import Forum, ForumLevel

# The permission that runs a forum of each level (view: ``Perm.PLANNING_VIEW``).
FORUM_PERM: dict[str, str] = {
    ForumLevel.DESA: Perm.PLANNING_MANAGE,
    ForumLevel.KECAMATAN: Perm.PLANNING_KECAMATAN,
    ForumLevel.KABUPATEN: Perm.PLANNING_KABUPATEN,
}


def may_run(user: Any, forum: Forum) -> bool:
    """Tell whether *user* may score, decide and close *forum*."""
    return access.has_perm(user, FORUM_PERM[forum.level], forum.area_id)


def may_open(user: Any, level: str, area_code: str) -> bool:
    """Tell whether *user* may open a *level* forum in *area_code*."""
    return access.has_perm(user, FORUM_PERM[level], area_code)
