"""Template helpers of the binwas pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Mapping[str, Any], key: str) -> Any:
    """Return ``mapping[key]`` (0 when missing)."""
    return mapping.get(key, 0)
