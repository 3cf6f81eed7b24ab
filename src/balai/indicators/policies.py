"""Where the indicator pages apply."""

from __future__ import annotations

from balai.regions.models import Level

MONITORED_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)
