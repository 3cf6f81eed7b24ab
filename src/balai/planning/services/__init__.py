"""Every write of the planning module; import from here (``planning.services``)."""

from balai.planning.services.musrenbang import (
    criterion_add,
    criterion_delete,
    forum_close,
    forum_open,
    forum_score,
    forum_update,
    opd_add,
    opd_answer,
    proposal_assign_opd,
    proposal_decide_desa,
    proposal_merge,
    setup_save,
    theme_add,
)
from balai.planning.services.plans import (
    pagu_set,
    rkpdes_activity_create,
    rkpdes_activity_delete,
    rkpdes_activity_update,
    rpjmdes_create,
    rpjmdes_goal_add,
    rpjmdes_programme_add,
)
from balai.planning.services.proposals import (
    proposal_mark_duplicate,
    proposal_move,
    proposal_submit,
    proposal_support,
)

__all__ = [
    "criterion_add",
    "criterion_delete",
    "forum_close",
    "forum_open",
    "forum_score",
    "forum_update",
    "opd_add",
    "opd_answer",
    "pagu_set",
    "proposal_assign_opd",
    "proposal_decide_desa",
    "proposal_mark_duplicate",
    "proposal_merge",
    "proposal_move",
    "proposal_submit",
    "proposal_support",
    "rkpdes_activity_create",
    "rkpdes_activity_delete",
    "rkpdes_activity_update",
    "rpjmdes_create",
    "rpjmdes_goal_add",
    "rpjmdes_programme_add",
    "setup_save",
    "theme_add",
]
