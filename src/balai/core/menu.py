"""The navigation menu, gathered from every app.

Each app registers a provider in its ``AppConfig.ready`` (as for attention
items). A provider takes the user and their acting role and returns the
app's section, built from the app's own policies, so a role sees a link only
when the page behind it will answer. ``core`` knows no app: it only collects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    testid: str = ""


@dataclass(frozen=True)
class MenuSection:
    label: str
    links: list[MenuLink] = field(default_factory=list)
    order: int = 100
    testid: str = ""


Provider = Callable[[Any, Any], MenuSection | None]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add *provider* to the menu (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(user: Any, role: Any) -> list[MenuSection]:
    """Return the non-empty sections every provider gives *user* acting as *role*, in order."""
    sections = [s for provider in _providers if (s := provider(user, role)) and s.links]
    return sorted(sections, key=lambda s: s.order)


@dataclass(frozen=True)
class AreaPage:
    """A page addressed by an area code in its path (``<str:code>``)."""

    url_name: str
    perm: str
    levels: tuple[str, ...]


_area_pages: dict[str, AreaPage] = {}


def register_area_page(url_name: str, perm: str, levels: tuple[str, ...]) -> AreaPage:
    """Declare *url_name* as a page of one area, so roles above it can pick one."""
    page = AreaPage(url_name, perm, levels)
    _area_pages[url_name] = page
    return page


def area_page(url_name: str) -> AreaPage | None:
    """Return the declared area page named *url_name*, if any."""
    return _area_pages.get(url_name)
