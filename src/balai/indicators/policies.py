"""Where the indicator pages apply."""

from __future__ import annotations

from balai.regions.models import Level

MONITORED_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)
# The basic-service gap table: per village of a kabupaten or a kecamatan.
GAP_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN)
