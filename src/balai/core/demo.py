"""The demo kabupaten's plumbing: options and the builders apps register.

The builder itself (real region tree, made-up dusun/RW/RT, one user per
role, then every registered builder in order) is ``web/demo.py``, run by
``balai demo``; it needs apps that core may not import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "Balai#Demo2026"  # noqa: S105 -- printed for demo logins, never used in production
DEFAULT_KABUPATEN = "73.22"  # Kabupaten Luwu Utara
DEFAULT_KECAMATAN_INDEX = 2  # Masamba, the capital: has both desa and kelurahan


@dataclass
class DemoOptions:
    """What ``balai demo`` was asked for; builders read what they need."""

    seed: int = 1
    residents: int = 3000
    extra: dict[str, Any] = field(default_factory=dict)


# (order, name, builder): a builder tops up its module's demo data in the
# kabupaten (idempotently) and returns one line for the command's output.
Builder = Callable[[Any, DemoOptions], str]  # (kabupaten Area, options)
_builders: list[tuple[int, str, Builder]] = []


def register_builder(order: int, name: str, builder: Builder) -> None:
    """Add a module's demo builder; lower *order* runs first (registry: 10)."""
    if all(existing != name for _o, existing, _b in _builders):
        _builders.append((order, name, builder))
        _builders.sort(key=lambda item: item[0])


def registered_builders() -> list[tuple[str, Builder]]:
    """Return the registered builders' names and functions, in order."""
    return [(name, builder) for _o, name, builder in _builders]
