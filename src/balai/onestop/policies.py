"""Rules of the one-stop public pages: how many numbers or bookings one address may take."""

from __future__ import annotations

from django.conf import settings

from balai.core.cache import count_hit

# (tickets or bookings, seconds) per client address on the public kiosk and booking
# forms: a phone needs one or two; a stranger must not fill a counter's queue or quota.
DEFAULT_LIMIT = (10, 600)


def public_take_allowed(ip: str | None, *, form: str) -> bool:
    """Count one submission of the public *form* ("kiosk", "janji") from *ip*; tell if allowed.

    The unit's own kiosk machines (``ONESTOP_KIOSK_ADDRESSES``) print every
    walk-in number of the day and are not counted.
    """
    if ip is not None and ip in getattr(settings, "ONESTOP_KIOSK_ADDRESSES", ()):
        return True
    count, window = getattr(settings, "ONESTOP_RATE_LIMIT", DEFAULT_LIMIT)
    return count_hit(f"onestop:rl:{form}:{ip or 'unknown'}", int(window)) <= int(count)
