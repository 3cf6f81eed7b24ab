"""Nutrition status of children 0-60 months from WHO z-scores (Permenkes 2/2020).

Bands (``shared/reference/domain.md`` section 3.2, Permenkes 2/2020 Lampiran):

* BB/U: < -3 SD berat badan sangat kurang; -3 to < -2 berat badan kurang;
  -2 to +1 berat badan normal; > +1 risiko berat badan lebih.
* PB/U or TB/U: < -3 sangat pendek; -3 to < -2 pendek; -2 to +3 normal; > +3 tinggi.
* BB/PB or BB/TB: < -3 gizi buruk; -3 to < -2 gizi kurang; -2 to +1 gizi baik;
  > +1 to +2 berisiko gizi lebih; > +2 to +3 gizi lebih; > +3 obesitas.
* IMT/U (0-60 months): the BB/PB-BB/TB bands (Permenkes 2/2020; domain.md does not
  list this row).

Each band includes its lower bound except the open "< -3" one: -3.00 is "pendek",
-2.00 is "normal", +1.00 is still "gizi baik". Classify the rounded z-scores the
engine returns (as WHO Anthro does), so the status matches the number shown.
Functions return arrays of stable string codes ('' where there is no z-score); show
people the Indonesian label from :data:`STATUS_LABELS`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "INDEX_LABELS",
    "STATUS_LABELS",
    "classify_bbtb",
    "classify_bbu",
    "classify_imtu",
    "classify_tbu",
    "status_label",
    "status_labels",
]

INDEX_LABELS: dict[str, str] = {
    "bbu": "Berat badan menurut umur (BB/U)",
    "tbu": "Panjang/tinggi badan menurut umur (PB/U atau TB/U)",
    "bbtb": "Berat badan menurut panjang/tinggi badan (BB/PB atau BB/TB)",
    "imtu": "Indeks massa tubuh menurut umur (IMT/U)",
}

STATUS_LABELS: dict[str, str] = {
    # BB/U
    "bb_sangat_kurang": "Berat badan sangat kurang",
    "bb_kurang": "Berat badan kurang",
    "bb_normal": "Berat badan normal",
    "risiko_bb_lebih": "Risiko berat badan lebih",
    # PB/U - TB/U
    "sangat_pendek": "Sangat pendek",
    "pendek": "Pendek",
    "normal": "Normal",
    "tinggi": "Tinggi",
    # BB/PB - BB/TB and IMT/U
    "gizi_buruk": "Gizi buruk",
    "gizi_kurang": "Gizi kurang",
    "gizi_baik": "Gizi baik",
    "berisiko_gizi_lebih": "Berisiko gizi lebih",
    "gizi_lebih": "Gizi lebih",
    "obesitas": "Obesitas",
}

_CODE_DTYPE = "<U19"  # longest code: "berisiko_gizi_lebih"


def _bands(z: ArrayLike, bands: list[tuple[str, float, str]]) -> np.ndarray:
    """Return the code of the first band ``z <op> limit`` that holds ('' for NaN).

    *bands* are ``(op, limit, code)`` with op ``"<"`` or ``"<="``, in increasing
    order; the last one is ``(">", limit, code)``.
    """
    zz = np.asarray(z, dtype=np.float64)
    ops = {"<": np.less, "<=": np.less_equal, ">": np.greater}
    conditions = [ops[op](zz, limit) for op, limit, _ in bands]
    codes = [code for _, _, code in bands]
    return np.select(conditions, codes, default="").astype(_CODE_DTYPE)


def classify_bbu(zwei: ArrayLike) -> np.ndarray:
    """Return BB/U (weight-for-age) status codes for weight-for-age z-scores."""
    return _bands(
        zwei,
        [
            ("<", -3.0, "bb_sangat_kurang"),
            ("<", -2.0, "bb_kurang"),
            ("<=", 1.0, "bb_normal"),
            (">", 1.0, "risiko_bb_lebih"),
        ],
    )


def classify_tbu(zlen: ArrayLike) -> np.ndarray:
    """Return PB/U-TB/U (length/height-for-age) status codes; stunting is < -2."""
    return _bands(
        zlen,
        [
            ("<", -3.0, "sangat_pendek"),
            ("<", -2.0, "pendek"),
            ("<=", 3.0, "normal"),
            (">", 3.0, "tinggi"),
        ],
    )


_WASTING_BANDS = [
    ("<", -3.0, "gizi_buruk"),
    ("<", -2.0, "gizi_kurang"),
    ("<=", 1.0, "gizi_baik"),
    ("<=", 2.0, "berisiko_gizi_lebih"),
    ("<=", 3.0, "gizi_lebih"),
    (">", 3.0, "obesitas"),
]


def classify_bbtb(zwfl: ArrayLike) -> np.ndarray:
    """Return BB/PB-BB/TB (weight-for-length/height) status codes."""
    return _bands(zwfl, _WASTING_BANDS)


def classify_imtu(zbmi: ArrayLike) -> np.ndarray:
    """Return IMT/U (BMI-for-age, 0-60 months) status codes; bands as BB/TB."""
    return _bands(zbmi, _WASTING_BANDS)


def status_label(code: str) -> str:
    """Return the Indonesian label of a status *code* ('' for '')."""
    return STATUS_LABELS[code] if code else ""


def status_labels(codes: ArrayLike) -> np.ndarray:
    """Return the Indonesian labels of an array of status codes."""
    arr = np.asarray(codes, dtype=str)
    out = np.full(arr.shape, "", dtype=object)
    for code, label in STATUS_LABELS.items():
        out[arr == code] = label
    return out.astype(str)
