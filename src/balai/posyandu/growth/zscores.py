"""WHO 2006 Child Growth Standards z-scores, vectorised over NumPy arrays.

The method is the one of the WHO's ``anthro`` R package (WHO Anthro / igrowup), step
by step as written in ``shared/reference/who_growth_algorithm.md``:

* age is rounded half up to whole days for the table look-up and for the day-731
  length/height switch, while the 9- and 60-month limits use the unrounded age;
* standing height under 9 months is an implausible position and is ignored;
* length measured lying from day 731 loses 0.7 cm, height measured standing before
  day 731 gains 0.7 cm, and every length-based indicator uses that ``clenhei``;
* weight-for-age, weight-for-length/height and BMI-for-age use the restricted LMS
  rule beyond +/-3 SD; length/height-for-age uses the plain LMS formula;
* weight-for-length/height interpolates L, M and S between the 0.1 cm rows;
* oedema removes the weight-based z-scores; z-scores are rounded once, at the end,
  to 2 decimals (half away from zero), and the WHO flags are read off the rounded
  values, as ``anthro`` does.

Floating-point expressions follow the R code's order of operations so that the
results agree with it to the last bit wherever the two use the same libm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .rounding import round_half_away
from .tables import LmsTable, load_table

__all__ = [
    "DAYS_PER_MONTH",
    "FLAG_LIMITS",
    "GrowthZScores",
    "age_months_to_days",
    "compute_zscores",
    "implausible",
    "zbmi",
    "zlen",
    "zwei",
    "zwfl",
]

DAYS_PER_MONTH = 30.4375  # 365.25 / 12, as in WHO Anthro
LENHEI_ADJUSTMENT_CM = 0.7
HEIGHT_FROM_DAY = 731  # day 731 (24 months) onwards: standing height basis
MAX_AGE_MONTHS = 60.0
MAX_AGE_DAYS = 1856  # anthro's allowed_age_range; the 60-month limit bites first
MIN_STANDING_MONTHS = 9.0
WFL_CUTOFF_NO_AGE_CM = 87.0
WFL_RANGE_CM = (45.0, 110.0)
WFH_RANGE_CM = (65.0, 120.0)

# WHO flags for implausible z-scores: (lowest plausible, highest plausible).
FLAG_LIMITS: dict[str, tuple[float, float]] = {
    "zlen": (-6.0, 6.0),
    "zwei": (-6.0, 5.0),
    "zwfl": (-5.0, 5.0),
    "zbmi": (-5.0, 5.0),
}

_UNKNOWN, _LENGTH, _HEIGHT = 0, 1, 2


@dataclass(frozen=True)
class GrowthZScores:
    """The four z-scores of a set of measurements, with their WHO flags.

    z-scores are rounded to 2 decimals, NaN where none can be computed. Flags are
    1.0 (implausible), 0.0 (plausible) or NaN (no z-score). ``clenhei`` is the
    length/height after the 0.7 cm adjustment, ``cbmi`` the BMI from it, and
    ``c9mo_flag`` marks standing heights under 9 months (position ignored).
    """

    zlen: np.ndarray
    zwei: np.ndarray
    zwfl: np.ndarray
    zbmi: np.ndarray
    flag_zlen: np.ndarray
    flag_zwei: np.ndarray
    flag_zwfl: np.ndarray
    flag_zbmi: np.ndarray
    clenhei: np.ndarray
    cbmi: np.ndarray
    c9mo_flag: np.ndarray


@dataclass(frozen=True)
class _Inputs:
    """Cleaned inputs shared by the four indicators."""

    sex_row: np.ndarray  # 0 male, 1 female (0 as a dummy where sex is invalid)
    sex_ok: np.ndarray
    age_known: np.ndarray
    days: np.ndarray  # whole days, rounded half up
    age_ok: np.ndarray  # known, >= 0 days and < 60 months
    measure: np.ndarray  # _UNKNOWN / _LENGTH / _HEIGHT after the 9-month rule
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
    return np.where(x - floor >= 0.5, floor + 1.0, floor)


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
    codes[(arr == "L") | (arr == "l")] = _LENGTH
    codes[(arr == "H") | (arr == "h")] = _HEIGHT
    return codes


def _oedema_mask(oedema: ArrayLike | None, n: int) -> np.ndarray:
    if oedema is None:
        return np.zeros(n, dtype=bool)
    arr = np.asarray(oedema)
    if arr.dtype.kind == "O":
        if any(isinstance(v, str) for v in arr.ravel()):
            raise TypeError("oedema must be boolean")
        arr = np.array([bool(v) if v is not None else False for v in arr.ravel()])
    elif arr.dtype.kind in "US":
        raise TypeError("oedema must be boolean")
    elif arr.dtype.kind == "f":
        arr = np.nan_to_num(arr, nan=0.0) != 0.0  # missing means no oedema
    return np.broadcast_to(arr.astype(bool), (n,))


def _prepare(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    age_months: ArrayLike | None,
    weight_kg: ArrayLike | None,
    lenhei_cm: ArrayLike | None,
    measure: ArrayLike | None,
    oedema: ArrayLike | None,
) -> _Inputs:
    values = (sex, age_days, age_months, weight_kg, lenhei_cm, measure, oedema)
    shape = np.broadcast_shapes(*(np.shape(v) for v in values))
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
        age_known = np.isfinite(days_raw) & np.isfinite(months)
        age_ok = age_known & (days_raw >= 0) & (days <= MAX_AGE_DAYS)
        age_ok &= months < MAX_AGE_MONTHS

        codes = _measure_codes(measure, n)
        c9mo = (codes == _HEIGHT) & (months < MIN_STANDING_MONTHS)  # NaN -> False
        codes = np.where(c9mo, _UNKNOWN, codes)

        lenhei = _float_array(lenhei_cm, n)
        clenhei = np.where(
            age_known & (days < HEIGHT_FROM_DAY) & (codes == _HEIGHT),
            lenhei + LENHEI_ADJUSTMENT_CM,
            lenhei,
        )
        clenhei = np.where(
            age_known & (days >= HEIGHT_FROM_DAY) & (codes == _LENGTH),
            clenhei - LENHEI_ADJUSTMENT_CM,
            clenhei,
        )
    sex_ok = (sex_f == 1.0) | (sex_f == 2.0)
    return _Inputs(
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


def _lms(y: np.ndarray, l_: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    return ((y / m) ** l_ - 1.0) / (s * l_)


def _lms_restricted(y: np.ndarray, l_: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Apply the LMS formula, with WHO's linear extension beyond +/-3 SD."""
    z = _lms(y, l_, m, s)
    out = np.flatnonzero(np.abs(z) > 3.0)  # NaN compares False
    if out.size:
        yo, lo, mo, so = y[out], l_[out], m[out], s[out]

        def sd(k: float) -> np.ndarray:
            return mo * (1.0 + lo * so * k) ** (1.0 / lo)

        sd3pos, sd3neg = sd(3.0), sd(-3.0)
        zo = z[out]
        zo = np.where(zo > 3.0, 3.0 + (yo - sd3pos) / (sd3pos - sd(2.0)), zo)
        zo = np.where(zo < -3.0, -3.0 + (yo - sd3neg) / (sd(-2.0) - sd3neg), zo)
        z[out] = zo
    return z


