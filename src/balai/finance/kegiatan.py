"""The link from APBDes spending to planning: the reference kegiatan list and the RKP Desa.

A spending line's kegiatan code must be in the Permendagri 20/2018 reference
list (``planning.Kegiatan``); the line is linked to the village's RKP Desa
activity of that year and kegiatan when there is exactly one.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.finance.models import ApbdesLine, Status
from balai.planning.models import RkpdesActivity
from balai.planning.selectors import kegiatan_by_code, rkpdes_activities
from balai.regions.models import Area


def check_kegiatan(code: str) -> str:
    """Return *code* when it is in the reference kegiatan list, else raise DomainError."""
    if code not in kegiatan_by_code():
        message = _("Kode kegiatan %(c)s tidak ada di daftar kegiatan Permendagri 20/2018.") % {
            "c": code
        }
        raise DomainError(message, field_errors={"kegiatan_code": [message]})
    return code


def kegiatan_name(code: str) -> str:
    """Return the reference name of kegiatan *code* ("" when unknown)."""
    found = kegiatan_by_code().get(code)
    return found.name if found else ""


def sub_bidang_names() -> dict[str, str]:
    """Return ``{sub-bidang code: name}`` of the reference list."""
    return {k.sub_bidang: k.sub_bidang_name for k in kegiatan_by_code().values()}


def rkpdes_links(village: Area | str, year: int) -> dict[str, RkpdesActivity]:
    """Return ``{kegiatan code: activity}`` for the kegiatan with exactly one RKP Desa activity."""
    code = village if isinstance(village, str) else village.code
    found: dict[str, list[RkpdesActivity]] = defaultdict(list)
    for activity in RkpdesActivity.objects.filter(village_id=code, year=year):
        found[activity.kegiatan_id].append(activity)
    return {k: v[0] for k, v in found.items() if len(v) == 1}


def enacted_activity_locks(pks: list[int]) -> dict[int, str]:
    """Return ``{activity pk: reason}`` for the RKP Desa activities an enacted APBDes budgets.

    Registered with planning (``planning.locks``): such an activity is not
    removed from the RKP Desa while a budget made law carries it.
    """
    found: dict[int, str] = {}
    for pk, year, version in ApbdesLine.objects.filter(
        rkpdes_activity_id__in=pks, apbdes__status=Status.ENACTED
    ).values_list("rkpdes_activity_id", "apbdes__year", "apbdes__version"):
        label = _("APBDes %(y)s") % {"y": year}
        if version:
            label = _("Perubahan APBDes %(y)s ke-%(v)s") % {"y": year, "v": version}
        found.setdefault(
            pk, _("Kegiatan ini dianggarkan dalam %(a)s yang sudah ditetapkan.") % {"a": label}
        )
    return found


def rkpdes_candidates(village: Area | str, year: int, kegiatan: str) -> list[RkpdesActivity]:
    """Return the RKP Desa activities a spending line of *kegiatan* may be linked to by hand.

    Exactly one activity of that kegiatan links itself (``rkpdes_links``): no
    choice. With several, the choice is among them; with none, among every
    activity of the village's RKP Desa that year. Income and financing lines
    (no kegiatan) link to nothing.
    """
    if not kegiatan:
        return []
    code = village if isinstance(village, str) else village.code
    activities = list(
        RkpdesActivity.objects.filter(village_id=code, year=year).order_by("kegiatan__order", "pk")
    )
    same = [a for a in activities if a.kegiatan_id == kegiatan]
    if len(same) == 1:
        return []
    return same or activities


__all__ = [
    "check_kegiatan",
    "enacted_activity_locks",
    "kegiatan_name",
    "rkpdes_activities",
    "rkpdes_candidates",
    "rkpdes_links",
]
