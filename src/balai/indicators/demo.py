"""Demo data: compute every fact of the demo kabupaten (after the modules built theirs)."""

from __future__ import annotations

from typing import Any

from balai.indicators.services import indicator_refresh
from balai.regions.models import Area


def build(kabupaten: Area, options: Any) -> str:
    """Refresh all facts in *kabupaten*; return a one-line summary."""
    report = indicator_refresh(villages=[kabupaten.code])
    return f"{report.written} fakta dari {report.indicators} indikator ({report.seconds:.1f} dtk)"
