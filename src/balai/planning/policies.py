"""Who acts in which forum, who plans and who may change a proposal (data and small predicates)."""

from __future__ import annotations

from typing import Any

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.planning.models import Forum, ForumLevel, Origin, Proposal
from balai.registry.models import Resident

# The permission that runs a forum of each level (view: ``Perm.PLANNING_VIEW``).
FORUM_PERM: dict[str, str] = {
    ForumLevel.DESA: Perm.PLANNING_MANAGE,
    ForumLevel.KECAMATAN: Perm.PLANNING_KECAMATAN,
    ForumLevel.KABUPATEN: Perm.PLANNING_KABUPATEN,
}
# The permission that writes a village's RPJM Desa and RKP Desa (the village office).
PLAN_PERM = Perm.PLANNING_MANAGE


def may_run(user: Any, forum: Forum) -> bool:
    """Tell whether *user* may score, decide and close *forum*."""
    return access.has_perm(user, FORUM_PERM[forum.level], forum.area_id)


def may_open(user: Any, level: str, area_code: str) -> bool:
    """Tell whether *user* may open a *level* forum in *area_code*."""
    return access.has_perm(user, FORUM_PERM[level], area_code)


def may_plan(user: Any, village_code: str) -> bool:
    """Tell whether *user* may add, change and remove *village_code*'s RKP Desa activities."""
    return access.has_perm(user, PLAN_PERM, village_code)


def may_edit_proposal(user: Any, proposal: Proposal, *, resident: Resident | None) -> bool:
    """Tell whether *user* is the one who brought *proposal* (edits and withdraws it).

    A resident's own proposal: that resident (*resident*, logged in with NIK
    and PIN). A meeting's or group's proposal: the village office member who
    recorded it; one recorded before Balai kept the recorder, any planner of
    the village.
    """
    if proposal.origin == Origin.RESIDENT:
        return resident is not None and proposal.proposer_id == resident.pk
    if resident is not None or not may_plan(user, proposal.village_id):
        return False
    return proposal.entered_by_id is None or proposal.entered_by_id == user.pk


def may_change_proposal(user: Any, proposal: Proposal, *, resident: Resident | None) -> bool:
    """Tell whether *user* may edit or withdraw *proposal* now (theirs, and not yet decided)."""
    return proposal.is_undecided and may_edit_proposal(user, proposal, resident=resident)