def _by_age(
    table: LmsTable, inp: _Inputs, y: np.ndarray, ok: np.ndarray, restricted: bool
) -> np.ndarray:
    """Score *y* against an age-indexed table where *ok*; NaN elsewhere."""
    ok = ok & inp.sex_ok & inp.age_ok & (y > 0)  # NaN y compares False
    z = np.full(y.shape, np.nan)
    rows = np.flatnonzero(ok)
    if rows.size:
        col = inp.days[rows].astype(np.intp) - table.first_key
        sex = inp.sex_row[rows]
        args = (y[rows], table.l[sex, col], table.m[sex, col], table.s[sex, col])
        z[rows] = _lms_restricted(*args) if restricted else _lms(*args)
    return z


def _zlen_raw(inp: _Inputs) -> np.ndarray:
    ok = np.ones(inp.clenhei.shape, dtype=bool)
    return _by_age(load_table("lhfa"), inp, inp.clenhei, ok, restricted=False)


def _zwei_raw(inp: _Inputs) -> np.ndarray:
    return _by_age(load_table("wfa"), inp, inp.weight, ~inp.oedema, restricted=True)


def _cbmi(inp: _Inputs) -> np.ndarray:
    return inp.weight / ((inp.clenhei / 100.0) ** 2)


def _zbmi_raw(inp: _Inputs) -> np.ndarray:
    # A length <= 0 would still give a positive BMI, so check it explicitly.
    ok = ~inp.oedema & (inp.clenhei > 0) & (inp.weight > 0)
    return _by_age(load_table("bfa"), inp, _cbmi(inp), ok, restricted=True)


