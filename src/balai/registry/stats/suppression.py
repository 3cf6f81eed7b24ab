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

import heapq
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
    # Passes over the lines in order, as a plain loop would make them, but each
    # pass visits only the lines holding exactly one hidden cell: those of this
    # pass in a heap (a line reaching one hidden cell further on joins it), the
    # ones reaching it behind the current line wait for the next pass.
    due = [i for i, n in enumerate(count) if n == 1]
    while due:
        later: list[int] = []
        while due:
            i = heapq.heappop(due)
            if count[i] != 1:
                continue
            candidates = [k for k in active[i] if k not in hidden and values.get(k, 0) > 0]
            if not candidates:
                continue  # only zeros left: the hidden cell equals a hidden sum elsewhere
            pick = _smallest(candidates, values, last_resort)
            hidden[pick] = COMPLEMENT
            for j in lines_of[pick]:
                count[j] += 1
                if count[j] == 1:
                    if j > i:
                        heapq.heappush(due, j)
                    else:
                        later.append(j)
        due = sorted(later)
    return hidden


def _smallest(candidates: list[K], values: dict[K, int], last_resort: frozenset[K] | set[K]) -> K:
    """Return the candidate to hide: not a total if possible, smallest, then by repr."""
    best = min((k in last_resort, values[k]) for k in candidates)
    ties = [k for k in candidates if (k in last_resort, values[k]) == best]
    return ties[0] if len(ties) == 1 else min(ties, key=repr)
