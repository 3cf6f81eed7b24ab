"""Service units a complaint (or an SKM answer) may name, offered by higher apps.

The one-stop module (MPP, PATEN and village counters) registers a provider in
its ``ready()``: ``provider(village_code)`` returns the ``(code, label)`` of
the units serving that village. Complaints keep only the code, so they never
import that app.
"""

from __future__ import annotations

from collections.abc import Callable

UnitProvider = Callable[[str], list[tuple[str, str]]]
_providers: list[UnitProvider] = []


def register_units(provider: UnitProvider) -> None:
    """Offer the units *provider* returns for a village (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)


def unit_choices(village_code: str) -> list[tuple[str, str]]:
    """Return the ``(code, label)`` of every service unit serving *village_code*."""
    return [choice for provider in _providers for choice in provider(village_code)]