def _interpolated_lms(
    table: LmsTable, sex: np.ndarray, lenhei: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interpolate L, M, S linearly between the 0.1 cm rows around *lenhei*."""
    # Same expressions as anthro: trunc(x * 10) / 10 and (x - low) / 0.1.
    low_key = np.trunc(lenhei * 10.0)
    upp_key = np.trunc(lenhei * 10.0 + 1.0)
    diff = (lenhei - low_key / 10.0) / 0.1
    ncol = table.l.shape[1]
    lo = low_key.astype(np.intp) - table.first_key
    up = upp_key.astype(np.intp) - table.first_key
    up_ok = (up >= 0) & (up < ncol)
    lo_c, up_c = np.clip(lo, 0, ncol - 1), np.clip(up, 0, ncol - 1)
    out = []
    for param in (table.l, table.m, table.s):
        low_v = param[sex, lo_c]
        upp_v = np.where(up_ok, param[sex, up_c], np.nan)
        out.append(np.where(diff > 0, low_v + diff * (upp_v - low_v), low_v))
    return out[0], out[1], out[2]


def _zwfl_raw(inp: _Inputs) -> np.ndarray:
    x = inp.clenhei
    known, days, meas = inp.age_known, inp.days, inp.measure
    with np.errstate(invalid="ignore"):
        # Table choice: by age; without age by measure; without either by 87 cm.
        use_l = (known & (days < HEIGHT_FROM_DAY)) | (~known & (meas == _LENGTH))
        use_l |= ~known & (meas == _UNKNOWN) & (x < WFL_CUTOFF_NO_AGE_CM)
        use_h = (known & (days >= HEIGHT_FROM_DAY)) | (~known & (meas == _HEIGHT))
        use_h |= ~known & (meas == _UNKNOWN) & (x >= WFL_CUTOFF_NO_AGE_CM)
        in_l = use_l & (x >= WFL_RANGE_CM[0]) & (x <= WFL_RANGE_CM[1])
        in_h = ~use_l & use_h & (x >= WFH_RANGE_CM[0]) & (x <= WFH_RANGE_CM[1])
        ok = inp.sex_ok & ~inp.oedema & (inp.weight > 0) & (~known | inp.age_ok)
    z = np.full(x.shape, np.nan)
    for table_name, in_range in (("wfl", in_l), ("wfh", in_h)):
        rows = np.flatnonzero(ok & in_range)
        if rows.size:
            lms = _interpolated_lms(load_table(table_name), inp.sex_row[rows], x[rows])
            z[rows] = _lms_restricted(inp.weight[rows], *lms)
    return z


def implausible(indicator: str, z: ArrayLike) -> np.ndarray:
    """Return WHO flags for rounded z-scores: 1.0 implausible, 0.0 not, NaN none.

    *indicator* is ``zlen``, ``zwei``, ``zwfl`` or ``zbmi``.
    """
    low, high = FLAG_LIMITS[indicator]
    zz = np.asarray(z, dtype=np.float64)
    flag = ((zz < low) | (zz > high)).astype(np.float64)
    return np.where(np.isnan(zz), np.nan, flag)


def compute_zscores(
    sex: ArrayLike,
    *,
    age_days: ArrayLike | None = None,
    age_months: ArrayLike | None = None,
    weight_kg: ArrayLike | None = None,
    lenhei_cm: ArrayLike | None = None,
    measure: ArrayLike | None = None,
    oedema: ArrayLike | None = None,
) -> GrowthZScores:
    """Compute the four WHO z-scores and their flags for arrays of children.

    *sex* is 1 (male) or 2 (female); *age_days* may be fractional (rounded half up
    for the tables); where it is NaN or absent, *age_months* is used (converted as
    WHO Anthro does). *measure* holds 'L' (lying), 'H' (standing) or '' (unknown);
    *oedema* is boolean. Missing values are NaN (or None for *measure*). Inputs
    broadcast against each other.
    """
    inp = _prepare(sex, age_days, age_months, weight_kg, lenhei_cm, measure, oedema)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        raw = {
            "zlen": _zlen_raw(inp),
            "zwei": _zwei_raw(inp),
            "zwfl": _zwfl_raw(inp),
            "zbmi": _zbmi_raw(inp),
        }
        cbmi = _cbmi(inp)
    z = {name: round_half_away(values, 2) for name, values in raw.items()}
    return GrowthZScores(
        **z,
        **{f"flag_{name}": implausible(name, values) for name, values in z.items()},
        clenhei=inp.clenhei,
        cbmi=cbmi,
        c9mo_flag=inp.c9mo_flag,
    )


def zlen(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    lenhei_cm: ArrayLike,
    measure: ArrayLike | None = None,
    *,
    age_months: ArrayLike | None = None,
) -> np.ndarray:
    """Return length/height-for-age z-scores, rounded to 2 decimals."""
    inp = _prepare(sex, age_days, age_months, None, lenhei_cm, measure, None)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return round_half_away(_zlen_raw(inp), 2)


def zwei(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    weight_kg: ArrayLike,
    oedema: ArrayLike | None = None,
    *,
    age_months: ArrayLike | None = None,
) -> np.ndarray:
    """Return weight-for-age z-scores, rounded to 2 decimals."""
    inp = _prepare(sex, age_days, age_months, weight_kg, None, None, oedema)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return round_half_away(_zwei_raw(inp), 2)


def zwfl(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    weight_kg: ArrayLike,
    lenhei_cm: ArrayLike,
    measure: ArrayLike | None = None,
    oedema: ArrayLike | None = None,
    *,
    age_months: ArrayLike | None = None,
) -> np.ndarray:
    """Return weight-for-length/height z-scores, rounded to 2 decimals."""
    inp = _prepare(sex, age_days, age_months, weight_kg, lenhei_cm, measure, oedema)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return round_half_away(_zwfl_raw(inp), 2)


def zbmi(
    sex: ArrayLike,
    age_days: ArrayLike | None,
    weight_kg: ArrayLike,
    lenhei_cm: ArrayLike,
    measure: ArrayLike | None = None,
    oedema: ArrayLike | None = None,
    *,
    age_months: ArrayLike | None = None,
) -> np.ndarray:
    """Return BMI-for-age z-scores, rounded to 2 decimals."""
    inp = _prepare(sex, age_days, age_months, weight_kg, lenhei_cm, measure, oedema)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return round_half_away(_zbmi_raw(inp), 2)
