"""What needs a user's attention, gathered from every app for the home page.

Apps register a provider in their ``AppConfig.ready``; a provider takes the
user and their acting role and returns items. Later modules (letters due,
complaints overdue, children to weigh) plug in the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PRIORITY_HIGH = "tinggi"
PRIORITY_NORMAL = "biasa"


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str = ""
    count: int | None = None
    priority: str = PRIORITY_NORMAL


Provider = Callable[[Any, Any], list[AttentionItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add *provider* to the home page (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user: Any, role: Any) -> list[AttentionItem]:
    """Return every provider's items for *user* acting as *role*, high priority first."""
    items = [item for provider in _providers for item in provider(user, role)]
    return sorted(items, key=lambda i: i.priority != PRIORITY_HIGH)
