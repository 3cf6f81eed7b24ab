"""Check one child measurement and score it with the WHO engine.

One function serves the cadre's live feedback (htmx), the API, the visit
service and the spreadsheet import, so they all refuse and warn alike.
Errors block saving; warnings (WHO-implausible z-scores) need a confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from balai.posyandu.growth import (
    FLAG_LIMITS,
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_tbu,
    score_child,
    status_label,
)
from balai.posyandu.growth.inputs import DAYS_PER_MONTH

WEIGHT_RANGE_KG = (0.3, 60.0)
LENHEI_RANGE_CM = (30.0, 150.0)
MUAC_RANGE_CM = (5.0, 40.0)
HEAD_RANGE_CM = (20.0, 65.0)
MIN_STANDING_MONTHS = 9
MAX_AGE_MONTHS = 60

Z_NAMES = {
    "zlen": _("PB/U atau TB/U"),
    "zwei": _("BB/U"),
    "zwfl": _("BB/PB atau BB/TB"),
    "zbmi": _("IMT/U"),
}


def months_of(age_days: int) -> float:
    """Return the age in (fractional) months, as the WHO engine computes it."""
    return age_days / DAYS_PER_MONTH


def completed_months(age_days: int) -> int:
    """Return the completed months of age."""
    return int(age_days // DAYS_PER_MONTH)


@dataclass
class Assessment:
    """The outcome of checking and scoring one measurement."""

    age_days: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    z: dict[str, float | None] = field(default_factory=dict)
    flags: dict[str, bool | None] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def age_label(self) -> str:
        if self.age_days is None:
            return ""
        months = completed_months(self.age_days)
        days = self.age_days - round(months * DAYS_PER_MONTH)
        return _("%(m)d bulan %(d)d hari") % {"m": months, "d": max(days, 0)}

    def status_labels(self) -> dict[str, str]:
        return {key: status_label(code) for key, code in self.status.items()}


def _range_error(value: Decimal | None, bounds: tuple[float, float], what: str, unit: str) -> str:
    if value is None:
        return ""
    low, high = bounds
    if value <= 0:
        return _("%(what)s harus lebih dari 0 %(unit)s.") % {"what": what, "unit": unit}
    if not low <= float(value) <= high:
        return _(
            "%(what)s %(v)s %(unit)s tidak masuk akal (harus %(low)s s/d %(high)s %(unit)s)."
        ) % {
            "what": what,
            "v": value,
            "unit": unit,
            "low": low,
            "high": high,
        }
    return ""


def assess(
    *,
    sex: int | None,
    birth_date: date | None,
    visit_date: date | None,
    today: date,
    weight_kg: Decimal | None = None,
    lenhei_cm: Decimal | None = None,
    measure: str = "",
    oedema: bool = False,
    muac_cm: Decimal | None = None,
    head_cm: Decimal | None = None,
) -> Assessment:
    """Check a child measurement and compute z-scores, flags and Permenkes status."""
    out = Assessment()
    if sex not in (1, 2):
        out.errors["sex"] = _("Jenis kelamin anak belum tercatat (1 laki-laki, 2 perempuan).")
    if birth_date is None:
        out.errors["birth_date"] = _("Tanggal lahir anak belum tercatat di data penduduk.")
    if visit_date is None:
        out.errors["visit_date"] = _("Tanggal kunjungan wajib diisi.")
    elif visit_date > today:
        out.errors["visit_date"] = _("Tanggal kunjungan tidak boleh di masa depan.")
    elif birth_date is not None and visit_date < birth_date:
        out.errors["visit_date"] = _("Tanggal kunjungan sebelum tanggal lahir anak.")
    for name, value, bounds, what, unit in (
        ("weight_kg", weight_kg, WEIGHT_RANGE_KG, _("Berat badan"), "kg"),
        ("lenhei_cm", lenhei_cm, LENHEI_RANGE_CM, _("Panjang/tinggi badan"), "cm"),
        ("muac_cm", muac_cm, MUAC_RANGE_CM, _("Lingkar lengan atas"), "cm"),
        ("head_cm", head_cm, HEAD_RANGE_CM, _("Lingkar kepala"), "cm"),
    ):
        if message := _range_error(value, bounds, what, unit):
            out.errors[name] = message
    if measure not in ("", "L", "H"):
        out.errors["measure"] = _("Cara ukur harus L (berbaring) atau H (berdiri).")
    if birth_date is None or visit_date is None or "visit_date" in out.errors:
        return out
    out.age_days = (visit_date - birth_date).days
    months = months_of(out.age_days)
    if months >= MAX_AGE_MONTHS:
        out.errors["visit_date"] = _(
            "Anak sudah berumur 60 bulan atau lebih pada tanggal ini: z-score WHO tidak "
            "dihitung untuk umur ini, dan posyandu balita mencatat anak di bawah 5 tahun."
        )
        return out
    if lenhei_cm is not None and measure == "H" and months < MIN_STANDING_MONTHS:
        out.errors["measure"] = _(
            "Anak di bawah 9 bulan diukur berbaring (PB), bukan berdiri. Ubah cara ukur."
        )
    if out.errors or sex not in (1, 2):
        return out
    res = score_child(
        int(sex),  # type: ignore[arg-type]
        age_days=out.age_days,
        weight_kg=float(weight_kg) if weight_kg is not None else None,
        lenhei_cm=float(lenhei_cm) if lenhei_cm is not None else None,
        measure=measure,
        oedema=oedema,
    )
    out.z = {"zlen": res.zlen, "zwei": res.zwei, "zwfl": res.zwfl, "zbmi": res.zbmi}
    out.flags = {
        "zlen": res.flag_zlen,
        "zwei": res.flag_zwei,
        "zwfl": res.flag_zwfl,
        "zbmi": res.flag_zbmi,
    }

    def code(fn: object, value: float | None) -> str:
        return "" if value is None else str(fn([value])[0])  # type: ignore[operator]

    out.status = {
        "tbu": code(classify_tbu, res.zlen),
        "bbu": code(classify_bbu, res.zwei),
        "bbtb": code(classify_bbtb, res.zwfl),
        "imtu": code(classify_imtu, res.zbmi),
    }
    for name, flagged in out.flags.items():
        if flagged:
            low, high = FLAG_LIMITS[name]
            out.warnings.append(
                _(
                    "%(index)s z = %(z).2f di luar batas wajar WHO (%(low)g s/d %(high)g): "
                    "periksa kembali ukuran sebelum menyimpan."
                )
                % {"index": Z_NAMES[name], "z": out.z[name], "low": low, "high": high}
            )
    if oedema:
        out.notes.append(_("Edema bilateral: z-score berbasis berat badan tidak dihitung."))
    if lenhei_cm is not None and not measure:
        out.notes.append(_("Cara ukur tidak diisi: panjang/tinggi tidak disesuaikan 0,7 cm."))
    if lenhei_cm is not None and out.z["zwfl"] is None and weight_kg is not None and not oedema:
        out.notes.append(
            _("Panjang/tinggi di luar rentang tabel WHO BB/PB-BB/TB: z-score BB/TB tidak ada.")
        )
    return out
