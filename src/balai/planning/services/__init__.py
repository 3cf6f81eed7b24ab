"""Every write of the planning module; import from here (``planning.services``)."""

from balai.planning.services.plans import (
    pagu_set,
    rkpdes_activity_create,
    rkpdes_activity_delete,
    rkpdes_activity_update,
    rpjmdes_create,
    rpjmdes_goal_add,
    rpjmdes_programme_add,
)

__all__ = [
    "pagu_set",
    "rkpdes_activity_create",
    "rkpdes_activity_delete",
    "rkpdes_activity_update",
    "rpjmdes_create",
    "rpjmdes_goal_add",
    "rpjmdes_programme_add",
]
