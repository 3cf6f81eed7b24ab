"""What stops an RKP Desa activity from being removed, told by the apps above planning.

Finance registers the activities its enacted APBDes budget (``finance.apps``):
an activity in a budget made law is changed through the budget's amendment,
never removed from under it. Planning cannot import finance (layers), so
finance fills this registry in its ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# A lock reader takes activity pks and returns {pk: why it may not be removed}.
ActivityLock = Callable[[list[int]], dict[int, str]]

_LOCKS: list[ActivityLock] = []


def register_activity_lock(reader: ActivityLock) -> None:
    """Add *reader* to the checks run before an RKP Desa activity is removed."""
    if reader not in _LOCKS:
        _LOCKS.append(reader)


def activity_locks(pks: Iterable[int]) -> dict[int, str]:
    """Return, for each of *pks* that may not be removed, the reason (first reader wins)."""
    wanted = list(pks)
    found: dict[int, str] = {}
    if not wanted:
        return found
    for reader in _LOCKS:
        for pk, reason in reader(wanted).items():
            found.setdefault(pk, reason)
    return found
