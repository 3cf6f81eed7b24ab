"""A fixed-window counter per client address in the shared cache (see ``core.cache``)."""

from __future__ import annotations

from django.conf import settings

from balai.core.cache import count_hit

# (submissions, seconds) per address on the public forms and API.
DEFAULT_LIMIT = (5, 600)


def limit() -> tuple[int, int]:
    """Return the configured (count, window seconds) of public submissions."""
    value = getattr(settings, "COMPLAINTS_RATE_LIMIT", DEFAULT_LIMIT)
    return int(value[0]), int(value[1])


# Looking a ticket up is cheaper and more frequent than filing one.
SCOPE_FACTOR = {"file": 1, "track": 6}


def allow(ip: str | None, *, scope: str = "file") -> bool:
    """Count one attempt from *ip*; tell whether it is within the limit."""
    count, window = limit()
    count *= SCOPE_FACTOR.get(scope, 1)
    return count_hit(f"complaints:rl:{scope}:{ip or 'unknown'}", window) <= count
