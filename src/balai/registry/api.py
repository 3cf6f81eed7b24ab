"""Registry API: residents, families and events; statistics; imports."""

from ninja import Router

from balai.registry.api_imports import router as imports_router
from balai.registry.api_people import router as people_router
from balai.registry.api_stats import router as stats_router

router = Router(tags=["penduduk"])
router.add_router("/people", people_router)
router.add_router("/stats", stats_router)
router.add_router("/imports", imports_router)
