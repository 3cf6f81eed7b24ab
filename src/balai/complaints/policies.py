"""Where the complaints dashboards apply."""

from __future__ import annotations

from balai.regions.models import Level

# Dashboards sum villages: a village, a kecamatan or a kabupaten.
DASHBOARD_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)
