"""Round floats half away from zero, as a person reading their decimal form would.

``np.round`` rounds half to even, and the textbook trick
``sign(x) * floor(|x| * 100 + 0.5) / 100`` is wrong on values such as 1.005: the double
nearest to 1.005 is 1.00499999999999989..., and ``1.005 * 100`` is
100.49999999999999, so the trick gives 1.0 where anyone reading "1.005" expects 1.01.

Here a value is rounded as its shortest round-tripping decimal form (Python's
``repr``) would be by ``decimal.ROUND_HALF_UP``. That decimal is at or above a
half-way point ``h = (2k + 1) / 200`` exactly when the double is at or above the
double nearest to ``h``; and that double is what IEEE division ``(2k + 1) / 200.0``
returns, because the division is correctly rounded and both operands are exact.
So an estimate ``k = floor(|x| * 100 + 0.5)`` (off by at most one) is corrected by
comparing ``|x|`` with those two exactly-computed boundaries. No strings are made,
so a million values take milliseconds.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["round_half_away"]

# Beyond this magnitude |x| * 10**decimals is an integer-valued double already.
_EXACT_LIMIT = 2.0**52


def round_half_away(x: ArrayLike, decimals: int = 2) -> np.ndarray:
    """Return *x* rounded to *decimals* places, halves away from zero.

    NaN and infinities pass through; -0.0 results become 0.0.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    values = np.asarray(x, dtype=np.float64)
    scale = 10.0**decimals
    half_den = 2.0 * scale
    with np.errstate(invalid="ignore", over="ignore"):
        mag = np.abs(values)
        k = np.floor(mag * scale + 0.5)
        # Double nearest to the half-way point below k, and above k.
        lower = (2.0 * k - 1.0) / half_den
        upper = (2.0 * k + 1.0) / half_den
        k = np.where(mag < lower, k - 1.0, k)
        k = np.where(mag >= upper, k + 1.0, k)
        rounded = np.copysign(k / scale, values)
        big = ~(mag * scale < _EXACT_LIMIT)  # also true for NaN and inf
        out = np.where(big, values, rounded)
    return out + 0.0  # turn -0.0 into 0.0
