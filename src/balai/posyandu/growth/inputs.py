"""Clean the inputs of the z-score engine: ages, measure position, 0.7 cm adjustment.

Shared by the four indicators in :mod:`.zscores`. Follows WHO Anthro (the ``anthro``
R package): age in days is rounded half up for table look-ups and the day-731
switch, while the 9- and 60-month limits use the unrounded age in months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["DAYS_PER_MONTH", "Inputs", "age_months_to_days", "prepare"]

DAYS_PER_MONTH = 30.4375  # 365.25 / 12, as in WHO Anthro
LENHEI_ADJUSTMENT_CM = 0.7
HEIGHT_FROM_DAY = 731  # day 731 (24 months) onwards: standing height basis
MAX_AGE_MONTHS = 60.0
MAX_AGE_DAYS = 1856  # anthro's allowed_age_range; the 60-month limit bites first
MIN_STANDING_MONTHS = 9.0

UNKNOWN, LENGTH, HEIGHT = 0, 1, 2  # measure codes


@dataclass(frozen=True)
class Inputs:
    """Cleaned inputs shared by the four indicators."""

    sex_row: np.ndarray  # 0 male, 1 female (0 as a dummy where sex is invalid)
    sex_ok: np.ndarray
    age_known: np.ndarray
    days: np.ndarray  # whole days, rounded half up
    age_ok: np.ndarray  # known, >= 0 days and < 60 months
    measure: np.ndarray  # UNKNOWN / LENGTH / HEIGHT after the 9-month rule
    c9mo_flag: np.ndarray
    weight: np.ndarray
    clenhei: np.ndarray
    oedema: np.ndarray


def age_months_to_days(age_months: ArrayLike) -> np.ndarray:
    """Convert ages in months to whole days as WHO Anthro does (x 30.4375, half up)."""
    return _round_half_up(np.asarray(age_months, dtype=np.float64) * DAYS_PER_MONTH)


def _round_half_up(x: np.ndarray) -> np.ndarray:
    # anthro's round_up(): floor, then +1 when the remainder is >= 0.5.
    floor = np.floor(x)
    rounded: np.ndarray = np.where(x - floor >= 0.5, floor + 1.0, floor)
    return rounded


def _float_array(value: ArrayLike | None, n: int) -> np.ndarray:
    if value is None:
        return np.full(n, np.nan)
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (n,))


def _measure_codes(measure: ArrayLike | None, n: int) -> np.ndarray:
    """Map 'L'/'H' (any case, surrounding blanks allowed) to codes; else unknown."""
    if measure is None:
        return np.zeros(n, dtype=np.int8)
    arr = np.asarray(measure)
    if arr.dtype.kind == "O":
        arr = np.array(["" if v is None else str(v) for v in arr.ravel()])
    elif arr.dtype.kind not in "US":
        raise TypeError("measure must hold strings 'L', 'H' or ''")
    if arr.dtype.kind == "S":
        arr = arr.astype(str)
    if arr.dtype.itemsize > 4:  # wider than one character: normalise first
        arr = np.char.strip(arr)
    arr = np.broadcast_to(arr, (n,))
    codes = np.zeros(n, dtype=np.int8)
    codes[(arr == "L") | (arr == "l")] = LENGTH
    codes[(arr == "H") | (arr == "h")] = HEIGHT
    return codes


def _oedema_mask(oedema: ArrayLike | None, n: int) -> np.ndarray:
    if oedema is None:
        return np.zeros(n, dtype=bool)
    arr = np.asarray(oedema)
    if arr.dtype.kind == "O":
        if any(isinstance(v, str) for v in arr.ravel()):
            raise TypeError("oedema must be boolean")
        # None and NaN are missing values, which mean no oedema.
        arr = np.array([v is not None and v == v and bool(v) for v in arr.ravel()])
    elif arr.dtype.kind in "US":
        raise TypeError("oedema must be boolean")
    elif arr.dtype.kind == "f":
        arr = np.nan_to_num(arr, nan=0.0) != 0.0  # missing means no oedema
    return np.broadcast_to(arr.astype(bool), (n,))


def prepare(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    age_months: ArrayLike | None,
    weight_kg: ArrayLike | None,
    lenhei_cm: ArrayLike | None,
    measure: ArrayLike | None,
    oedema: ArrayLike | None,
) -> Inputs:
    """Broadcast and clean the inputs (see :func:`.zscores.compute_zscores`)."""
    values = (sex, age_days, age_months, weight_kg, lenhei_cm, measure, oedema)
    shape = np.broadcast_shapes(*(() if v is None else np.shape(v) for v in values))
    if len(shape) > 1:
        raise ValueError("inputs must be scalars or 1-D arrays")
    n = int(np.prod(shape))
    sex_f = _float_array(sex, n)
    days_raw = _float_array(age_days, n)
    months_in = _float_array(age_months, n)
    with np.errstate(invalid="ignore"):
        # Rows without age_days fall back to age_months; months stay unrounded.
        from_months = np.isnan(days_raw) & ~np.isnan(months_in)
        days_raw = np.where(from_months, months_in * DAYS_PER_MONTH, days_raw)
        months = np.where(from_months, months_in, days_raw / DAYS_PER_MONTH)
        days = _round_half_up(days_raw)
        age_known = ~np.isnan(days_raw) & ~np.isnan(months)  # infinite: known, invalid
        age_ok = age_known & np.isfinite(days_raw) & (days_raw >= 0) & (days <= MAX_AGE_DAYS)
        age_ok &= months < MAX_AGE_MONTHS

        codes = _measure_codes(measure, n)
        c9mo = (codes == HEIGHT) & (months < MIN_STANDING_MONTHS)  # NaN -> False
        codes = np.where(c9mo, UNKNOWN, codes)

        lenhei = _float_array(lenhei_cm, n)
        clenhei = np.where(
            age_known & (days < HEIGHT_FROM_DAY) & (codes == HEIGHT),
            lenhei + LENHEI_ADJUSTMENT_CM,
            lenhei,
        )
        clenhei = np.where(
            age_known & (days >= HEIGHT_FROM_DAY) & (codes == LENGTH),
            clenhei - LENHEI_ADJUSTMENT_CM,
            clenhei,
        )
    sex_ok = (sex_f == 1.0) | (sex_f == 2.0)
    return Inputs(
        sex_row=np.where(sex_f == 2.0, 1, 0),
        sex_ok=sex_ok,
        age_known=age_known,
        days=days,
        age_ok=age_ok,
        measure=codes,
        c9mo_flag=c9mo,
        weight=_float_array(weight_kg, n),
        clenhei=clenhei,
        oedema=_oedema_mask(oedema, n),
    )
