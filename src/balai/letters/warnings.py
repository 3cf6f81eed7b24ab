"""Warnings shown on a letter request, offered by higher apps (a registry filled in their ``ready()``).

A provider takes the viewing user and the request and returns Indonesian
messages; e.g. the poverty module warns on an SKTM whose household is not in
the welfare register. Providers must only read, and must respect the user's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], list[str]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add *provider* (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_request(user: Any, item: Any) -> list[str]:
    """Return every provider's warnings for letter request *item*, as *user* sees it."""
    return [message for provider in _providers for message in provider(user, item)]
