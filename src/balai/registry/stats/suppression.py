"""Small-cell suppression for public statistics.

The rule (applied to every public table, village and kecamatan alike):

1. **Primary**: a cell counting 1-4 people is hidden and shown as ``<5``.
   Zero is shown as 0.
2. **Complementary**: a *line* is a set of cells whose sum is published or
   derivable: a table row (L + P = Total), a table column (the categories of a
   dimension plus the area's population total for that column), and the same
   cell across the villages of a kecamatan plus the kecamatan's cell (the
   kecamatan figure is the sum of its villages). No line may contain exactly
   one hidden cell: while one does, the smallest non-zero shown cell of that
   line is hidden too (shown as ``*``). The population totals are chosen last,
   so the totals stay visible unless they are themselves small. Hiding only
   ever adds cells, so the loop ends.

   With two or more hidden cells per line, subtraction gives a hidden cell's
   value only as a sum with another hidden cell, never alone. The kecamatan
   page and each of its village pages are suppressed together, so one cannot
   be subtracted from the others.

3. Percentages of a row with a hidden cell are not shown.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

THRESHOLD = 5
PRIMARY = "<5"
COMPLEMENT = "*"

K = TypeVar("K", bound=Hashable)


def suppress(
    values: dict[K, int],
    lines: Iterable[Sequence[K]],
    *,
    last_resort: frozenset[K] | set[K] = frozenset(),
    threshold: int = THRESHOLD,
) -> dict[K, str]:
    """Return the hidden cells of *values* and their mark (``PRIMARY`` or ``COMPLEMENT``).

    *lines* are the sets of cells whose sums are known; cells in *last_resort*
    (population totals) are picked as complements only when nothing else in the
    line can be.
    """
    hidden: dict[K, str] = {k: PRIMARY for k, v in values.items() if 0 < v < threshold}
    active = [list(line) for line in lines if any(values.get(k, 0) for k in line)]
    # How many hidden cells each line holds, kept up to date as cells are hidden.
    lines_of: dict[K, list[int]] = {}
    for i, line in enumerate(active):
        for k in line:
            lines_of.setdefault(k, []).append(i)
    count = [sum(1 for k in line if k in hidden) for line in active]
    changed = bool(hidden)
    while changed:
        changed = False
        for i, line in enumerate(active):
            if count[i] != 1:
                continue
            candidates = [k for k in line if k not in hidden and values.get(k, 0) > 0]
            if not candidates:
                continue  # only zeros left: the hidden cell equals a hidden sum elsewhere
            pick = min(candidates, key=lambda k: (k in last_resort, values[k], repr(k)))
            hidden[pick] = COMPLEMENT
            for j in lines_of[pick]:
                count[j] += 1
            changed = True
    return hidden
